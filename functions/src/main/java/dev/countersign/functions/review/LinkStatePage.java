package dev.countersign.functions.review;

import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.DecisionRecord;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.approval.Reassignment;
import dev.countersign.approval.Recipient;
import dev.countersign.approval.Verdict;
import dev.countersign.functions.internal.ApprovalPresentation;
import dev.countersign.link.LinkGrant;
import dev.countersign.views.AlreadyDecidedView;
import dev.countersign.views.ApprovalRef;
import dev.countersign.views.CancelledView;
import dev.countersign.views.EscalatedView;
import dev.countersign.views.ExpiredView;
import dev.countersign.views.LateDecisionView;
import dev.countersign.views.OutcomeText;
import dev.countersign.views.PageRenderer;
import dev.countersign.views.ReassignedView;
import dev.countersign.views.RenderedPage;
import java.time.Instant;
import java.util.Optional;

/**
 * The honest page for a link that does not decide anything now — decided, cancelled, timed out, escalated,
 * reassigned — chosen from the approval's state alone: pure, no I/O, rendered by {@link #render}.
 */
public sealed interface LinkStatePage {

    RenderedPage render(PageRenderer pages);

    record Cancelled(CancelledView view) implements LinkStatePage {
        @Override
        public RenderedPage render(PageRenderer pages) {
            return pages.cancelled(view);
        }
    }

    record AlreadyDecided(AlreadyDecidedView view) implements LinkStatePage {
        @Override
        public RenderedPage render(PageRenderer pages) {
            return pages.alreadyDecided(view);
        }
    }

    record Escalated(EscalatedView view) implements LinkStatePage {
        @Override
        public RenderedPage render(PageRenderer pages) {
            return pages.escalated(view);
        }
    }

    record Reassigned(ReassignedView view) implements LinkStatePage {
        @Override
        public RenderedPage render(PageRenderer pages) {
            return pages.reassigned(view);
        }
    }

    record Expired(ExpiredView view) implements LinkStatePage {
        @Override
        public RenderedPage render(PageRenderer pages) {
            return pages.expired(view);
        }
    }

    record LateDecision(LateDecisionView view) implements LinkStatePage {
        @Override
        public RenderedPage render(PageRenderer pages) {
            return pages.lateDecision(view);
        }
    }

    /** The one generic "link not valid" page: the link's recipient no longer takes part, and nobody took over. */
    record NotValid() implements LinkStatePage {
        @Override
        public RenderedPage render(PageRenderer pages) {
            return pages.linkNotValid();
        }
    }

    /** The page for {@code grant}'s link on {@code approval}, which does not let it decide now. */
    static LinkStatePage of(ApprovalRecord approval, LinkGrant grant, ApprovalRef ref) {
        DecisionRecord d = approval.decision();
        if (approval.status() == ApprovalStatus.CANCELLED && d != null) {
            return new Cancelled(new CancelledView(ref, d.decidedAt(), d.decidedBy(), d.comment()));
        }
        if (d != null && d.level() == grant.level() && ApprovalPresentation.outcome(d.outcome()).isPersonal()) {
            return new AlreadyDecided(new AlreadyDecidedView(ref, ApprovalPresentation.outcome(d.outcome()),
                    d.decidedBy(), d.decidedAt(), d.comment(), d.decidedBy().equals(grant.recipient())));
        }
        if (approval.currentLevel() > grant.level()) {
            EscalationLevel now = approval.current();
            Instant at = approval.escalatedAt(grant.level()).orElse(approval.level(grant.level()).deadline());
            return new Escalated(new EscalatedView(ref, at, now.number(),
                    now.recipients().stream().map(Recipient::approver).toList()));
        }
        Optional<EscalationLevel> level = approval.findLevel(grant.level());
        if (level.isPresent() && !level.get().isRecipient(grant.recipient())) {
            Optional<Reassignment> reassigned = approval.lastReassignmentFrom(grant.recipient());
            if (reassigned.isPresent()) {
                return new Reassigned(new ReassignedView(ref, reassigned.get().at(), reassigned.get().to(),
                        reassigned.get().by()));
            }
            return new NotValid();
        }
        OutcomeText fallback = d != null && d.fallback() != null ? ApprovalPresentation.outcome(d.fallback())
                : OutcomeText.REJECTED;
        Instant expiredAt = level.map(EscalationLevel::deadline).orElse(grant.expiresAt());
        return new Expired(new ExpiredView(ref, expiredAt, new ExpiredView.FallbackApplied(fallback)));
    }

    /**
     * The page for a verdict that came after its level ended: what was recorded (LATE_DECISION, at {@code now} if the
     * trail does not say) and how the approval really ended; or the link's state page when it did not end by timeout
     * or cancel.
     */
    static LinkStatePage late(ApprovalRecord approval, LinkGrant grant, ApprovalRef ref, Verdict verdict,
                              Instant now) {
        DecisionRecord d = approval.decision();
        if ((approval.status() == ApprovalStatus.TIMED_OUT || approval.status() == ApprovalStatus.CANCELLED)
                && d != null) {
            Instant recordedAt = approval.lastLateDecision(grant.recipient()).orElse(now);
            return new LateDecision(new LateDecisionView(ref, verdict == Verdict.APPROVE ? OutcomeText.APPROVED
                    : OutcomeText.REJECTED, recordedAt, ApprovalPresentation.outcome(d.outcome()), d.decidedAt()));
        }
        return of(approval, grant, ref);
    }
}
