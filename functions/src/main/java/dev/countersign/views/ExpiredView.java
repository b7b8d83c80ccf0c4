package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.time.Instant;
import java.util.List;

/**
 * The page for a link whose level timed out before anyone decided.
 *
 * @param approval  which approval
 * @param expiredAt when this level's time ran out
 * @param then      what happened next: another level, or the fallback
 */
public record ExpiredView(ApprovalRef approval, Instant expiredAt, Then then) {

    public ExpiredView {
        Fields.required(approval, "ExpiredView.approval", "an ApprovalRef");
        Fields.required(expiredAt, "ExpiredView.expiredAt", "when the level timed out");
        Fields.required(then, "ExpiredView.then", "ExpiredView.NextLevel or ExpiredView.FallbackApplied");
    }

    /** What happened after the timeout. */
    public sealed interface Then permits NextLevel, FallbackApplied {
    }

    /** The request went on to the next level's approvers. */
    public record NextLevel(int level, List<String> approvers) implements Then {
        public NextLevel {
            Fields.level(level, "ExpiredView.NextLevel.level");
            approvers = Fields.list(approvers, "ExpiredView.NextLevel.approvers");
            if (approvers.isEmpty()) {
                throw new IllegalArgumentException("ExpiredView.NextLevel.approvers is empty: pass who it went to");
            }
        }
    }

    /** No level was left: the configured fallback decided (REJECTED by default; never approval by silence). */
    public record FallbackApplied(OutcomeText outcome) implements Then {
        public FallbackApplied {
            Fields.required(outcome, "ExpiredView.FallbackApplied.outcome", "the fallback's outcome");
        }
    }
}
