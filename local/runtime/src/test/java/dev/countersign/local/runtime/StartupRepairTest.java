package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.PageRequest;
import dev.countersign.approval.PendingApproval;
import dev.countersign.local.engine.ManualClock;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import dev.countersign.store.dynamodb.DyingWriters;
import dev.countersign.testing.ApprovalRequests;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up sweep: approvals a killed run wrote without their list rows are listed again after the next start. */
class StartupRepairTest {
    private static final String ALICE = "alice@shop.example";

    @TempDir
    Path data;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static UnaryOperator<LocalOptions.Builder> persistent(int webPort) {
        return options -> options.dynamoDbInMemory(false).webPort(webPort);
    }

    private static List<ApprovalId> pendingForAlice(RuntimeUnderTest runtime) {
        return runtime.store.pendingForApprover(ALICE, PageRequest.first(100)).items().stream()
                .map(PendingApproval::approvalId).toList();
    }

    @Test
    void anApprovalWrittenWithoutItsListRows_isListedAfterTheNextStart_andTheBannerSaysSo() throws IOException {
        int webPort = freePort();
        ManualClock clock = new ManualClock();
        ApprovalId orphan;
        try (RuntimeUnderTest first = RuntimeUnderTest.start(data, clock, persistent(webPort))) {
            assertThat(first.local.projectionsRepaired()).isZero();
            // The usual start has nothing to repair and says nothing about it.
            assertThat(CountersignUp.banner(first.local)).doesNotContain("repaired");
            // A process killed between the approval write and its projections: the item is marked, no list row.
            DynamoDbApprovalStore dying = DyingWriters.neverProjecting(first.local.clients().dynamoDb(),
                    CountersignTables.defaults(), first.local.auditKey(),
                    new CountersignLocal.EngineTime(clock));
            orphan = dying.create(ApprovalRequests.request(new CountersignLocal.EngineTime(clock), "refunds", ALICE))
                    .approval().approvalId();
            assertThat(pendingForAlice(first)).doesNotContain(orphan);
        }

        try (RuntimeUnderTest second = RuntimeUnderTest.start(data, clock, persistent(webPort))) {
            assertThat(second.local.projectionsRepaired()).isEqualTo(1);
            assertThat(CountersignUp.banner(second.local))
                    .contains("repaired the approver lists and audit-by-actor rows of 1 approval that an earlier run"
                            + " stopped before writing");
            assertThat(pendingForAlice(second)).containsExactly(orphan);
        }

        try (RuntimeUnderTest third = RuntimeUnderTest.start(data, clock, persistent(webPort))) {
            // The sweep cleared the mark: nothing is repaired twice.
            assertThat(third.local.projectionsRepaired()).isZero();
            assertThat(pendingForAlice(third)).containsExactly(orphan);
        }
    }
}
