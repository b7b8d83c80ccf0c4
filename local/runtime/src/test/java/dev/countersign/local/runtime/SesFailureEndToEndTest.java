package dev.countersign.local.runtime;

import static dev.countersign.local.runtime.RuntimeUnderTest.APPROVER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.aws.RetryPolicy;
import dev.countersign.local.ses.SesFailure;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** SES refusing sends, as the real SesV2Client sees it from the local endpoint. */
class SesFailureEndToEndTest {
    @TempDir
    Path data;
    RuntimeUnderTest runtime;

    @BeforeEach
    void start() {
        runtime = RuntimeUnderTest.start(data);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void sesFailingTwiceThenSucceeding_sendsOneEmail_andRecordsEachFailedAttempt() {
        runtime.local.ses().failNextSends(2, SesFailure.THROTTLED);

        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-F"));

        assertThat(runtime.emailsTo(APPROVER)).hasSize(1);
        assertThat(runtime.local.ses().attempts()).isEqualTo(3);
        ApprovalRecord approval = runtime.approval(execution);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(runtime.auditTypes(approval)).containsExactly("REQUESTED", "ROUTED", "NOTIFY_FAILED",
                "NOTIFY_FAILED", "NOTIFIED");
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        // The link in that one email works.
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER));
        assertThat(runtime.get(link).statusCode()).isEqualTo(200);
    }

    @Test
    void sesFailingAlways_failsTheTaskWithAClearError_afterBoundedRetries_andTheRecordSaysSo() {
        runtime.local.ses().failNextSends(1_000, SesFailure.INTERNAL);

        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-G"));

        assertThat(runtime.local.mailbox().all()).isEmpty();
        // Bounded: the request function's email policy, not an endless loop (and no SDK retries on top).
        assertThat(runtime.local.ses().attempts()).isBetween(1, RetryPolicy.EMAIL.maxAttempts());
        var described = runtime.describe(execution);
        // The ASL catches only States.Timeout at the gate: the named error ends the execution, nothing is refunded.
        assertThat(described.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(described.error()).isEqualTo("Countersign.NotificationFailed");
        assertThat(described.cause()).contains("could not email any approver").contains("CANCELLED");
        assertThat(runtime.statesEntered(execution)).containsExactly("ProposeRefund", "Route",
                "RequestApproval");
        ApprovalRecord approval = runtime.approval(execution);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.CANCELLED);
        assertThat(approval.decision().comment()).contains("notification failed");
        assertThat(runtime.auditTypes(approval)).startsWith("REQUESTED", "ROUTED").contains("NOTIFY_FAILED")
                .endsWith("CANCELLED").doesNotContain("NOTIFIED", "APPROVED");
        assertThat(runtime.auditTypes(approval)).filteredOn("NOTIFY_FAILED"::equals)
                .hasSize(runtime.local.ses().attempts());
        assertThat(runtime.local.stepFunctionsCalls("SendTaskFailure")).isEqualTo(1);
    }
}
