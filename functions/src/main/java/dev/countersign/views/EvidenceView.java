package dev.countersign.views;

import dev.countersign.views.internal.Fields;
import dev.countersign.views.internal.WebLink;

/**
 * One piece of evidence the agent cites.
 *
 * @param label what it is, e.g. "Order 8812"
 * @param value what it says (may be empty)
 * @param url   where to see it; {@code null} when none. Shown as a link only when it is http or https
 *              ({@link #webUrl()}); any other scheme is shown as text
 */
public record EvidenceView(String label, String value, String url) {

    public EvidenceView {
        Fields.required(label, "EvidenceView.label", "the evidence item's label");
        value = value == null ? "" : value;
    }

    /** The URL when it may be rendered as a link (absolute http/https, no user-info), else {@code null}. */
    public String webUrl() {
        return WebLink.orNull(url);
    }

    /** {@code true} when a URL was given but it will not be a link (another scheme or malformed). */
    public boolean hasUnlinkedUrl() {
        return url != null && !url.isEmpty() && webUrl() == null;
    }

    /** The host the link goes to, shown beside it so the reviewer sees where it leads. */
    public String webHost() {
        return WebLink.host(url);
    }
}
