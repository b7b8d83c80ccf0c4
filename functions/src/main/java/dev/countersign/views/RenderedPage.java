package dev.countersign.views;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rendered page and the HTTP status it stands for. The handler answers with {@link #status()}, the body,
 * and {@link #headers()} (Content-Type plus {@link SecurityHeaders#ALL}).
 *
 * @param status the HTTP status matching what the page says (200, 403, 404, 409, 410, 422, 500, 503)
 * @param html   the page, UTF-8
 */
public record RenderedPage(int status, String html) {

    /** Every page is UTF-8 HTML. */
    public static final String CONTENT_TYPE = "text/html; charset=utf-8";

    private static final Map<String, String> HEADERS;

    static {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.putAll(SecurityHeaders.ALL);
        HEADERS = java.util.Collections.unmodifiableMap(headers);
    }

    /** The response headers for any page: Content-Type and every security header. */
    public Map<String, String> headers() {
        return HEADERS;
    }
}
