package dev.countersign.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ChangeResult;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEventType;
import dev.countersign.audit.ChainVerification;
import dev.countersign.core.json.Json;
import dev.countersign.testing.ApprovalRequests;
import dev.countersign.testing.DynaliteExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AppendOnceTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private final DynamoDbApprovalStore store = dynalite.store(Clock.systemUTC());

    private static AuditEntry viewed(String who, int level) {
        return new AuditEntry(AuditEventType.VIEWED, who, Json.object().put("level", level));
    }

    @Test
    void appendOnce_writesTheFirst_andAnswersAlreadyAppliedForTheSameTypeActorAndLevel() {
        ApprovalId id = store.create(ApprovalRequests.request(Clock.systemUTC(), "wf", "ann@example.com",
                "bob@example.com")).approval().approvalId();

        ChangeResult first = store.appendOnce(id, viewed("ann@example.com", 1));
        ChangeResult again = store.appendOnce(id, viewed("ann@example.com", 1));
        ChangeResult other = store.appendOnce(id, viewed("bob@example.com", 1));
        ChangeResult otherLevel = store.appendOnce(id, viewed("ann@example.com", 2));

        assertThat(first).isInstanceOf(ChangeResult.Applied.class);
        assertThat(again).isInstanceOf(ChangeResult.AlreadyApplied.class);
        assertThat(other).isInstanceOf(ChangeResult.Applied.class);
        assertThat(otherLevel).isInstanceOf(ChangeResult.Applied.class);
        assertThat(store.auditTrail(id).stream().filter(e -> e.type().equals("VIEWED"))).hasSize(3);
    }

    @Test
    void thirtyConcurrentAppendOnce_recordOneEvent_andKeepTheChainIntact() throws Exception {
        ApprovalId id = store.create(ApprovalRequests.request(Clock.systemUTC(), "wf", "ann@example.com"))
                .approval().approvalId();
        ExecutorService pool = Executors.newFixedThreadPool(30);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ChangeResult>> results = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.appendOnce(id, viewed("ann@example.com", 1));
                }));
            }
            start.countDown();
            long applied = 0;
            for (Future<ChangeResult> result : results) {
                applied += result.get() instanceof ChangeResult.Applied ? 1 : 0;
            }

            assertThat(applied).isEqualTo(1);
            assertThat(store.auditTrail(id).stream().filter(e -> e.type().equals("VIEWED"))).hasSize(1);
            assertThat(store.verifyChain(id)).containsInstanceOf(ChainVerification.Intact.class);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void proposalByHash_readsTheStoredProposal_inOneStep() {
        var created = store.create(ApprovalRequests.request(Clock.systemUTC(), "wf", "ann@example.com")).approval();

        assertThat(store.proposal(created.approvalId(), created.proposalHash()))
                .isEqualTo(store.proposal(created.approvalId()));
        assertThat(store.proposal(created.approvalId(), "0".repeat(64))).isEmpty();
    }
}
