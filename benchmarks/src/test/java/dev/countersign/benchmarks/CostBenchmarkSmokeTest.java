package dev.countersign.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.runtime.CountersignLocal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the cost harness once per path: every path of both workflows must complete and be priced. No timing. */
class CostBenchmarkSmokeTest {
    @TempDir
    Path work;

    @Test
    void harness_pricesEveryPathOfEveryWorkflow_withTheReceiptBoxUnticked() throws Exception {
        String text = run(false, CostBenchmark.WORKFLOWS);

        assertThat(text).contains("workflow approval-gate — the gate on its own (per approval, mean over runs)")
                .contains("workflow refund-workflow — the gate as a fragment (per approval, mean over runs)")
                .contains("workflow refund-workflow-nested — the refund example with the gate as a nested workflow")
                .contains("workflow payout-workflow — money: a supplier payout")
                .contains("workflow publish-workflow — publishing:")
                .contains("workflow customer-reply-workflow — customer message:")
                .contains("workflow customer-data-erasure-workflow — irreversible:")
                .contains("approve path, all cold, $/1k by part: Step Functions ")
                .contains("no approver asks for a receipt");
        // A path whose execution did not end as designed aborts the harness: three rows per workflow, three runs.
        assertThat(rows(text, "approve|reject|timeout")).hasSize(3 * CostBenchmark.WORKFLOWS.size());
        // The nested form is billed for both executions: its caller's Task on top of the gate's own transitions.
        List<String> approve = rows(text, "approve");
        assertThat(Double.parseDouble(transitions(approve.get(2))))
                .isEqualTo(Double.parseDouble(transitions(approve.get(1))) + 1);
        // The default models the form as served: one email per decided approval, the request (the first three
        // workflows take the default rule, one approver).
        assertThat(rows(text, "approve|reject").subList(0, 6)).extracting(CostBenchmarkSmokeTest::emails)
                .containsOnly("1.0");
        // Publishing asks three editors to edit, then three to sign off: more than one approval's transitions.
        List<String> publish = rows(text.substring(text.indexOf("workflow publish-workflow")), "approve");
        assertThat(Double.parseDouble(transitions(publish.get(0))))
                .isGreaterThan(Double.parseDouble(transitions(approve.get(1))));
        // Custom events are priced too: the workflow's "Approval Decided" plus at least one audit anchor.
        assertThat(rows(text, "approve|reject|timeout")).extracting(CostBenchmarkSmokeTest::events)
                .allSatisfy(events -> assertThat(Double.parseDouble(events)).isGreaterThanOrEqualTo(2.0));
        assertThat(text).contains("EventBridge $1.00/M custom events").contains(", EventBridge ");
    }

    @Test
    void harness_pricesTheKeyReadsAtColdStart_theTraces_andTheLogs() throws Exception {
        String text = run(false, CostBenchmark.WORKFLOWS.subList(0, 3)); // the gate, the refund, the nested refund

        assertThat(text).contains("Secrets Manager $0.05/10k calls").contains("X-Ray $5.00/M traces recorded")
                .contains("CloudWatch Logs $0.50/GB ingested")
                .containsPattern("Secrets Manager [0-9.]+, X-Ray [0-9.]+, CloudWatch Logs [0-9.]+");
        List<String> approve = rows(text, "approve");
        // The gate's approve path: the request function, then the decision function's GET and POST read the key
        // when each starts cold; one trace for the execution and one per HTTP request.
        assertThat(column(approve.get(0), 10)).isEqualTo("3.0");
        assertThat(column(approve.get(0), 11)).isEqualTo("3.0");
        // The nested form runs two executions, each its own trace.
        assertThat(column(approve.get(2), 11)).isEqualTo("4.0");
        // The timeout path has no HTTP request: a trace per execution; its escalate and request invocations read
        // the key.
        assertThat(rows(text, "timeout")).extracting(row -> column(row, 11)).containsExactly("1.0", "1.0", "2.0");
        assertThat(rows(text, "timeout")).extracting(row -> Double.parseDouble(column(row, 10)))
                .allSatisfy(reads -> assertThat(reads).isGreaterThanOrEqualTo(3.0));
        // What the handlers log is counted on top of the assumed sizes of the services' own lines.
        assertThat(rows(text, "approve|reject|timeout")).allSatisfy(row -> assertThat(
                Double.parseDouble(column(row, 12)) * 1000).isGreaterThan(
                Double.parseDouble(column(row, 3)) * CostBenchmark.PLATFORM_LOG_BYTES_PER_INVOCATION
                        + Double.parseDouble(column(row, 2)) * CostBenchmark.STATES_LOG_BYTES_PER_EVENT
                        + Double.parseDouble(column(row, 8)) * CostBenchmark.ACCESS_LOG_BYTES_PER_REQUEST + 500));
    }

    @Test
    void harness_withReceipts_ticksTheBox_andCountsTheReceiptEmail() throws Exception {
        String text = run(true, List.of(CountersignLocal.GATE_WORKFLOW, CountersignLocal.REFUND_WORKFLOW,
                CostBenchmark.NESTED_WORKFLOW));

        assertThat(text).contains("every approver asks for a receipt (--receipts)");
        assertThat(rows(text, "approve|reject")).hasSize(6).extracting(CostBenchmarkSmokeTest::emails)
                .containsOnly("2.0");
    }

    private String run(boolean receipts, List<String> workflows) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            new CostBenchmark(1, 1769, 1.0, receipts, out, workflows).run(work);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static List<String> rows(String text, String paths) {
        return text.lines().filter(l -> l.matches("\\s+(" + paths + ")\\s+\\d.*")).toList();
    }

    private static String column(String row, int index) {
        return row.trim().split("\\s+")[index];
    }

    private static String transitions(String row) {
        return row.trim().split("\\s+")[1];
    }

    /** The events column of a path's row (after emails and http). */
    private static String events(String row) {
        return row.trim().split("\\s+")[9];
    }

    /** The emails column of a path's row (path, transitions, history, invocations, seconds, RRU, WRU, emails). */
    private static String emails(String row) {
        return row.trim().split("\\s+")[7];
    }
}
