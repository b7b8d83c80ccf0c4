package dev.countersign.functions;

import static dev.countersign.testing.HandlerFixture.APPROVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.core.Decision;
import dev.countersign.core.json.Json;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.LocalSes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TimeoutHandlerTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();
    static final LocalSes ses = new LocalSes();

    HandlerFixture fixture;
    TimeoutHandler handler;

    @BeforeEach
    void wire() {
        fixture = new HandlerFixture(dynalite, ses);
        handler = fixture.timeoutHandler();
    }

    @AfterAll
    static void stopSes() {
        ses.close();
    }

    private ObjectNode input(ApprovalId id) {
        ApprovalRecord approval = fixture.approval(id);
        return Json.object().put("executionArn", approval.executionArn()).put("gate", approval.gate())
                .put("level", 1);
    }

    @Test
    void pendingLevel_endsTimedOut_withFallbackRejected_andReturnsTheDecision() {
        ApprovalId id = fixture.requestApproval(HandlerFixture.proposal());
        fixture.clock.advance(Duration.ofHours(24));

        ObjectNode output = handler.handle(input(id), "t");

        Decision decision = Decision.fromJson(output);
        assertThat(decision.outcome().wireName()).isEqualTo("TIMED_OUT");
        assertThat(decision.approved()).isFalse();
        assertThat(decision.channel().wireName()).isEqualTo("policy");
        assertThat(decision.decidedBy()).isEqualTo("countersign:timeout");
        assertThat(decision.approvalId()).isEqualTo(id.value());
        ApprovalRecord approval = fixture.approval(id);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(approval.decision().fallback().name()).isEqualTo("REJECTED");
        assertThat(fixture.trailTypes(id)).endsWith("TIMED_OUT", "FALLBACK_APPLIED");
        // The level's links stop deciding: the page says the time ran out.
        ObjectNode page = fixture.decisionHandler().handle(HandlerFixture.approve(fixture.linkSecretFor(APPROVER)),
                "r");
        assertThat(page.get("statusCode").asInt()).isEqualTo(409);
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.TIMED_OUT);
    }

    @Test
    void retry_returnsTheSameDecision_andWritesNothingMore() {
        ApprovalId id = fixture.requestApproval(HandlerFixture.proposal());
        ObjectNode first = handler.handle(input(id), "t1");
        long version = fixture.approval(id).version();

        ObjectNode again = handler.handle(input(id), "t2");

        assertThat(again).isEqualTo(first);
        assertThat(fixture.approval(id).version()).isEqualTo(version);
    }

    @Test
    void levelDecidedBeforeTheTimeout_returnsTheRecordedDecision() {
        ApprovalId id = fixture.requestApproval(HandlerFixture.proposal());
        fixture.callback.answerNext(new dev.countersign.workflow.CallbackResult.TaskClosed("TaskTimedOut", "late"));
        fixture.decisionHandler().handle(HandlerFixture.approve(fixture.linkSecretFor(APPROVER)), "r");

        ObjectNode output = handler.handle(input(id), "t");

        // The approver decided in time; the callback lost the race with the timer. The record is the authority.
        assertThat(output.get("outcome").asText()).isEqualTo("APPROVED");
        assertThat(output.get("decidedBy").asText()).isEqualTo(APPROVER);
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void unknownApproval_failsNamingTheExecutionAndTheGate() {
        String arn = HandlerFixture.newExecutionArn();

        assertThatThrownBy(() -> handler.handle(Json.object().put("executionArn", arn).put("gate", "refund-approval")
                .put("level", 1), "t"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(arn).hasMessageContaining("'refund-approval'")
                .hasMessageContaining("request step never created it");
    }

    @Test
    void malformedInput_namesTheField() {
        assertThatThrownBy(() -> handler.handle(Json.object().put("gate", "g").put("level", 1), "t"))
                .hasMessageContaining("'executionArn' is missing");
        assertThatThrownBy(() -> handler.handle(Json.object().put("executionArn", "arn:x").put("gate", "g"), "t"))
                .hasMessageContaining("'level' is missing");
    }

    @Test
    void throughTheLambdaStreamInterface_theDecisionIsWrittenAsJson() throws Exception {
        ApprovalId id = fixture.requestApproval(HandlerFixture.proposal());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(Json.write(input(id)).getBytes(StandardCharsets.UTF_8)), out,
                null);

        assertThat(Json.parse(out.toString(StandardCharsets.UTF_8)).get("outcome").asText()).isEqualTo("TIMED_OUT");
    }
}
