package dev.countersign.functions;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whole flows with everything logged captured: no line may carry a task token or a raw link secret. */
class SecretsNeverLoggedTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();
    static final LocalSes ses = new LocalSes();

    @AfterAll
    static void stopSes() {
        ses.close();
    }

    @Test
    void requestViewRejectRetryAndApprove_logNeitherTokensNorSecrets_inJsonLines() {
        HandlerFixture fixture = new HandlerFixture(dynalite, ses);
        List<String> secrets = new ArrayList<>();
        DecisionHandler decisions = fixture.decisionHandler();

        // Approval 1: a failing email first, the page, a refused POST, a rejection.
        ses.endpoint().failNextSends(1, SesFailure.THROTTLED);
        ApprovalId first = fixture.requestApproval(HandlerFixture.proposalFor("ann@shop.example"));
        String ann = fixture.linkSecretFor("ann@shop.example");
        secrets.add(ann);
        decisions.handle(HandlerFixture.get(ann), "g1");
        decisions.handle(HandlerFixture.head(ann), "h1");
        decisions.handle(HandlerFixture.reject(ann, ""), "p0");
        decisions.handle(HandlerFixture.reject(ann, "Not our customer."), "p1");
        decisions.handle(HandlerFixture.approve(ann), "p2");

        // Approval 2: an unavailable workflow, then a late re-send, then a tampered link.
        ApprovalId second = fixture.requestApproval(HandlerFixture.proposalFor("bob@shop.example"));
        String bob = fixture.linkSecretFor("bob@shop.example");
        secrets.add(bob);
        fixture.callback.answerNext(new CallbackResult.Unavailable("ServiceUnavailable", "down", 3));
        decisions.handle(HandlerFixture.approve(bob), "p3");
        fixture.clock.advance(java.time.Duration.ofMinutes(5));
        decisions.handle(HandlerFixture.approve(bob), "p4");
        decisions.handle(HandlerFixture.get(bob.substring(0, 42) + "x"), "g2");

        // An invalid proposal (the token goes into SendTaskFailure, never into a log line).
        var invalid = HandlerFixture.proposal();
        invalid.remove("reasoning");
        fixture.requestHandler().handle(fixture.requestPayload(HandlerFixture.newExecutionArn(), invalid), "r9");
        // A routed approval whose only level runs out: the Escalate step times it out and applies the fallback.
        String routedArn = HandlerFixture.newExecutionArn();
        Route route = Route.start("secrets-rule", Quorum.ONE, List.of(), Fallback.REJECTED, List.of(),
                List.of(new RouteLevel(1, List.of("cy@shop.example"), List.of(), 600, 0)));
        fixture.requestHandler().handle(fixture.routedPayload(routedArn, HandlerFixture.proposalFor("cy@shop.example"),
                route), "r10");
        secrets.add(fixture.linkSecretFor("cy@shop.example"));
        fixture.escalateHandler().handle(HandlerFixture.escalateInput(routedArn, route), "t1");

        List<String> lines = fixture.logLines();
        assertThat(lines).hasSizeGreaterThan(10);
        assertThat(fixture.callback.calls()).hasSizeGreaterThanOrEqualTo(3);
        for (String line : lines) {
            JsonNode json = Json.parse(line);
            assertThat(json.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(json.get("level").asText()).isIn("INFO", "WARN", "ERROR");
            assertThat(json.get("message").asText()).isNotBlank();
            for (String token : fixture.tokensHandedOut()) {
                assertThat(line).doesNotContain(token).doesNotContain(token.substring(0, 40));
            }
            for (String secret : secrets) {
                assertThat(line).doesNotContain(secret);
            }
            assertThat(line).doesNotContain("/review/");
        }
        assertThat(fixture.approval(second).status().name()).isEqualTo("APPROVED");
    }
}
