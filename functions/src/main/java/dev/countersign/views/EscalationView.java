package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.time.Duration;
import java.util.List;

/**
 * Why a request reached this level: the previous level had it for {@code after} without deciding.
 *
 * @param from  who had it at the previous level (names or addresses, as routed)
 * @param after how long the previous level had it (its timeout)
 */
public record EscalationView(List<String> from, Duration after) {

    public EscalationView {
        from = Fields.list(from, "EscalationView.from");
        if (from.isEmpty()) {
            throw new IllegalArgumentException("EscalationView.from is empty: pass the previous level's approvers");
        }
        Fields.required(after, "EscalationView.after", "the previous level's timeout");
    }
}
