package dev.countersign.routing;

import dev.countersign.approval.ParamBounds;
import dev.countersign.core.RiskLevel;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One rule of the rules file (or its default rule): when it applies, and the route it gives.
 *
 * @param name             recorded in the route and the ROUTED event ({@code default} for an unnamed default rule)
 * @param when             the JSONata condition over the proposal; null for the default rule
 * @param riskLevels       the rule applies only to proposals of these risk levels; empty means any
 * @param levels           level 1 first (1 to 5)
 * @param quorum           distinct approvals per level
 * @param majority         false: one rejection rejects; true: rejections only count against the quorum
 * @param reminderFraction when the reminder goes out, as a fraction of each level's timeout, in (0, 1)
 * @param reminders        false: no reminder emails
 * @param modifiable       top-level {@code action.params} members an approver may change, with their bounds
 * @param fallback         what the exhausted chain gives; APPROVED only with {@code riskLevels} exactly {low}
 * @param path             where the rule is in the file ({@code $.rules[2]}, {@code $.default}), for messages
 */
public record RoutingRule(String name, WhenCondition when, Set<RiskLevel> riskLevels, List<RuleLevel> levels,
                          int quorum, boolean majority, double reminderFraction, boolean reminders,
                          List<ParamBounds> modifiable, Fallback fallback, String path) {
    public static final String DEFAULT_NAME = "default";
    public static final double DEFAULT_REMINDER_FRACTION = 0.75;

    public RoutingRule {
        Objects.requireNonNull(name, "name");
        riskLevels = Set.copyOf(riskLevels);
        levels = List.copyOf(levels);
        modifiable = List.copyOf(modifiable);
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(path, "path");
    }

    /** True for the rules file's {@code default}. */
    public boolean isDefault() {
        return when == null;
    }

    /** When level {@code timeoutSeconds} reminds: {@code floor(timeout × fraction)}, or 0 without reminders. */
    public long remindAfterSeconds(long timeoutSeconds) {
        return reminders ? (long) Math.floor(timeoutSeconds * reminderFraction) : 0;
    }
}
