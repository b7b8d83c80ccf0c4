package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Money: the payout example ({@code payout-workflow}) under the project's rules — the finance leads decide (Kim is
 * away, so Pat is asked), the amount may be lowered, and nobody answering within both levels holds the payout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayoutWorkflowEndToEndTest {
    static final String WORKFLOW = "payout-workflow";
    static final String GATE = "payout-approval";
    static final String LEE = "lee.finance@shop.example";
    static final String PAT = "pat.finance@shop.example";
    static final String CFO = "cfo@shop.example";

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

    private static String invoice(String id) {
        return "{\"invoiceId\": \"" + id + "\", \"payee\": {\"id\": \"SUP-118\", \"name\": \"Northwind Ceramics\"},"
                + " \"amount\": 4250.00, \"currency\": \"EUR\", \"dueDate\": \"2026-12-15\", \"purchaseOrder\":"
                + " \"PO-7731\", \"goodsReceived\": true, \"requester\": {\"email\": \"ap.clerk@shop.example\"}}";
    }

    @Test
    void approved_withALowerAmount_sendsThePayoutOfTheApprovedAmount_andRecordsIt() {
        String execution = use.start(WORKFLOW, invoice("INV-1"));
        assertThat(use.emailsTo(PAT)).as("Kim is away: her delegate is asked").hasSize(1);

        use.runtime.approveWithChanges(use.secret(LEE, "INV-1"), "Pay the agreed 4,000.", Map.of("amount", "4000"));
        use.runtime.idle();

        assertThat(use.status(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(use.statesEntered(execution)).contains("SendPayout", "RecordPayout").doesNotContain("HoldPayout");
        JsonNode payout = use.record("payout/INV-1");
        assertThat(payout.path("status").asText()).isEqualTo("SENT");
        assertThat(payout.path("amount").decimalValue()).isEqualByComparingTo("4000");
        assertThat(payout.path("approvedBy").asText()).isEqualTo(LEE);
        assertThat(use.auditTypes(execution, GATE)).contains("ROUTED", "APPROVED", "CALLBACK_DELIVERED");
    }

    @Test
    void rejected_paysNothing_andHoldsTheInvoiceForAccountsPayable() {
        String execution = use.start(WORKFLOW, invoice("INV-2"));

        use.decide(use.secret(PAT, "INV-2"), "reject", "Duplicate of INV-2290.");

        assertThat(use.status(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(use.statesEntered(execution)).contains("HoldPayout").doesNotContain("SendPayout");
        JsonNode held = use.record("payout-held/INV-2");
        assertThat(held.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(held.path("notice").asText()).contains("not paid").contains("Duplicate of INV-2290");
        assertThat(use.runtime.exampleRecords()).doesNotContainKey("payout/INV-2");
    }

    @Test
    void nobodyAnswering_escalatesToTheCfo_thenHoldsThePayout() {
        String execution = use.start(WORKFLOW, invoice("INV-3"));

        use.advance(Duration.ofHours(4));
        assertThat(use.runtime.countStartingWith(CFO, "Escalated to you")).isEqualTo(1);
        use.advance(Duration.ofHours(8));

        assertThat(use.status(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(use.approval(execution, GATE).status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(use.record("payout-held/INV-3").path("notice").asText()).contains("nobody approved it in time");
        assertThat(use.runtime.exampleRecords()).doesNotContainKey("payout/INV-3");
    }
}
