package dev.countersign.approval;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The audit events to list: those written in {@code [from, to]} (both included, to the millisecond), optionally of
 * one actor and of one workflow's approvals.
 *
 * @param actor    an address (compared case-insensitively) or a {@code countersign:<function>} actor; null for all
 * @param workflow a workflow name (exact); null for all
 */
public record AuditWindow(Instant from, Instant to, String actor, String workflow) {
    public AuditWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the window ends (" + to + ") before it starts (" + from + "): give"
                    + " a 'to' at or after 'from'");
        }
        actor = actor == null || actor.isBlank() ? null : normalisedActor(actor);
        workflow = workflow == null || workflow.isBlank() ? null : workflow.trim();
    }

    /** Addresses are stored lower-cased; the functions' own actors ({@code countersign:request}) as they are. */
    public static String normalisedActor(String actor) {
        String trimmed = actor.trim();
        return trimmed.startsWith("countersign:") ? trimmed : trimmed.toLowerCase(Locale.ROOT);
    }

    public boolean contains(Instant at) {
        return at != null && !at.isBefore(from) && !at.isAfter(to);
    }

    /** The list's name, as a page token is bound to it. */
    public String list() {
        return "audit events" + (actor == null ? "" : " of " + actor) + (workflow == null ? ""
                : " in workflow " + workflow) + " " + from + ".." + to;
    }
}
