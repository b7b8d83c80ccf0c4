package dev.countersign.views;

/** What became of the receipt email the approver may ask for on the review form; the confirmation page says it. */
public enum ReceiptDelivery {
    /** The box was not ticked: no email; the audit trail is the record. */
    NOT_REQUESTED,
    /** Asked for and handed to the mail service, addressed to the approver. */
    SENT,
    /** Asked for, but the mail service refused it or kept failing: the decision stands without it. */
    FAILED,
    /**
     * Asked for, but this verdict only counted towards a level that needs more approvals: a receipt goes with the
     * verdict that decides a level, so none was sent.
     */
    NOT_FOR_A_VOTE
}
