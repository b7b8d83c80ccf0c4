package dev.countersign.views;

import dev.countersign.views.internal.PageStyle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The response headers of every page (and every other response of the decision function): no script, no framing,
 * no caching, no referrer. Pages are built to work under exactly this policy: one hashed inline stylesheet, no
 * style attributes, a same-origin form, no images or fonts.
 */
public final class SecurityHeaders {

    /**
     * {@code default-src 'none'} denies scripts, images, fonts, frames and connections; the one stylesheet is
     * allowed by hash; the form may post only to this origin; no page may frame ours; no {@code <base>}.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src " + PageStyle.CSP_SOURCE
            + "; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** Every security header, in a stable order. */
    public static final Map<String, String> ALL;

    static {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        // A review page carries a one-person link's context: never kept by a browser or a shared proxy.
        h.put("Cache-Control", "no-store");
        // The review URL holds the link secret: no Referer to evidence sites or anywhere else.
        h.put("Referrer-Policy", "no-referrer");
        h.put("X-Content-Type-Options", "nosniff");
        // For browsers that predate frame-ancestors.
        h.put("X-Frame-Options", "DENY");
        h.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
        // Evidence links open in a new tab; the opener relation is cut on our side too.
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        ALL = Collections.unmodifiableMap(h);
    }

    private SecurityHeaders() {
    }
}
