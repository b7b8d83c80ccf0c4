package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.time.Instant;

/**
 * One audit event as the review page lists it.
 *
 * @param at     when it happened
 * @param type   the event type, e.g. "REQUESTED", "NOTIFIED"
 * @param actor  who or what did it (a person, "countersign", an agent)
 * @param detail a short detail, or "" (e.g. "email to dana@example.com")
 */
public record HistoryRow(Instant at, String type, String actor, String detail) {

    public HistoryRow {
        Fields.required(at, "HistoryRow.at", "the audit event's time");
        Fields.text(type, "HistoryRow.type", "the audit event's type");
        actor = actor == null ? "" : actor;
        detail = detail == null ? "" : detail;
    }
}
