package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.time.Instant;

/**
 * The confirmation after an approver handed the request to a colleague from the review page.
 *
 * @param approval which approval
 * @param to       who has it now (they were emailed their own link)
 * @param at       when it was handed over
 * @param reason   the reason given
 */
public record HandedOverView(ApprovalRef approval, String to, Instant at, String reason) {

    public HandedOverView {
        Fields.required(approval, "HandedOverView.approval", "an ApprovalRef");
        Fields.text(to, "HandedOverView.to", "the colleague's address");
        Fields.required(at, "HandedOverView.at", "when it was handed over");
        reason = reason == null ? "" : reason;
    }
}
