package dev.countersign.views;

import dev.countersign.views.internal.Fields;

/**
 * A request an approver handed to this recipient from the review page.
 *
 * @param from   who handed it over (the link's recipient)
 * @param reason why, as they wrote it; may be ""
 */
public record HandOverView(String from, String reason) {

    public HandOverView {
        Fields.text(from, "HandOverView.from", "the approver who handed the request over");
        reason = reason == null ? "" : reason;
    }
}
