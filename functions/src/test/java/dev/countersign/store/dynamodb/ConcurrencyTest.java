package dev.countersign.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.CreateResult;
import dev.countersign.approval.DecideResult;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.NewApproval;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.ChainVerification;
import dev.countersign.core.Channel;
import dev.countersign.core.Outcome;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.ApprovalRequests;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many writers on one approval at once: exactly one decision per level, one approval per gate. */
class ConcurrencyTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final ExecutorService POOL = Executors.newFixedThreadPool(50);
    private final DynamoDbApprovalStore store = dynalite.store(Clock.systemUTC());

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    /** Runs all tasks at the same moment (released by one latch) and returns their results in order. */
    private static <T> List<T> atOnce(List<Callable<T>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(POOL.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    @Test
    void decide_approveVersusReject_200Rounds_exactlyOneWins_andTheLoserNamesTheWinner() throws Exception {
        race(Verdict.APPROVE, Verdict.REJECT);
    }

    @Test
    void decide_approveVersusApprove_200Rounds_exactlyOneWins_andTheLoserNamesTheWinner() throws Exception {
        race(Verdict.APPROVE, Verdict.APPROVE);
    }

    private void race(Verdict first, Verdict second) throws Exception {
        for (int round = 0; round < 200; round++) {
            ApprovalRecord approval = store.create(ApprovalRequests.request(Clock.systemUTC(), "race",
                    "alice@example.com", "bob@example.com")).approval();
            ApprovalId id = approval.approvalId();
            List<DecideResult> results = atOnce(List.of(
                    () -> store.decide(new DecisionRequest(id, 1, "alice@example.com", first, null,
                            Channel.EMAIL_LINK, null)),
                    () -> store.decide(new DecisionRequest(id, 1, "bob@example.com", second, null,
                            Channel.EMAIL_LINK, null))));

            List<DecideResult.Decided> winners = results.stream().filter(DecideResult.Decided.class::isInstance)
                    .map(DecideResult.Decided.class::cast).toList();
            List<DecideResult.AlreadyDecided> losers = results.stream()
                    .filter(DecideResult.AlreadyDecided.class::isInstance).map(DecideResult.AlreadyDecided.class::cast)
                    .toList();
            assertThat(winners).as("round %d: %s", round, results).hasSize(1);
            assertThat(losers).as("round %d: %s", round, results).hasSize(1);
            ApprovalRecord stored = store.get(id).orElseThrow();
            String winner = winners.get(0).approval().decision().decidedBy();
            Outcome outcome = winners.get(0).approval().decision().outcome();
            // The loser must be told the winner's name, verdict and time, exactly as stored.
            assertThat(losers.get(0).decidedBy()).isEqualTo(winner).isEqualTo(stored.decision().decidedBy());
            assertThat(losers.get(0).outcome()).isEqualTo(outcome).isEqualTo(stored.decision().outcome());
            assertThat(losers.get(0).decidedAt()).isEqualTo(stored.decision().decidedAt());
            assertThat(outcome).isEqualTo(winner.startsWith("alice") ? outcomeOf(first) : outcomeOf(second));
            assertThat(stored.auditTrail()).extracting(AuditEvent::type).as("round %d", round)
                    .containsExactly("REQUESTED", outcome.name());
        }
    }

    private static Outcome outcomeOf(Verdict verdict) {
        return verdict == Verdict.APPROVE ? Outcome.APPROVED : Outcome.REJECTED;
    }

    @Test
    void create_50ConcurrentIdenticalCreates_makeOneApprovalWithOneRequestedEvent() throws Exception {
        NewApproval request = ApprovalRequests.request(Clock.systemUTC(), "refunds", "alice@example.com");
        List<Callable<CreateResult>> creates = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            creates.add(() -> store.create(request));
        }

        List<CreateResult> results = atOnce(creates);

        assertThat(results).filteredOn(CreateResult.Created.class::isInstance).hasSize(1);
        assertThat(results).filteredOn(CreateResult.AlreadyExisted.class::isInstance).hasSize(49);
        assertThat(results).extracting(r -> r.approval().approvalId()).containsOnly(ApprovalId.forKey(request.key()));
        ApprovalRecord stored = store.get(ApprovalId.forKey(request.key())).orElseThrow();
        assertThat(stored.auditTrail()).extracting(AuditEvent::type).containsExactly("REQUESTED");
        assertThat(stored.version()).isEqualTo(1);
        assertThat(store.verifyChain(stored.approvalId())).get().isInstanceOf(ChainVerification.Intact.class);
    }
}
