package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.math.BigDecimal;
import java.util.List;

/**
 * The proposal's risk assessment.
 *
 * @param level   the level (required)
 * @param score   the score as given, or {@code null} when the proposal has none
 * @param reasons why the level was given; may be empty
 */
public record RiskView(RiskBadge level, BigDecimal score, List<String> reasons) {

    public RiskView {
        Fields.required(level, "RiskView.level", "the proposal's risk.level (RiskBadge.of(\"high\"))");
        reasons = Fields.list(reasons, "RiskView.reasons");
    }

    /** The score as written ("0.82", "87"), or "" when there is none. */
    public String scoreText() {
        return score == null ? "" : score.toPlainString();
    }
}
