package dev.countersign.functions.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEventType;
import dev.countersign.aws.RetryLoop;
import dev.countersign.aws.RetryLoop.Attempt;
import dev.countersign.core.json.Json;
import dev.countersign.functions.FunctionDependencies;
import dev.countersign.functions.JsonLog;
import dev.countersign.link.IssuedLink;
import dev.countersign.link.LinkSecrets;
import dev.countersign.mail.EmailMessage;
import dev.countersign.mail.SendResult;
import dev.countersign.views.ApprovalRequestEmailView;
import dev.countersign.views.EmailRenderer;
import dev.countersign.views.HandOverView;
import dev.countersign.views.ProposalView;
import dev.countersign.views.RenderedEmail;

/**
 * Issues one recipient's review link and emails it — the first request, the escalation to a new level, a reminder,
 * or a request a colleague handed over — with bounded retries, auditing every attempt (NOTIFIED with the SES message
 * id, or NOTIFY_FAILED with the error). Only the link's hash is stored; the raw secret exists in the email alone.
 */
public final class ReviewLinkDelivery {
    /** Why the email is sent; recorded as {@code kind} in NOTIFIED and NOTIFY_FAILED (absent for a first request). */
    public enum Kind {
        REQUEST, REMINDER, HAND_OVER
    }

    /** How one recipient's delivery went; {@code problem} says why it failed. */
    public record Delivery(boolean sent, String problem) {
    }

    private final FunctionDependencies deps;
    private final LinkSecrets linkSecrets;
    private final EmailRenderer emails;
    private final String actor;

    /** @param actor the actor of the NOTIFIED / NOTIFY_FAILED events, e.g. {@code countersign:request} */
    public ReviewLinkDelivery(FunctionDependencies deps, String actor) {
        this.deps = deps;
        this.linkSecrets = new LinkSecrets(deps.clock());
        this.emails = new EmailRenderer(deps.clock());
        this.actor = actor;
    }

    /**
     * Issues {@code recipient}'s link for {@code level} (expiring with the level), then renders and sends the email.
     *
     * @param handOver who handed the request over and why, for {@link Kind#HAND_OVER}; null otherwise
     */
    public Delivery deliver(ApprovalRecord approval, EscalationLevel level, String recipient, ProposalView proposal,
                            Kind kind, HandOverView handOver, JsonLog baseLog) {
        ApprovalId id = approval.approvalId();
        IssuedLink link = linkSecrets.issue(id, recipient, level.number(), level.deadline());
        JsonLog log = baseLog.redacting(link.secret().reveal());
        deps.links().saveLink(link.grant());
        RenderedEmail email = emails.approvalRequest(new ApprovalRequestEmailView(recipient,
                ApprovalPresentation.approval(approval, level.number()), proposal,
                deps.settings().reviewUrl(link.secret().reveal()),
                ApprovalPresentation.escalation(approval, level.number()), kind == Kind.REMINDER, handOver));
        EmailMessage message = new EmailMessage(deps.settings().sender(), recipient, email);
        return new RetryLoop(deps.settings().emailRetry()).run(attempt -> {
            SendResult result = deps.mailer().send(message);
            if (result instanceof SendResult.Sent ok) {
                deps.store().append(id, new AuditEntry(AuditEventType.NOTIFIED, actor, kind(Json.object()
                        .put("level", level.number()).put("recipient", recipient).put("channel", "email")
                        .put("messageId", ok.messageId()).put("attempt", attempt), kind)));
                log.info("approval request emailed", "approvalId", id, "recipient", recipient, "messageId",
                        ok.messageId(), "attempt", attempt, "kind", kind.name());
                return Attempt.done(new Delivery(true, null));
            }
            SendResult.Failed failure = (SendResult.Failed) result;
            deps.store().append(id, new AuditEntry(AuditEventType.NOTIFY_FAILED, actor, kind(Json.object()
                    .put("level", level.number()).put("recipient", recipient).put("channel", "email")
                    .put("attempt", attempt).put("error", failure.errorCode())
                    .put("message", clip(failure.message(), 500)).put("transient", failure.transientFailure()),
                    kind)));
            log.warn("email attempt failed", "approvalId", id, "recipient", recipient, "attempt", attempt,
                    "error", failure.errorCode(), "errorMessage", failure.message(), "transient",
                    failure.transientFailure(), "kind", kind.name());
            return Attempt.failed(new Delivery(false, failure.errorCode() + " (" + clip(failure.message(), 200)
                    + ") after " + attempt + (attempt == 1 ? " attempt" : " attempts")), failure.transientFailure());
        });
    }

    private static ObjectNode kind(ObjectNode details, Kind kind) {
        // A first request keeps the details it always had; reminders and hand-overs say what they were.
        return kind == Kind.REQUEST ? details : details.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-'));
    }

    /** {@code text} cut to {@code max} characters, "…" marking a cut. */
    public static String clip(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
