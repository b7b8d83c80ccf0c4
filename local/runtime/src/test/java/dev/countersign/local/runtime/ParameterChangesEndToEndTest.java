package dev.countersign.local.runtime;

import static dev.countersign.local.runtime.TestRoutingRules.LEAD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.audit.AuditEvent;
import dev.countersign.core.json.CanonicalJson;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * An approver changes a parameter the rule allows ({@code refunds-over-1000} lets the amount be lowered) before
 * approving: the workflow's IssueRefund step pays the approved amount, the Decision names the proposal as approved,
 * and the audit event records the diff. A change the rule does not allow is refused whole.
 */
class ParameterChangesEndToEndTest {
    @TempDir
    Path data;
    RuntimeUnderTest runtime;

    @BeforeEach
    void start() {
        Path rules = TestRoutingRules.write(data);
        runtime = RuntimeUnderTest.start(data.resolve("runtime"), options -> options.routingFile(rules));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private String startLargeRefund(String orderId) {
        ObjectNode order = RuntimeUnderTest.order(orderId);
        order.put("amount", new BigDecimal("1500.00"));
        order.put("orderTotal", new BigDecimal("1800.00"));
        return runtime.startRefund(order);
    }

    private HttpResponse<String> approveWith(String secret, String field, String value) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("secret", secret);
        form.put(field, value);
        form.put("comment", "Half the kettles were fine.");
        form.put("receipt", "yes");
        form.put("decision", "approve");
        return runtime.post(form);
    }

    @Test
    void anAllowedChange_reachesTheWorkflow_withTheHashOfWhatWasApproved_andTheAuditDiff() {
        String execution = startLargeRefund("ORD-M1");
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(LEAD));
        Document page = Jsoup.parse(runtime.get(link).body());
        // The page offers exactly the rule's modifiable parameter, with its proposed value.
        assertThat(page.select("input[name^=modify:]").eachAttr("name")).containsExactly("modify:amount");
        assertThat(page.select("input[name=modify:amount]").attr("value")).isEqualTo("1500.00");
        // The bounds are stated under the field, in the proposal's currency.
        assertThat(page.select("#modify-0-hint").text()).contains("From EUR 0.01 to EUR 1,500.00 (the proposed"
                + " value); at most 2 decimals.");

        HttpResponse<String> approved = approveWith(RuntimeUnderTest.secretOf(link), "modify:amount", "1200.00");
        runtime.idle();

        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(RuntimeUnderTest.text(approved.body())).contains("Parameters you changed",
                "EUR 1,500.00 → EUR 1,200.00");
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = runtime.output(execution);
        // The IssueRefund step sees the approved amount, not the proposed one.
        assertThat(output.at("/result/refund/amount").decimalValue()).isEqualByComparingTo("1200");
        assertThat(output.at("/decision/modifications/amount").decimalValue()).isEqualByComparingTo("1200");
        ObjectNode asApproved = (ObjectNode) output.at("/agent/proposal").deepCopy();
        ((ObjectNode) asApproved.at("/action/params")).set("amount", output.at("/decision/modifications/amount"));
        // The Decision names the proposal that was approved (the changes applied), not the one proposed.
        assertThat(output.at("/decision/proposalHash").asText()).isEqualTo(CanonicalJson.sha256Hex(asApproved))
                .isNotEqualTo(CanonicalJson.sha256Hex(output.at("/agent/proposal")));
        AuditEvent event = runtime.store.auditTrail(runtime.approval(execution).approvalId()).stream()
                .filter(e -> e.type().equals("APPROVED")).findFirst().orElseThrow();
        assertThat(event.details().at("/changes/0/param").asText()).isEqualTo("amount");
        assertThat(event.details().at("/changes/0/from").decimalValue()).isEqualByComparingTo("1500");
        assertThat(event.details().at("/changes/0/to").decimalValue()).isEqualByComparingTo("1200");
        assertThat(event.details().get("proposalHash").asText())
                .isEqualTo(output.at("/decision/proposalHash").asText());
        assertThat(runtime.emailsTo(LEAD)).extracting(m -> m.subject())
                .anySatisfy(s -> assertThat(s).startsWith("Recorded: you approved"));
    }

    /** A large refund whose review page the lead has opened: its execution, link secret and trail length. */
    private record Opened(String execution, String secret, int trail) {
    }

    private Opened openLargeRefund(String orderId) {
        String execution = startLargeRefund(orderId);
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(LEAD));
        runtime.get(link);
        return new Opened(execution, RuntimeUnderTest.secretOf(link), runtime.approval(execution).auditTrail().size());
    }

    /** Nothing about the approval changed: still pending, no verdict, no callback, the same trail. */
    private void assertNothingRecorded(String execution, int trailBefore) {
        assertThat(runtime.approval(execution).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(runtime.approval(execution).auditTrail()).hasSize(trailBefore);
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).isZero();
    }

    @Test
    void raisingTheAmount_orMakingItNegative_isRefusedWithTheBound_andNothingIsRecorded() {
        Opened opened = openLargeRefund("ORD-M4");

        HttpResponse<String> raised = approveWith(opened.secret(), "modify:amount", "5000000");
        HttpResponse<String> negative = approveWith(opened.secret(), "modify:amount", "-100");
        runtime.idle();

        assertThat(raised.statusCode()).isEqualTo(422);
        assertThat(RuntimeUnderTest.text(raised.body())).contains("Nothing was recorded",
                "'amount' may be at most EUR 1,500.00, the proposed value; you entered EUR 5,000,000.00.");
        assertThat(negative.statusCode()).isEqualTo(422);
        assertThat(RuntimeUnderTest.text(negative.body())).contains("Nothing was recorded",
                "'amount' may be no less than EUR 0.01; you entered EUR -100.00.");
        // The title says so too: a screen reader and a glance at the tab both learn it.
        assertThat(Jsoup.parse(raised.body()).title()).startsWith("Error: ");
        assertNothingRecorded(opened.execution(), opened.trail());
    }

    @Test
    void aNumberTooLongToHoldExactly_isRefused_notRounded() {
        Opened opened = openLargeRefund("ORD-M5");

        HttpResponse<String> refused = approveWith(opened.secret(), "modify:amount", "12345678901234567");
        runtime.idle();

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(RuntimeUnderTest.text(refused.body())).contains("'amount' has more digits than a JSON number"
                + " holds exactly: 12345678901234567 would be recorded as 12345678901234568");
        assertNothingRecorded(opened.execution(), opened.trail());
    }

    @Test
    void aChangeThatAnotherRuleWouldRoute_isRefused_namingThatRule_andNothingIsRecorded() {
        // 900 is within the bounds (0.01 up to 1,500), but under 1,000 the default rule routes refunds.
        Opened opened = openLargeRefund("ORD-M6");

        HttpResponse<String> refused = approveWith(opened.secret(), "modify:amount", "900");
        runtime.idle();

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(RuntimeUnderTest.text(refused.body())).contains("Your change would send this request to other"
                + " approvers", "with your change the request would fall under the routing rule 'default' (asking"
                + " approver@example.com), not 'refunds-over-1000', under which you were asked");
        assertNothingRecorded(opened.execution(), opened.trail());
    }

    @Test
    void aChangeTheSameRuleStillRoutes_isApproved_andRecordsTheRuleItWasRoutedBy() {
        String execution = startLargeRefund("ORD-M7");
        String secret = RuntimeUnderTest.secretOf(RuntimeUnderTest.reviewLink(runtime.requestEmail(LEAD)));

        HttpResponse<String> approved = approveWith(secret, "modify:amount", "1000.01");
        runtime.idle();

        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(runtime.output(execution).at("/result/refund/amount").decimalValue())
                .isEqualByComparingTo("1000.01");
    }

    @Test
    void aChangeOutsideTheAllowedParameters_isRefused_andNothingIsDecided() {
        String execution = startLargeRefund("ORD-M2");
        String secret = RuntimeUnderTest.secretOf(RuntimeUnderTest.reviewLink(runtime.requestEmail(LEAD)));

        HttpResponse<String> refused = approveWith(secret, "modify:currency", "USD");
        runtime.idle();

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(RuntimeUnderTest.text(refused.body())).contains("may not be changed", "'currency'",
                "only amount may be changed", "Nothing was recorded");
        assertThat(runtime.approval(execution).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).isZero();
        assertThat(runtime.auditTypes(runtime.approval(execution))).doesNotContain("APPROVED");
    }

    @Test
    void anyChange_isRefused_whereTheRuleAllowsNone() {
        // Refunds under 1,000 take the default rule, which lets nothing be changed: no field is offered.
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-M3"));
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(RuntimeUnderTest.APPROVER));
        assertThat(Jsoup.parse(runtime.get(link).body()).select("input[name^=modify:]")).isEmpty();

        HttpResponse<String> refused = approveWith(RuntimeUnderTest.secretOf(link), "modify:amount", "1.00");
        runtime.idle();

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(RuntimeUnderTest.text(refused.body())).contains("no parameter of this request may be changed");
        assertThat(runtime.approval(execution).status()).isEqualTo(ApprovalStatus.PENDING);
    }
}
