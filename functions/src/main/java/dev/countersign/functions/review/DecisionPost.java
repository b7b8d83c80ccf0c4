package dev.countersign.functions.review;

import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStore;
import dev.countersign.approval.DecideResult;
import dev.countersign.approval.DecisionRecord;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.approval.Verdict;
import dev.countersign.approval.Vote;
import dev.countersign.core.Channel;
import dev.countersign.functions.internal.ApprovalPresentation;
import dev.countersign.functions.internal.FormBody;
import dev.countersign.views.AlreadyDecidedView;
import dev.countersign.views.ApprovalRef;
import dev.countersign.views.DecisionRecordedView;
import dev.countersign.views.ErrorPageView;
import dev.countersign.views.OutcomeText;
import dev.countersign.views.ParamChange;
import dev.countersign.views.ReceiptDelivery;
import dev.countersign.views.RenderedPage;
import dev.countersign.views.ReviewForm;
import dev.countersign.views.ReviewFormState;
import dev.countersign.views.SelfApprovalRefusedView;
import dev.countersign.views.WorkflowResumption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST <base>/review}: authorises from the link's record only, reads the form ({@link DecisionForm}), writes
 * the decision in one conditional write, then resumes the workflow ({@link DecisionDelivery}) and, when the approver
 * asked, emails a receipt ({@link DecisionReceipt}); or hands the request over ({@link HandOver}).
 */
public final class DecisionPost {
    private final ApprovalStore store;
    private final ReviewLinks links;
    private final ReviewPages pages;
    private final HandOver handOver;
    private final DecisionDelivery delivery;
    private final DecisionReceipt receipt;
    private final RouteCheck routeCheck;
    private final Clock clock;

    DecisionPost(ApprovalStore store, ReviewLinks links, ReviewPages pages, HandOver handOver,
                 DecisionDelivery delivery, DecisionReceipt receipt, RouteCheck routeCheck, Clock clock) {
        this.store = store;
        this.links = links;
        this.pages = pages;
        this.handOver = handOver;
        this.delivery = delivery;
        this.receipt = receipt;
        this.routeCheck = routeCheck;
        this.clock = clock;
    }

    public RenderedPage post(ReviewRequest request, String body) {
        FormBody form = FormBody.parse(body);
        String secret = form.get(ReviewForm.SECRET);
        if (secret == null || secret.isEmpty()) {
            return pages.renderer().linkNotValid();
        }
        request.redact(secret);
        ReviewLinks.Opened opened = links.open(secret, request);
        if (opened instanceof ReviewLinks.Refused refused) {
            if (refused.selfRole() != null) {
                request.log().warn("self-approval refused", "approvalId", request.approvalId(), "role",
                        refused.selfRole().name());
            }
            return refused.page();
        }
        ReviewLink link = ((ReviewLinks.Open) opened).link();
        DecisionForm read = DecisionForm.read(form, link, routeCheck.of(link.approval(), link.level()));
        if (read instanceof DecisionForm.HandOverAsked asked) {
            return handOver.handOver(request, link, asked, secret);
        }
        if (read instanceof DecisionForm.Invalid invalid) {
            return refusedForm(request, link, invalid, secret);
        }
        return decide(request, link, (DecisionForm.Decide) read, secret);
    }

    private RenderedPage refusedForm(ReviewRequest request, ReviewLink link, DecisionForm.Invalid invalid,
                                     String secret) {
        if (invalid.shown() == null) {
            return pages.state(link);
        }
        ReviewFormState.Problem problem = invalid.shown().problem();
        if (problem == ReviewFormState.Problem.RECEIPT_INVALID) {
            request.log().warn("receipt field refused", "approvalId", request.approvalId());
        } else if (problem.concernsParameters()) {
            request.log().warn("parameter change refused", "approvalId", request.approvalId(), "problem",
                    problem.name());
        }
        return pages.review(link, secret, invalid.shown(), invalid.edits());
    }

    private RenderedPage decide(ReviewRequest request, ReviewLink link, DecisionForm.Decide form, String secret) {
        String recipient = link.recipient();
        ApprovalRecord approval = link.approval();
        ApprovalRef ref = ReviewPages.ref(link);
        var changes = form.changes();
        request.recording(ErrorPageView.Recording.UNKNOWN);
        DecideResult result = store.decide(changes == null
                ? new DecisionRequest(approval.approvalId(), link.level(), recipient, form.verdict(), form.comment(),
                        Channel.EMAIL_LINK, null)
                : new DecisionRequest(approval.approvalId(), link.level(), recipient, form.verdict(), form.comment(),
                        Channel.EMAIL_LINK, changes.approved(), changes.proposed(), changes.approvedProposalHash()));
        List<ParamChange> shown = changes == null ? List.of() : changes.shown();
        request.recording(result instanceof DecideResult.Decided || result instanceof DecideResult.VoteRecorded
                ? ErrorPageView.Recording.RECORDED : ErrorPageView.Recording.NOT_RECORDED);
        request.log().info("decide", "approvalId", request.approvalId(), "approvalLevel", link.level(), "verdict",
                form.verdict().name(), "result", result.getClass().getSimpleName(), "receiptAsked",
                form.receiptAsked());

        if (result instanceof DecideResult.Decided decided) {
            ApprovalRecord after = decided.approval();
            DecisionRecord d = after.decision();
            WorkflowResumption resumption = delivery.deliver(after, d.level(), request.log());
            OutcomeText outcome = ApprovalPresentation.outcome(d.outcome());
            List<ParamChange> approvedChanges = d.decidedBy().equals(recipient) ? shown : List.of();
            // Only the verdict that decided gets here, once: a repeated POST finds the level decided (AlreadyDecided).
            ReceiptDelivery sent = form.receiptAsked()
                    ? receipt.send(recipient, ref, d, resumption, approvedChanges, request.log())
                    : ReceiptDelivery.NOT_REQUESTED;
            return pages.renderer().decisionRecorded(new DecisionRecordedView(ref, outcome, recipient,
                    d.decidedAt(), d.comment(), resumption, approvedChanges, null, sent));
        }
        if (result instanceof DecideResult.VoteRecorded vote) {
            // One verdict of several: counted, recorded as its own event; the workflow hears only the deciding one.
            EscalationLevel level = vote.approval().level(link.level());
            Instant at = level.votes().stream().filter(v -> v.approver().equals(recipient)).map(Vote::at)
                    .findFirst().orElse(clock.instant());
            return pages.renderer().decisionRecorded(new DecisionRecordedView(ref, outcomeOf(form.verdict()),
                    recipient, at, form.comment(), WorkflowResumption.PENDING, List.of(),
                    ApprovalPresentation.quorum(vote.approval(), level, recipient),
                    form.receiptAsked() ? ReceiptDelivery.NOT_FOR_A_VOTE : ReceiptDelivery.NOT_REQUESTED));
        }
        if (result instanceof DecideResult.AlreadyDecided already) {
            delivery.redeliverIfStalled(already.approval(), already.level(), request.log());
            DecisionRecord d = already.approval().decision();
            String theirComment = d != null && d.level() == already.level() ? d.comment() : "";
            return pages.renderer().alreadyDecided(new AlreadyDecidedView(ref,
                    ApprovalPresentation.outcome(already.outcome()), already.decidedBy(), already.decidedAt(),
                    theirComment, already.decidedBy().equals(recipient)));
        }
        if (result instanceof DecideResult.TooLate late) {
            return LinkStatePage.late(late.approval(), link.grant(), ApprovalPresentation.ref(late.approval(),
                    link.proposal()), form.verdict(), clock.instant()).render(pages.renderer());
        }
        if (result instanceof DecideResult.Refused refused) {
            return refused(request, link.with(refused.approval(), false), refused, form, secret);
        }
        return pages.renderer().linkNotValid();
    }

    private RenderedPage refused(ReviewRequest request, ReviewLink link, DecideResult.Refused refused,
                                 DecisionForm.Decide form, String secret) {
        switch (refused.refusal()) {
            case MODIFICATIONS_NOT_ALLOWED:
                return pages.review(link.with(refused.approval(), true), secret, new ReviewFormState(form.typed(),
                        ReviewFormState.Problem.MODIFICATION_NOT_ALLOWED, refused.message(), "", "",
                        form.receiptAsked()), form.edits());
            case SELF_APPROVAL:
                return pages.selfApprovalRefused(link, SelfApprovalRefusedView.Role.REQUESTER);
            case NOT_A_RECIPIENT:
                return pages.state(link);
            case ALREADY_VOTED: {
                Vote vote = refused.approval().level(link.level()).votes().stream()
                        .filter(v -> v.approver().equals(link.recipient())).findFirst().orElseThrow();
                return pages.renderer().alreadyDecided(new AlreadyDecidedView(ReviewPages.ref(link),
                        outcomeOf(vote.verdict()), vote.approver(), vote.at(), "", true));
            }
            default:
                request.log().error("decision refused by the store", null, "approvalId", request.approvalId(),
                        "refusal", refused.refusal().name(), "reason", refused.message());
                return pages.renderer().error(new ErrorPageView(ErrorPageView.Recording.NOT_RECORDED,
                        request.requestId()));
        }
    }

    private static OutcomeText outcomeOf(Verdict verdict) {
        return verdict == Verdict.APPROVE ? OutcomeText.APPROVED : OutcomeText.REJECTED;
    }
}
