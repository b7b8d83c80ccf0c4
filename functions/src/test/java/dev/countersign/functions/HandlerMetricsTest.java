package dev.countersign.functions;

import static dev.countersign.testing.HandlerFixture.APPROVER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.core.json.Json;
import dev.countersign.local.ses.SesFailure;
import dev.countersign.routing.Fallback;
import dev.countersign.routing.Quorum;
import dev.countersign.routing.Route;
import dev.countersign.routing.RouteLevel;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.LocalSes;
import dev.countersign.workflow.CallbackResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The EMF metrics the stack's alarms and dashboard read: each is written where its event happens, once. */
class HandlerMetricsTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();
    static final LocalSes ses = new LocalSes();

    HandlerFixture fixture;

    @BeforeEach
    void wire() {
        fixture = new HandlerFixture(dynalite, ses);
        fixture.clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @AfterAll
    static void stopSes() {
        ses.close();
    }

    /** The values written for {@code metric}, in order. */
    private List<Double> values(Metric metric) {
        return fixture.logLines().stream().map(Json::parse).filter(line -> line.has("_aws"))
                .filter(line -> line.has(metric.metricName())).map(line -> line.get(metric.metricName()).asDouble())
                .toList();
    }

    @Test
    void anApprovalDecidedAfterTenMinutes_opensOnce_closesOnce_andTakesSixHundredSeconds() {
        String arn = HandlerFixture.newExecutionArn();
        fixture.requestHandler().handle(fixture.requestPayload(arn, HandlerFixture.proposal()), "r1");
        // A retried request (same execution and gate) opens nothing new.
        fixture.requestHandler().handle(fixture.requestPayload(arn, HandlerFixture.proposal()), "r2");
        fixture.clock.advance(Duration.ofMinutes(10));

        fixture.decisionHandler().handle(HandlerFixture.approve(fixture.linkSecretFor(APPROVER)), "d1");

        assertThat(values(Metric.APPROVALS_OPENED)).containsExactly(1.0);
        assertThat(values(Metric.APPROVALS_CLOSED)).containsExactly(1.0);
        assertThat(values(Metric.TIME_TO_DECISION)).containsExactly(600.0);
        assertThat(values(Metric.CALLBACKS_UNDELIVERED)).isEmpty();
    }

    @Test
    void aDecisionTheWorkflowCannotTakeYet_countsAsUndelivered_andNotAsClosed() {
        String arn = HandlerFixture.newExecutionArn();
        fixture.requestHandler().handle(fixture.requestPayload(arn, HandlerFixture.proposal()), "r1");
        fixture.callback.answerNext(new CallbackResult.Unavailable("ThrottlingException", "Rate exceeded", 3));

        fixture.decisionHandler().handle(HandlerFixture.approve(fixture.linkSecretFor(APPROVER)), "d1");

        assertThat(values(Metric.CALLBACKS_UNDELIVERED)).containsExactly(1.0);
        assertThat(values(Metric.APPROVALS_CLOSED)).isEmpty();
    }

    @Test
    void noApproverReachable_countsANotificationFailure_andClosesTheApproval() {
        ses.endpoint().failNextSends(4, SesFailure.INTERNAL);
        String arn = HandlerFixture.newExecutionArn();

        fixture.requestHandler().handle(fixture.requestPayload(arn,
                HandlerFixture.proposalFor("down-" + UUID.randomUUID() + "@shop.example")), "r");

        assertThat(values(Metric.NOTIFICATION_FAILURES)).containsExactly(1.0);
        assertThat(values(Metric.APPROVALS_CLOSED)).containsExactly(1.0);
    }

    @Test
    void aLevelThatTimesOut_countsOneEscalation_andTheExhaustedChainClosesTheApproval() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Route route = Route.start("two-levels", Quorum.ONE, List.of(), Fallback.REJECTED, List.of(),
                List.of(new RouteLevel(1, List.of("lead-" + run + "@shop.example"), List.of(), 3600, 0),
                        new RouteLevel(2, List.of("cfo-" + run + "@shop.example"), List.of(), 3600, 0)));
        String arn = HandlerFixture.newExecutionArn();
        fixture.requestHandler().handle(fixture.routedPayload(arn, HandlerFixture.proposal(), route), "r1");
        fixture.clock.advance(Duration.ofSeconds(3600));
        Route levelTwo = Route.fromJson(fixture.escalateHandler().handle(HandlerFixture.escalateInput(arn, route),
                "e1"));
        fixture.requestHandler().handle(fixture.routedPayload(arn, HandlerFixture.proposal(), levelTwo), "r2");
        fixture.clock.advance(Duration.ofSeconds(3600));

        JsonNode ended = fixture.escalateHandler().handle(HandlerFixture.escalateInput(arn, levelTwo), "e2");

        assertThat(ended).isNotNull();
        assertThat(values(Metric.ESCALATIONS)).containsExactly(1.0);
        assertThat(values(Metric.APPROVALS_OPENED)).containsExactly(1.0);
        assertThat(values(Metric.APPROVALS_CLOSED)).containsExactly(1.0);
        assertThat(fixture.approval(HandlerFixture.approvalId(arn)).status().name()).isEqualTo("TIMED_OUT");
    }
}
