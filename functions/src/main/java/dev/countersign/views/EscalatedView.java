package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.time.Instant;
import java.util.List;

/**
 * The page for a link whose level was escalated: this level's links no longer work.
 *
 * @param approval    which approval
 * @param escalatedAt when it moved on
 * @param toLevel     the level it is at now
 * @param to          that level's approvers
 */
public record EscalatedView(ApprovalRef approval, Instant escalatedAt, int toLevel, List<String> to) {

    public EscalatedView {
        Fields.required(approval, "EscalatedView.approval", "an ApprovalRef");
        Fields.required(escalatedAt, "EscalatedView.escalatedAt", "when it was escalated");
        Fields.level(toLevel, "EscalatedView.toLevel");
        to = Fields.list(to, "EscalatedView.to");
        if (to.isEmpty()) {
            throw new IllegalArgumentException("EscalatedView.to is empty: pass the approvers it went to");
        }
    }
}
