package dev.countersign.functions.review;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalQueries;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ListPage;
import dev.countersign.approval.PageRequest;
import dev.countersign.functions.FunctionDependencies;
import dev.countersign.functions.JsonLog;
import dev.countersign.functions.Metric;
import dev.countersign.views.WorkflowResumption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The redelivery sweep: finds approvals whose person's decision is recorded but was never settled with its workflow
 * — the process that recorded it died or timed out before {@code SendTaskSuccess}, or the workflow service was down —
 * and hands each to its workflow through {@link DecisionDelivery}, exactly as the POST that decided would have. Nobody
 * has to click again. Idempotent: a settled level is never sent again, and Step Functions takes a task's result once.
 *
 * <p>The list comes from the store's sparse {@code callback-due} index ({@link ApprovalQueries#awaitingCallback}); each
 * approval is read again before anything is sent.
 */
public final class StrandedDecisions {
    /** Approvals asked for per page of the index. */
    static final int PAGE = 25;
    /** Decisions handed over at once: each waits mostly on the store and the workflow service. */
    public static final int PARALLEL = 8;

    private final FunctionDependencies deps;
    private final ApprovalQueries queries;
    private final DecisionDelivery delivery;

    /** @param actor the actor of the callback events the sweep records */
    public StrandedDecisions(FunctionDependencies deps, String actor) {
        this.deps = deps;
        this.queries = queries(deps);
        this.delivery = new DecisionDelivery(deps.store(), deps.callback(), deps.clock(),
                deps.settings().callbackRetry().maxTotal(), actor);
    }

    private static ApprovalQueries queries(FunctionDependencies deps) {
        if (deps.store() instanceof ApprovalQueries queries) {
            return queries;
        }
        throw new IllegalArgumentException("the approval store " + deps.store().getClass().getSimpleName() + " has no"
                + " read side to list stranded decisions: give the sweep a store that implements ApprovalQueries");
    }

    /**
     * How long after a decision was recorded the function that recorded it may still be delivering it: the sweep
     * leaves younger ones alone, so that it never sends a decision that is being sent.
     */
    public Duration deliveryWindow() {
        return delivery.deliveryWindow();
    }

    /** Why a sweep stopped. */
    public enum Stop {
        /** Every listed decision was looked at. */
        NOTHING_LEFT,
        /** {@code max} decisions were handed over; the next sweep goes on. */
        MAX_REACHED,
        /** The caller's time ran out; the next sweep goes on. */
        TIME_RUNNING_OUT
    }

    /**
     * What one sweep did.
     *
     * @param delivered the workflow took the decision
     * @param pending   still not taken (the workflow service was unavailable, or the task closed and its timeout step
     *                  returns the decision): the next sweep tries again, or nothing more is needed
     * @param ended     the workflow no longer waits (stopped or deleted): nothing will carry the decision out
     * @param tooRecent recorded within {@link #deliveryWindow()}: left to the function delivering it
     */
    public record Sweep(int delivered, int pending, int ended, int tooRecent, Stop stoppedBy) {
        public int handedOver() {
            return delivered + pending + ended;
        }
    }

    /**
     * Hands over at most {@code max} stranded decisions recorded at least {@code minAge} ago.
     *
     * @param minAge   {@link #deliveryWindow()} while decisions may be under way elsewhere; zero when nothing else
     *                 can be delivering (the local runtime's start-up, after a crash)
     * @param timeLeft asked before each batch of at most {@value #PARALLEL} decisions (handed over at once): false
     *                 stops the sweep between two batches, never within one
     */
    public Sweep sweep(int max, Duration minAge, BooleanSupplier timeLeft, JsonLog log) {
        Objects.requireNonNull(minAge, "minAge");
        if (max < 1) {
            throw new IllegalArgumentException("max is " + max + ": ask for at least 1");
        }
        Counts counts = new Counts();
        ExecutorService workers = Executors.newFixedThreadPool(PARALLEL, runnable -> {
            Thread thread = new Thread(runnable, "countersign-redelivery");
            thread.setDaemon(true);
            return thread;
        });
        try {
            PageRequest page = PageRequest.first(Math.min(PAGE, max));
            while (true) {
                ListPage<ApprovalId> listedPage = queries.awaitingCallback(page);
                List<ApprovalId> listed = listedPage.items();
                int next = 0;
                while (next < listed.size()) {
                    if (counts.handedOver() >= max) {
                        return counts.sweep(Stop.MAX_REACHED);
                    }
                    if (!timeLeft.getAsBoolean()) {
                        return counts.sweep(Stop.TIME_RUNNING_OUT);
                    }
                    // Each delivery waits mostly on the network: a few at once, never more than max allows.
                    int size = Math.min(Math.min(PARALLEL, max - counts.handedOver()), listed.size() - next);
                    List<Callable<Void>> batch = new ArrayList<>();
                    for (ApprovalId id : listed.subList(next, next + size)) {
                        batch.add(() -> {
                            handOver(id, minAge, counts, log);
                            return null;
                        });
                    }
                    next += size;
                    runAll(workers, batch);
                }
                if (!listedPage.hasNext()) {
                    return counts.sweep(Stop.NOTHING_LEFT);
                }
                page = page.next(listedPage);
            }
        } finally {
            workers.shutdownNow();
        }
    }

    private void handOver(ApprovalId id, Duration minAge, Counts counts, JsonLog log) {
        // The index trails the item: a decision delivered since the query is skipped, not sent again.
        ApprovalRecord approval = deps.store().get(id).orElse(null);
        if (approval == null || !approval.awaitsCallback()) {
            return;
        }
        Instant decidedAt = approval.decision().decidedAt();
        if (deps.clock().instant().isBefore(decidedAt.plus(minAge))) {
            counts.tooRecent.incrementAndGet();
            return;
        }
        int level = approval.decision().level();
        log.info("decision recorded but never handed to its workflow; delivering it", "approvalId", id,
                "approvalLevel", level, "decidedAt", decidedAt);
        WorkflowResumption result = delivery.deliver(approval, level, log);
        switch (result) {
            case RESUMED -> {
                counts.delivered.incrementAndGet();
                log.metric(Metric.DECISIONS_REDELIVERED, 1);
            }
            case PENDING -> counts.pending.incrementAndGet();
            case ENDED -> counts.ended.incrementAndGet();
        }
    }

    /** Runs a batch to its end; the first failure of any of them is the sweep's. */
    private static void runAll(ExecutorService workers, List<Callable<Void>> batch) {
        List<Future<Void>> running;
        try {
            running = workers.invokeAll(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the redelivery sweep was interrupted", e);
        }
        for (Future<Void> one : running) {
            try {
                one.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the redelivery sweep was interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** The sweep's counts, written by its workers. */
    private static final class Counts {
        final AtomicInteger delivered = new AtomicInteger();
        final AtomicInteger pending = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();
        final AtomicInteger tooRecent = new AtomicInteger();

        int handedOver() {
            return delivered.get() + pending.get() + ended.get();
        }

        Sweep sweep(Stop stoppedBy) {
            return new Sweep(delivered.get(), pending.get(), ended.get(), tooRecent.get(), stoppedBy);
        }
    }
}
