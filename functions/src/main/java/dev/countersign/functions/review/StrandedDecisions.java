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
import java.util.Objects;
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
     * @param timeLeft asked before each decision: false stops the sweep between two of them, never within one
     */
    public Sweep sweep(int max, Duration minAge, BooleanSupplier timeLeft, JsonLog log) {
        Objects.requireNonNull(minAge, "minAge");
        if (max < 1) {
            throw new IllegalArgumentException("max is " + max + ": ask for at least 1");
        }
        int delivered = 0;
        int pending = 0;
        int ended = 0;
        int tooRecent = 0;
        PageRequest page = PageRequest.first(Math.min(PAGE, max));
        while (true) {
            ListPage<ApprovalId> listed = queries.awaitingCallback(page);
            for (ApprovalId id : listed.items()) {
                if (delivered + pending + ended >= max) {
                    return new Sweep(delivered, pending, ended, tooRecent, Stop.MAX_REACHED);
                }
                if (!timeLeft.getAsBoolean()) {
                    return new Sweep(delivered, pending, ended, tooRecent, Stop.TIME_RUNNING_OUT);
                }
                // The index trails the item: a decision delivered since the query is skipped, not sent again.
                ApprovalRecord approval = deps.store().get(id).orElse(null);
                if (approval == null || !approval.awaitsCallback()) {
                    continue;
                }
                Instant decidedAt = approval.decision().decidedAt();
                if (deps.clock().instant().isBefore(decidedAt.plus(minAge))) {
                    tooRecent++;
                    continue;
                }
                int level = approval.decision().level();
                log.info("decision recorded but never handed to its workflow; delivering it", "approvalId", id,
                        "approvalLevel", level, "decidedAt", decidedAt);
                WorkflowResumption result = delivery.deliver(approval, level, log);
                switch (result) {
                    case RESUMED -> {
                        delivered++;
                        log.metric(Metric.DECISIONS_REDELIVERED, 1);
                    }
                    case PENDING -> pending++;
                    case ENDED -> ended++;
                }
            }
            if (!listed.hasNext()) {
                return new Sweep(delivered, pending, ended, tooRecent, Stop.NOTHING_LEFT);
            }
            page = page.next(listed);
        }
    }
}
