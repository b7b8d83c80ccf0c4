package dev.countersign.local.runtime.web;

/**
 * One message's page. Every text is already neutralised for display; the template escapes it.
 *
 * @param htmlHref where the sandboxed frame loads the HTML part from, or null when the message has none
 * @param text     the plain-text part, or null when the message has none
 */
public record MessageView(String messageId, String subject, String from, String to, String cc, String sentAt,
                          String sentAtIso, String htmlHref, String text) {
}
