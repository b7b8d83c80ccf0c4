package dev.countersign.functions.review;

import dev.countersign.approval.ApprovalLimits;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.ApprovalStore;
import dev.countersign.approval.ChangeResult;
import dev.countersign.approval.Reassignment;
import dev.countersign.core.EmailAddress;
import dev.countersign.functions.internal.ApprovalPresentation;
import dev.countersign.functions.internal.ReviewLinkDelivery;
import dev.countersign.views.ErrorPageView;
import dev.countersign.views.HandOverView;
import dev.countersign.views.HandedOverView;
import dev.countersign.views.RenderedPage;
import dev.countersign.views.ReviewForm;
import dev.countersign.views.ReviewFormState;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Hands the request to a colleague: the link's recipient is replaced at the level (REASSIGNED, with who, to whom and
 * why), the colleague is emailed a link of their own, and this link stops deciding. If the colleague cannot be
 * emailed, the request is handed back, so that it never sits with someone who has no link.
 */
final class HandOver {
    private final ApprovalStore store;
    private final ReviewLinkDelivery delivery;
    private final ReviewPages pages;
    private final Clock clock;
    private final String actor;

    /** @param actor who hands a request back when the colleague's email failed */
    HandOver(ApprovalStore store, ReviewLinkDelivery delivery, ReviewPages pages, Clock clock, String actor) {
        this.store = store;
        this.delivery = delivery;
        this.pages = pages;
        this.clock = clock;
        this.actor = actor;
    }

    RenderedPage handOver(ReviewRequest request, ReviewLink link, DecisionForm.HandOverAsked asked, String secret) {
        if (!link.open()) {
            return pages.state(link);
        }
        String recipient = link.recipient();
        ApprovalRecord approval = link.approval();
        int level = link.level();
        String reason = DecisionForm.clean(asked.typedReason());
        ReviewFormState.Problem problem = null;
        String detail = "";
        String to = EmailAddress.isValid(asked.typedTo()) ? EmailAddress.normalize(asked.typedTo()) : null;
        if (to == null) {
            problem = ReviewFormState.Problem.HAND_OVER_ADDRESS;
        } else if (reason == null || reason.length() > ReviewForm.HAND_OVER_REASON_MAX_LENGTH) {
            problem = ReviewFormState.Problem.HAND_OVER_REASON;
        } else if (to.equals(recipient)) {
            problem = ReviewFormState.Problem.HAND_OVER_NOT_ALLOWED;
            detail = to + " is your own address.";
        } else if (link.selfRole(to).isPresent()) {
            problem = ReviewFormState.Problem.HAND_OVER_NOT_ALLOWED;
            detail = to + " requested or proposed this action and may not decide it.";
        } else if (approval.level(level).isRecipient(to)) {
            problem = ReviewFormState.Problem.HAND_OVER_NOT_ALLOWED;
            detail = to + " is already asked to decide this request.";
        }
        if (problem == null) {
            request.recording(ErrorPageView.Recording.UNKNOWN);
            ChangeResult result = store.reassign(approval.approvalId(), level, recipient, to, recipient, reason);
            request.log().info("hand over", "approvalId", request.approvalId(), "approvalLevel", level, "result",
                    result.getClass().getSimpleName());
            if (result instanceof ChangeResult.Applied || result instanceof ChangeResult.AlreadyApplied) {
                ApprovalRecord after = result instanceof ChangeResult.Applied applied ? applied.approval()
                        : ((ChangeResult.AlreadyApplied) result).approval();
                request.recording(ErrorPageView.Recording.RECORDED);
                return handedOver(request, link.with(after, true), to, reason, asked, secret);
            }
            request.recording(ErrorPageView.Recording.NOT_RECORDED);
            if (!(result instanceof ChangeResult.NotApplicable refused)) {
                return pages.renderer().linkNotValid();
            }
            if (refused.approval().status() != ApprovalStatus.PENDING || refused.approval().currentLevel() != level) {
                return pages.state(link.with(refused.approval(), false));
            }
            link = link.with(refused.approval(), true);
            problem = ReviewFormState.Problem.HAND_OVER_NOT_ALLOWED;
            detail = refused.reason();
        }
        return pages.review(link, secret, new ReviewFormState("", problem, detail, asked.typedTo(),
                asked.typedReason()), Map.of());
    }

    /** After the hand-over was recorded: email the colleague their link; if that fails, hand the request back. */
    private RenderedPage handedOver(ReviewRequest request, ReviewLink link, String to, String reason,
                                    DecisionForm.HandOverAsked asked, String secret) {
        ApprovalRecord after = link.approval();
        int level = link.level();
        String from = link.recipient();
        ReviewLinkDelivery.Delivery sent = delivery.deliver(after, after.level(level), to,
                ApprovalPresentation.proposal(link.proposal()), ReviewLinkDelivery.Kind.HAND_OVER,
                new HandOverView(from, reason), request.log());
        if (sent.sent()) {
            Instant at = after.lastReassignmentTo(to).map(Reassignment::at).orElse(clock.instant());
            return pages.renderer().handedOver(new HandedOverView(ReviewPages.ref(link), to, at, reason));
        }
        ChangeResult back = store.reassign(after.approvalId(), level, to, from, actor,
                ReviewLinkDelivery.clip("handed back: the email to " + to + " failed (" + sent.problem() + ")",
                        ApprovalLimits.MAX_REASON_CHARS));
        request.log().warn("hand-over email failed; handed back", "approvalId", request.approvalId(), "result",
                back.getClass().getSimpleName());
        ApprovalRecord now = back instanceof ChangeResult.Applied applied ? applied.approval()
                : store.get(after.approvalId()).orElse(after);
        if (!now.level(level).isRecipient(from) || now.status() != ApprovalStatus.PENDING) {
            // The colleague decided in the meantime, or the level moved on: the page says what happened.
            return pages.state(link.with(now, false));
        }
        return pages.review(link.with(now, true), secret, new ReviewFormState("",
                ReviewFormState.Problem.HAND_OVER_NOT_DELIVERED, to + ": " + sent.problem(), asked.typedTo(),
                asked.typedReason()), Map.of());
    }
}
