package dev.countersign.views.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Decides whether a URL from a proposal may become a link: only absolute http and https URLs with a host and
 * no user-info part. Everything else (javascript:, data:, mailto:, relative, malformed) is shown as text only.
 */
public final class WebLink {

    /** Longer URLs are shown as text: browsers and mail clients treat them inconsistently. */
    static final int MAX_LENGTH = 2048;

    private WebLink() {
    }

    /** {@code true} when {@code url} is safe to put in an {@code href}. */
    public static boolean isWebLink(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < url.length(); ) {
            int c = url.codePointAt(i);
            i += Character.charCount(c);
            // Browsers strip tabs and newlines inside URLs ("java\tscript:"), so any such character disqualifies.
            if (c <= 0x20 || DisplayText.isControl(c) || DisplayText.isBidiControl(c)
                    || Character.getType(c) == Character.FORMAT || Character.isWhitespace(c)
                    || Character.isSpaceChar(c)) {
                return false;
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            return false;
        }
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (!lower.equals("http") && !lower.equals("https")) {
            return false;
        }
        String authority = uri.getRawAuthority();
        // "https://bank.example@evil.example" reads as the bank but goes elsewhere: never a link.
        return authority != null && !authority.isEmpty() && uri.getRawUserInfo() == null && !authority.contains("@")
                && uri.getHost() != null;
    }

    /** {@code url} when it may be a link, else {@code null} (templates omit the link and show the text). */
    public static String orNull(String url) {
        return isWebLink(url) ? url : null;
    }

    /** The host a web link goes to, e.g. "tickets.example.com"; "" when {@code url} is not a web link. */
    public static String host(String url) {
        if (!isWebLink(url)) {
            return "";
        }
        return URI.create(url).getHost();
    }
}
