package dev.countersign.views;

import dev.countersign.views.internal.Fields;

/**
 * The page for a passing outage: the approval store could not be reached (503). It claims no outcome; it says what
 * is known about the decision and to try again in a moment.
 *
 * @param recording what the handler knows about the decision (nothing was written, or it cannot tell)
 * @param reference an opaque id to quote to the operators (the request id), or ""; never a secret
 */
public record UnavailableView(ErrorPageView.Recording recording, String reference) {

    public UnavailableView {
        Fields.required(recording, "UnavailableView.recording", "NOT_RECORDED, UNKNOWN or NO_DECISION");
        reference = reference == null ? "" : reference;
    }
}
