package dev.countersign.functions.review;

import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.functions.CountersignSettings;
import dev.countersign.functions.internal.ApprovalPresentation;
import dev.countersign.functions.internal.ParameterChanges;
import dev.countersign.views.ApprovalRef;
import dev.countersign.views.PageRenderer;
import dev.countersign.views.QuorumView;
import dev.countersign.views.RenderedPage;
import dev.countersign.views.ReviewFormState;
import dev.countersign.views.ReviewPageView;
import dev.countersign.views.SelfApprovalRefusedView;
import java.util.List;
import java.util.Map;

/** The pages a review link shows, built from the link and its approval: the review form, or the link's state. */
final class ReviewPages {
    private final PageRenderer pages;
    private final CountersignSettings settings;

    ReviewPages(PageRenderer pages, CountersignSettings settings) {
        this.pages = pages;
        this.settings = settings;
    }

    PageRenderer renderer() {
        return pages;
    }

    /** The review page; {@code typed} keeps the parameter values a refused POST entered. */
    RenderedPage review(ReviewLink link, String secret, ReviewFormState form, Map<String, String> typed) {
        ApprovalRecord approval = link.approval();
        int level = link.level();
        EscalationLevel asked = approval.level(level);
        QuorumView quorum = ApprovalPresentation.quorum(approval, asked, link.recipient());
        boolean voted = quorum != null && quorum.yourVote() != null;
        return pages.review(new ReviewPageView(link.recipient(), ApprovalPresentation.approval(approval, level),
                ApprovalPresentation.proposal(link.proposal()), ApprovalPresentation.escalation(approval, level),
                ApprovalPresentation.history(approval.auditTrail()), settings.formAction(), secret,
                voted ? List.of() : ParameterChanges.editable(link.proposal(), asked, approval.terms(level), typed),
                form, quorum, !voted));
    }

    /** The page for a link that does not decide anything now ({@link LinkStatePage}). */
    RenderedPage state(ReviewLink link) {
        return LinkStatePage.of(link.approval(), link.grant(), ref(link)).render(pages);
    }

    RenderedPage selfApprovalRefused(ReviewLink link, SelfApprovalRefusedView.Role role) {
        return pages.selfApprovalRefused(new SelfApprovalRefusedView(ref(link), link.recipient(), role));
    }

    static ApprovalRef ref(ReviewLink link) {
        return ApprovalPresentation.ref(link.approval(), link.proposal());
    }
}
