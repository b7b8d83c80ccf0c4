package dev.countersign.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.CallbackState;
import dev.countersign.approval.DecideResult;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AuditEvent;
import dev.countersign.core.Channel;
import dev.countersign.core.json.Json;
import dev.countersign.functions.review.StrandedDecisions;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.LocalSes;
import dev.countersign.testing.RecordingWorkflowCallback;
import dev.countersign.workflow.CallbackResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The redelivery sweep: a decision recorded by a decision function that died (or timed out) before handing it over
 * reaches its workflow without anyone clicking again, once, and never while the function that recorded it may still
 * be delivering it.
 */
class RedeliverDecisionsHandlerTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();
    static final LocalSes ses = new LocalSes();
    private static final String APPROVER = HandlerFixture.APPROVER;

    HandlerFixture fixture;
    RedeliverDecisionsHandler handler;
    /** Past the window in which the decision function that recorded a decision may still be delivering it. */
    Duration pastTheWindow;

    @BeforeEach
    void wire() {
        fixture = new HandlerFixture(dynalite, ses);
        handler = new RedeliverDecisionsHandler(fixture.dependencies());
        pastTheWindow = new StrandedDecisions(fixture.dependencies(), "test").deliveryWindow().plusSeconds(1);
        // Other tests of this class share the table: hand their leftovers over first.
        fixture.clock.advance(pastTheWindow);
        handler.handle(null, "flush", () -> Long.MAX_VALUE);
    }

    @AfterAll
    static void stopSes() {
        ses.close();
    }

    /** A decision a decision function recorded and then died before SendTaskSuccess. */
    private ApprovalId stranded(Verdict verdict) {
        ApprovalId id = fixture.requestApproval(HandlerFixture.proposal());
        assertThat(fixture.store.decide(new DecisionRequest(id, 1, APPROVER, verdict,
                verdict == Verdict.REJECT ? "no" : null, Channel.EMAIL_LINK, null)))
                .isInstanceOf(DecideResult.Decided.class);
        return id;
    }

    private List<RecordingWorkflowCallback.Call> sentFor(ApprovalId id) {
        return fixture.callback.successes().stream()
                .filter(c -> c.output().path("approvalId").asText().equals(id.value())).toList();
    }

    @Test
    void aRecordedDecisionNeverHandedOver_reachesItsWorkflowWithoutAClick_once() {
        ApprovalId id = stranded(Verdict.REJECT);
        fixture.clock.advance(pastTheWindow);

        StrandedDecisions.Sweep first = handler.handle(null, "r1", () -> Long.MAX_VALUE);
        StrandedDecisions.Sweep second = handler.handle(null, "r2", () -> Long.MAX_VALUE);

        assertThat(first.delivered()).isEqualTo(1);
        assertThat(second.handedOver()).isZero();
        assertThat(sentFor(id)).singleElement().satisfies(call -> {
            assertThat(call.output().get("outcome").asText()).isEqualTo("REJECTED");
            assertThat(call.output().get("comment").asText()).isEqualTo("no");
        });
        assertThat(fixture.trailTypes(id)).endsWith("REJECTED", "CALLBACK_DELIVERED");
        AuditEvent delivered = fixture.approval(id).auditTrail().get(fixture.approval(id).auditTrail().size() - 1);
        assertThat(delivered.actor()).isEqualTo(RedeliverDecisionsHandler.ACTOR);
        assertThat(fixture.logLines()).filteredOn(l -> l.contains("\"message\":\"stranded decisions handed over\"")
                && l.contains("\"requestId\":\"r1\"")).singleElement().asString()
                .contains("\"delivered\":1", "\"stoppedBy\":\"NOTHING_LEFT\"");
        assertThat(fixture.logLines()).filteredOn(l -> l.contains("\"requestId\":\"r1\"")
                && l.contains("\"DecisionsRedelivered\"")).hasSize(1);
    }

    @Test
    void aDecisionStillWithinItsDeliveryWindow_isLeftToTheFunctionDeliveringIt() {
        ApprovalId id = stranded(Verdict.APPROVE);

        StrandedDecisions.Sweep early = handler.handle(null, "r1", () -> Long.MAX_VALUE);
        assertThat(early.tooRecent()).isEqualTo(1);
        assertThat(sentFor(id)).isEmpty();

        // The callback's retry window plus a margin later, nobody can be delivering it any more.
        fixture.clock.advance(pastTheWindow);
        assertThat(handler.handle(null, "r2", () -> Long.MAX_VALUE).delivered()).isEqualTo(1);
        assertThat(sentFor(id)).hasSize(1);
        // At start-up after a crash nothing else can be delivering: minAgeSeconds 0 takes even a fresh one.
        ApprovalId fresh = stranded(Verdict.APPROVE);
        assertThat(handler.handle(Json.object().put("minAgeSeconds", 0), "r3", () -> Long.MAX_VALUE).delivered())
                .isEqualTo(1);
        assertThat(sentFor(fresh)).hasSize(1);
    }

    @Test
    void aWorkflowServiceThatIsDown_keepsTheDecisionListed_recordsTheFailureOnce_andTheNextSweepDelivers() {
        ApprovalId id = stranded(Verdict.APPROVE);
        fixture.clock.advance(pastTheWindow);
        CallbackResult down = new CallbackResult.Unavailable("ServiceUnavailable", "try later", 3);
        fixture.callback.answerNext(down, down);

        assertThat(handler.handle(null, "r1", () -> Long.MAX_VALUE).pending()).isEqualTo(1);
        assertThat(handler.handle(null, "r2", () -> Long.MAX_VALUE).pending()).isEqualTo(1);
        assertThat(fixture.approval(id).callbackState(1)).isEqualTo(CallbackState.AWAITED);
        assertThat(fixture.trailTypes(id).stream().filter("CALLBACK_FAILED"::equals)).as("recorded once").hasSize(1);

        assertThat(handler.handle(null, "r3", () -> Long.MAX_VALUE).delivered()).isEqualTo(1);
        assertThat(fixture.trailTypes(id)).endsWith("APPROVED", "CALLBACK_FAILED", "CALLBACK_DELIVERED");
    }

    @Test
    void aTaskThatNoLongerWaits_settlesTheLevel_andTheDecisionIsNotSentAgain() {
        ApprovalId id = stranded(Verdict.APPROVE);
        fixture.clock.advance(pastTheWindow);
        fixture.callback.answerNext(new CallbackResult.TaskUnknown("TaskDoesNotExist", "no such task"));

        assertThat(handler.handle(null, "r1", () -> Long.MAX_VALUE).ended()).isEqualTo(1);
        assertThat(handler.handle(null, "r2", () -> Long.MAX_VALUE).handedOver()).isZero();
        assertThat(fixture.approval(id).callbackState(1)).isEqualTo(CallbackState.TASK_GONE);
        assertThat(sentFor(id)).hasSize(1);
    }

    @Test
    void moreStrandedDecisionsThanAreHandedOverAtOnce_eachReachesItsWorkflowExactlyOnce() {
        List<ApprovalId> ids = new ArrayList<>();
        for (int i = 0; i < StrandedDecisions.PARALLEL * 2 + 3; i++) {
            ids.add(stranded(i % 3 == 0 ? Verdict.REJECT : Verdict.APPROVE));
        }
        fixture.clock.advance(pastTheWindow);

        StrandedDecisions.Sweep sweep = handler.handle(null, "r", () -> Long.MAX_VALUE);

        assertThat(sweep.delivered()).isEqualTo(ids.size());
        assertThat(sweep.stoppedBy()).isEqualTo(StrandedDecisions.Stop.NOTHING_LEFT);
        for (ApprovalId id : ids) {
            assertThat(sentFor(id)).as("callbacks sent for %s", id).hasSize(1);
            assertThat(fixture.store.get(id).orElseThrow().awaitsCallback()).isFalse();
        }
        assertThat(handler.handle(null, "again", () -> Long.MAX_VALUE).handedOver()).isZero();
    }

    @Test
    void theSweepStopsBetweenDecisions_whenTheInvocationRunsOutOfTime_andAtMax() {
        stranded(Verdict.APPROVE);
        stranded(Verdict.APPROVE);
        fixture.clock.advance(pastTheWindow);

        StrandedDecisions.Sweep noTime = handler.handle(null, "r1", () -> 1_000);
        StrandedDecisions.Sweep one = handler.handle(Json.object().put("max", 1), "r2", () -> Long.MAX_VALUE);
        StrandedDecisions.Sweep rest = handler.handle(null, "r3", () -> Long.MAX_VALUE);

        assertThat(noTime.stoppedBy()).isEqualTo(StrandedDecisions.Stop.TIME_RUNNING_OUT);
        assertThat(noTime.handedOver()).isZero();
        assertThat(one.stoppedBy()).isEqualTo(StrandedDecisions.Stop.MAX_REACHED);
        assertThat(one.delivered()).isEqualTo(1);
        assertThat(rest.delivered()).isEqualTo(1);
        assertThat(rest.stoppedBy()).isEqualTo(StrandedDecisions.Stop.NOTHING_LEFT);
    }

    @Test
    void aBadInput_isRefusedNamingTheFieldAndWhatToPass() {
        assertThatThrownBy(() -> handler.handle(Json.object().put("max", 0), "r", () -> Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the redelivery function's input field 'max' is 0, not a whole number from 1 to 10000:"
                        + " pass e.g. {\"max\": 200}, or leave it out for 200");
        assertThatThrownBy(() -> handler.handle(Json.object().put("minAgeSeconds", "soon"), "r",
                () -> Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'minAgeSeconds' is \"soon\"");
    }

    @Test
    void throughTheLambdaStreamInterface_aScheduledEventInAndTheCountsOut() throws Exception {
        stranded(Verdict.APPROVE);
        fixture.clock.advance(pastTheWindow);
        String scheduled = "{\"version\":\"0\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"detail\":{}}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(scheduled.getBytes(StandardCharsets.UTF_8)), out, null);

        JsonNode answer = Json.parse(out.toString(StandardCharsets.UTF_8));
        assertThat(answer.get("delivered").asInt()).isEqualTo(1);
        assertThat(answer.get("pending").asInt()).isZero();
    }
}
