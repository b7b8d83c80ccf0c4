package dev.countersign.views;

import dev.countersign.views.internal.Fields;

/**
 * The page for an unexpected failure. It says honestly whether the decision was recorded.
 *
 * @param recording what the handler knows about the decision
 * @param reference an opaque id to quote to the operators (e.g. the request id), or ""; never a secret
 */
public record ErrorPageView(Recording recording, String reference) {

    public ErrorPageView {
        Fields.required(recording, "ErrorPageView.recording", "RECORDED, NOT_RECORDED or UNKNOWN");
        reference = reference == null ? "" : reference;
    }

    /** Whether the decision was recorded before the failure. */
    public enum Recording {
        /** The decision is stored; only a later step failed (it is retried). */
        RECORDED,
        /** Nothing was stored; the approver may try again. */
        NOT_RECORDED,
        /** The handler cannot tell (e.g. the store timed out mid-write); reopen the link to see the state. */
        UNKNOWN,
        /** No decision was being made (the failure happened while showing a page). */
        NO_DECISION
    }
}
