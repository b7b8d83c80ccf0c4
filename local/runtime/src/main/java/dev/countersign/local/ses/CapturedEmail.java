package dev.countersign.local.ses;

import java.time.Instant;
import java.util.List;

/**
 * One message accepted by the local SES v2 endpoint, as the sender handed it over.
 *
 * @param html the HTML part, or null when the message had none
 * @param text the plain-text part, or null when the message had none
 */
public record CapturedEmail(String messageId, Instant sentAt, String from, List<String> to, List<String> cc,
                            List<String> bcc, String subject, String html, String text) {

    public CapturedEmail {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }

    /** Every address the message went to (To, Cc and Bcc). */
    public List<String> recipients() {
        return java.util.stream.Stream.of(to, cc, bcc).flatMap(List::stream).toList();
    }
}
