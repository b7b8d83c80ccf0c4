package dev.countersign.functions;

import dev.countersign.routing.HintRouting;
import dev.countersign.routing.RoutePolicy;
import dev.countersign.routing.RoutingRules;
import dev.countersign.routing.RuleLevel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What the Route function works with: the routing policy, a clock (out-of-office periods) and the log. It needs no
 * AWS client, so its cold start loads none.
 *
 * @param policy the rules file's rules, or {@link HintRouting} when there is none
 * @param clock  "now" for out-of-office periods
 * @param log    JSON lines on stdout
 */
public record RouteDependencies(RoutePolicy policy, Clock clock, JsonLog log) {
    /** The rules file; without it the Route function routes as before rules existed ({@link HintRouting}). */
    public static final String ROUTING_FILE = "COUNTERSIGN_ROUTING_FILE";
    /** The one level's timeout in seconds when there is no rules file; default 86400. */
    public static final String DEFAULT_TIMEOUT = "COUNTERSIGN_DEFAULT_TIMEOUT_SECONDS";

    public RouteDependencies {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(log, "log");
    }

    /**
     * The policy from the environment: {@value #ROUTING_FILE} loaded and checked now (an invalid file throws
     * {@link dev.countersign.routing.InvalidRoutingRulesException} listing every problem, so init fails), else
     * {@code COUNTERSIGN_DEFAULT_APPROVERS} and {@value #DEFAULT_TIMEOUT}.
     */
    public static RoutePolicy policyFromEnvironment(Map<String, String> env) {
        String file = env.get(ROUTING_FILE);
        if (file != null && !file.isBlank()) {
            return RoutingRules.loadOrThrow(Path.of(file.strip()));
        }
        String timeout = env.get(DEFAULT_TIMEOUT);
        long seconds = RuleLevel.DEFAULT_TIMEOUT_SECONDS;
        if (timeout != null && !timeout.isBlank()) {
            try {
                seconds = Long.parseLong(timeout.strip());
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (seconds < RuleLevel.MIN_TIMEOUT_SECONDS || seconds > RuleLevel.MAX_TIMEOUT_SECONDS) {
                throw new IllegalArgumentException(DEFAULT_TIMEOUT + "='" + timeout + "' is not a whole number of"
                        + " seconds from " + RuleLevel.MIN_TIMEOUT_SECONDS + " to " + RuleLevel.MAX_TIMEOUT_SECONDS
                        + ": set it like " + DEFAULT_TIMEOUT + "=86400 (one day), or leave it out for one day");
            }
        }
        return new HintRouting(CountersignSettings.defaultApprovers(env), seconds);
    }

    /** Everything from an environment map, with the system clock and stdout. */
    public static RouteDependencies fromEnvironment(Map<String, String> env, String function) {
        return new RouteDependencies(policyFromEnvironment(env), Clock.systemUTC(), JsonLog.stdout(function));
    }
}
