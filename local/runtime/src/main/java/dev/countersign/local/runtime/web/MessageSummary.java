package dev.countersign.local.runtime.web;

/**
 * One line of the mailbox list. Every text is already neutralised for display (control and bidi characters made
 * visible); the template escapes it.
 *
 * @param href      the message's page
 * @param sentAt    for people ("2026-01-01 09:30:00 UTC")
 * @param sentAtIso for the {@code datetime} attribute
 */
public record MessageSummary(String href, String subject, String to, String sentAt, String sentAtIso) {
}
