package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Irreversible: erasing a customer's data needs both named people (the rules' {@code deletes} rule); one approval
 * waits, both erase and record who approved, a rejection erases nothing, and nobody answering fails the workflow
 * (fallback FAILED) rather than erase or quietly drop the request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataErasureWorkflowEndToEndTest {
    static final String WORKFLOW = "customer-data-erasure-workflow";
    static final String GATE = "erasure-approval";
    static final String OPS = "ops.lead@shop.example";
    static final String SECURITY = "security.lead@shop.example";

    @TempDir
    static Path data;
    UseCaseRuntime use;

    @BeforeAll
    void start() {
        use = UseCaseRuntime.start(data);
    }

    @AfterAll
    void stop() {
        use.close();
    }

    private static String request(String customerId) {
        return "{\"customerId\": \"" + customerId + "\", \"email\": \"jo@customer.example\", \"requestedAt\":"
                + " \"2026-12-01\", \"systems\": [\"orders\", \"crm\"], \"requester\": {\"email\":"
                + " \"privacy.desk@shop.example\"}}";
    }

    @Test
    void bothApprove_erasesAndRecordsBothApprovers_oneApprovalAloneWaits() {
        String execution = use.start(WORKFLOW, request("C-1"));

        use.decide(use.secret(OPS, "C-1"), "approve", "Verified the request.");
        assertThat(use.status(execution)).as("one of two").isEqualTo(ExecutionStatus.RUNNING);
        assertThat(use.runtime.exampleRecords()).doesNotContainKey("erasure/C-1");
        use.decide(use.secret(SECURITY, "C-1"), "approve", "");

        assertThat(use.status(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode erased = use.record("erasure/C-1");
        assertThat(erased.path("status").asText()).isEqualTo("ERASED");
        assertThat(erased.path("erased")).extracting(JsonNode::asText).containsExactly("orders", "crm");
        assertThat(erased.path("approvedBy")).extracting(JsonNode::asText).containsExactly(OPS, SECURITY);
    }

    @Test
    void oneRejection_erasesNothing_andHandsTheRequestToThePrivacyTeam() {
        String execution = use.start(WORKFLOW, request("C-2"));

        use.decide(use.secret(SECURITY, "C-2"), "reject", "Open chargeback: keep the data.");

        assertThat(use.status(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(use.statesEntered(execution)).contains("DeclineErasure").doesNotContain("EraseCustomerData");
        assertThat(use.record("erasure-declined/C-2").path("notice").asText()).contains("was not erased");
        assertThat(use.runtime.exampleRecords()).doesNotContainKey("erasure/C-2");
    }

    @Test
    void nobodyAnsweringInEightHours_failsTheWorkflow_andErasesNothing() {
        String execution = use.start(WORKFLOW, request("C-3"));

        use.advance(Duration.ofHours(8));

        assertThat(use.status(execution)).isEqualTo(ExecutionStatus.FAILED);
        assertThat(use.runtime.describe(execution).error()).isEqualTo("Countersign.NoDecision");
        assertThat(use.approval(execution, GATE).status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(use.runtime.exampleRecords()).doesNotContainKeys("erasure/C-3", "erasure-declined/C-3");
    }
}
