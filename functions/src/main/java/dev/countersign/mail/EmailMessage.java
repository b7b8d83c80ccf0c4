package dev.countersign.mail;

import dev.countersign.views.RenderedEmail;
import java.util.Objects;

/**
 * One email to one recipient.
 *
 * @param from    the sender, e.g. {@code Countersign <approvals@example.com>} (a verified SES identity)
 * @param to      the one recipient's address
 * @param content subject, HTML and plain-text parts
 */
public record EmailMessage(String from, String to, RenderedEmail content) {
    public EmailMessage {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(content, "content");
    }

    @Override
    public String toString() {
        // The content carries a link secret: never print it.
        return "EmailMessage[to=" + to + ", subject=" + content.subject() + "]";
    }
}
