package dev.countersign.functions.review;

import dev.countersign.approval.DecisionRecord;
import dev.countersign.aws.RetryLoop;
import dev.countersign.aws.RetryLoop.Attempt;
import dev.countersign.aws.RetryPolicy;
import dev.countersign.functions.JsonLog;
import dev.countersign.functions.internal.ApprovalPresentation;
import dev.countersign.mail.EmailMessage;
import dev.countersign.mail.Mailer;
import dev.countersign.mail.SendResult;
import dev.countersign.views.ApprovalRef;
import dev.countersign.views.DecisionReceiptEmailView;
import dev.countersign.views.EmailRenderer;
import dev.countersign.views.ParamChange;
import dev.countersign.views.ReceiptDelivery;
import dev.countersign.views.WorkflowResumption;
import java.util.List;

/** Emails the receipt an approver asked for, with bounded retries; the decision stands whatever happens. */
final class DecisionReceipt {
    private final Mailer mailer;
    private final EmailRenderer emails;
    private final String sender;
    private final RetryPolicy retry;

    DecisionReceipt(Mailer mailer, EmailRenderer emails, String sender, RetryPolicy retry) {
        this.mailer = mailer;
        this.emails = emails;
        this.sender = sender;
        this.retry = retry;
    }

    ReceiptDelivery send(String recipient, ApprovalRef ref, DecisionRecord d, WorkflowResumption resumption,
                         List<ParamChange> changes, JsonLog log) {
        try {
            var email = emails.decisionReceipt(new DecisionReceiptEmailView(recipient, ref, d.level(),
                    ApprovalPresentation.outcome(d.outcome()), d.decidedAt(), d.comment(), resumption, changes));
            EmailMessage message = new EmailMessage(sender, recipient, email);
            String[] lastError = {null};
            int[] attempts = {0};
            ReceiptDelivery delivery = new RetryLoop(retry).run(attempt -> {
                attempts[0] = attempt;
                SendResult result = mailer.send(message);
                if (result instanceof SendResult.Sent sent) {
                    log.info("receipt emailed", "approvalId", ref.approvalId(), "recipient", recipient,
                            "messageId", sent.messageId());
                    return Attempt.done(ReceiptDelivery.SENT);
                }
                SendResult.Failed failed = (SendResult.Failed) result;
                lastError[0] = failed.errorCode();
                return Attempt.failed(ReceiptDelivery.FAILED, failed.transientFailure());
            });
            if (delivery == ReceiptDelivery.FAILED) {
                log.warn("receipt not sent", "approvalId", ref.approvalId(), "recipient", recipient, "error",
                        lastError[0], "attempts", attempts[0]);
            }
            return delivery;
        } catch (RuntimeException e) {
            // The decision stands without its receipt.
            log.error("receipt failed", e, "approvalId", ref.approvalId());
            return ReceiptDelivery.FAILED;
        }
    }
}
