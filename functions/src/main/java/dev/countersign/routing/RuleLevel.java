package dev.countersign.routing;

import java.util.List;

/**
 * One level of a rule's escalation chain as written in the rules file (before routing resolves it for a proposal
 * into a {@link RouteLevel}).
 *
 * @param approvers      addresses asked directly (lower case)
 * @param teams          names of teams whose members are asked
 * @param timeoutSeconds how long the level waits
 */
public record RuleLevel(List<String> approvers, List<String> teams, long timeoutSeconds) {
    /** One day: the level timeout when the file gives none. */
    public static final long DEFAULT_TIMEOUT_SECONDS = 86_400;
    public static final long MIN_TIMEOUT_SECONDS = 60;
    /** 365 days: the longest a Step Functions Standard workflow runs. */
    public static final long MAX_TIMEOUT_SECONDS = 31_536_000;

    public RuleLevel {
        approvers = List.copyOf(approvers);
        teams = List.copyOf(teams);
    }
}
