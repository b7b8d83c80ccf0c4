package dev.countersign.views;

/**
 * A rendered email, ready for SES v2 {@code SendEmail} (Simple content: subject, HTML body, text body).
 *
 * @param subject one line, no control characters, at most {@link #MAX_SUBJECT_LENGTH} code points
 * @param html    the HTML part (UTF-8)
 * @param text    the plain-text part (UTF-8)
 */
public record RenderedEmail(String subject, String html, String text) {

    /** Subjects are cut to this many code points so that phones show what and by when. */
    public static final int MAX_SUBJECT_LENGTH = 100;
}
