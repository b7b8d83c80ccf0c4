package dev.countersign.approval;

import dev.countersign.audit.AuditEntry;
import java.util.List;
import java.util.function.Function;

/**
 * What the domain wants done to an approval: one conditional write, or an answer without writing. A store applies a
 * {@link Write} as one single-item write conditioned on the version it was computed from, and recomputes on conflict.
 *
 * @param <R> the operation's answer
 */
public sealed interface Transition<R> {

    /**
     * @param next    the approval's new state (before the new events are appended)
     * @param entries the audit events the same write appends, in order (empty only for a token refresh)
     * @param token   a task token to store for a level, or null
     * @param result  builds the answer from the approval as written
     */
    record Write<R>(ApprovalRecord next, List<AuditEntry> entries, TokenChange token,
                    Function<ApprovalRecord, R> result) implements Transition<R> {
        public Write {
            entries = List.copyOf(entries);
        }
    }

    record Answer<R>(R result) implements Transition<R> {
    }

    /** Store {@code token} as the task token of {@code level}. */
    record TokenChange(int level, TaskToken token) {
    }
}
