package dev.countersign.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalLimits;
import dev.countersign.approval.ParamBounds;
import dev.countersign.core.json.Json;
import dev.countersign.routing.internal.RouteReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who decides one proposal, resolved by the Route step and carried through the workflow as {@code $.approval}: the
 * rule that matched, the quorum, the parameters an approver may modify, the fallback after the last level, every
 * level of the chain, and the {@link Phase} the gate waits in now. Route returns it with the first phase; Escalate
 * returns it with the next one ({@link #withPhase}).
 *
 * <pre>{"version": 1, "rule": "refunds-over-1000", "quorum": {"required": 1, "majority": false},
 *  "modifiable": [{"param": "amount", "type": "number", "minimum": 0, "maximum": "proposed"}],
 *  "fallback": "REJECTED", "excluded": ["dana@shop.example"],
 *  "levels": [{"level": 1, "recipients": [...], "delegations": [{"from", "to"}], "timeoutSeconds": 3600,
 *              "remindAfterSeconds": 2700}, ...],
 *  "phase": {"level": 1, "kind": "REMIND", "seconds": 2700}}</pre>
 *
 * @param version    {@value #VERSION}: the shape's version
 * @param rule       the name of the rule that matched ({@code default} for the default rule)
 * @param quorum     distinct approvals per level, and whether one rejection decides
 * @param modifiable the top-level {@code action.params} members an approver may change before approving, with their
 *                   bounds; empty when none. A route written before bounds existed lists bare names, which are read
 *                   as nothing to change.
 * @param fallback   what happens when the last level times out
 * @param excluded   addresses routing removed for separation of duties (the requester, the proposing agent, or a
 *                   delegate who is one of them); recorded so the trail shows it was on purpose
 * @param levels     the chain, level 1 first, numbered 1, 2, 3… without gaps
 * @param phase      the wait the gate is in; always a phase of one of {@code levels}
 */
public record Route(int version, String rule, Quorum quorum, List<ParamBounds> modifiable, Fallback fallback,
                    List<String> excluded, List<RouteLevel> levels, Phase phase) implements RouteOutcome {
    /** The shape's version; a reader refuses others. */
    public static final int VERSION = 1;
    /** The member that holds the current wait; the gate waits (again) while it is present. */
    public static final String PHASE = "phase";

    public Route {
        if (version != VERSION) {
            throw new IllegalArgumentException("route version " + version + " is not supported; this Countersign"
                    + " reads version " + VERSION);
        }
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(quorum, "quorum");
        modifiable = List.copyOf(modifiable);
        Objects.requireNonNull(fallback, "fallback");
        excluded = List.copyOf(excluded);
        levels = List.copyOf(levels);
        Objects.requireNonNull(phase, "phase");
        if (rule.isBlank()) {
            throw new IllegalArgumentException("a route names the rule that made it; rule is blank");
        }
        if (levels.isEmpty() || levels.size() > ApprovalLimits.MAX_LEVELS) {
            throw new IllegalArgumentException("a route has 1 to " + ApprovalLimits.MAX_LEVELS + " levels; got "
                    + levels.size());
        }
        for (int i = 0; i < levels.size(); i++) {
            RouteLevel level = levels.get(i);
            if (level.level() != i + 1) {
                throw new IllegalArgumentException("levels must be numbered 1, 2, 3… in order; item " + i
                        + " is level " + level.level());
            }
            if (level.recipients().size() < quorum.required()) {
                throw new IllegalArgumentException("level " + level.level() + " has " + level.recipients().size()
                        + " recipient(s), fewer than the quorum of " + quorum.required());
            }
        }
        if (phase.level() > levels.size() || !levels.get(phase.level() - 1).phases().contains(phase)) {
            throw new IllegalArgumentException("phase " + phase + " is not a phase of this route's levels");
        }
    }

    /** A route waiting in its first phase (level 1's REMIND, or its DEADLINE when it does not remind). */
    public static Route start(String rule, Quorum quorum, List<ParamBounds> modifiable, Fallback fallback,
                              List<String> excluded, List<RouteLevel> levels) {
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a route has at least one level");
        }
        return new Route(VERSION, rule, quorum, modifiable, fallback, excluded, levels,
                levels.get(0).phases().get(0));
    }

    /** Level {@code n} (1 first). */
    public RouteLevel level(int n) {
        if (n < 1 || n > levels.size()) {
            throw new IllegalArgumentException("this route has levels 1 to " + levels.size() + "; there is no level "
                    + n);
        }
        return levels.get(n - 1);
    }

    /** The level the gate waits on now ({@code level(phase.level)}). */
    public RouteLevel currentLevel() {
        return level(phase.level());
    }

    /** True when the current level is the chain's last: its DEADLINE timing out applies the fallback. */
    public boolean atLastLevel() {
        return phase.level() == levels.size();
    }

    /** The first wait of level 1: REMIND when level 1 reminds, else its DEADLINE. */
    public Phase firstPhase() {
        return levels.get(0).phases().get(0);
    }

    /**
     * The wait after {@code current}: the DEADLINE of the same level after its REMIND, else the first phase of the next
     * level, else empty (the chain is exhausted: the fallback applies).
     */
    public Optional<Phase> nextPhase(Phase current) {
        List<Phase> phases = level(current.level()).phases();
        int at = phases.indexOf(current);
        if (at < 0) {
            throw new IllegalArgumentException(current + " is not a phase of level " + current.level()
                    + " of this route (" + phases + ")");
        }
        if (at + 1 < phases.size()) {
            return Optional.of(phases.get(at + 1));
        }
        if (current.level() < levels.size()) {
            return Optional.of(level(current.level() + 1).phases().get(0));
        }
        return Optional.empty();
    }

    /** {@link #nextPhase(Phase)} of the current phase. */
    public Optional<Phase> nextPhase() {
        return nextPhase(phase);
    }

    /** The same route waiting in {@code next} (what Escalate returns). */
    public Route withPhase(Phase next) {
        return new Route(version, rule, quorum, modifiable, fallback, excluded, levels, next);
    }

    /** True when an approver may change {@code param} (a top-level member of {@code action.params}). */
    public boolean mayModify(String param) {
        return modifiable.stream().anyMatch(m -> m.param().equals(param));
    }

    /** The Route function's output: {@code {"version": 1, "rule", …, "phase"}}. */
    public ObjectNode toJson() {
        ObjectNode json = Json.object().put("version", version).put("rule", rule);
        json.set("quorum", quorum.toJson());
        json.set("modifiable", ParamBounds.listToJson(modifiable));
        json.put("fallback", fallback.name());
        ArrayNode out = json.putArray("excluded");
        excluded.forEach(out::add);
        ArrayNode chain = json.putArray("levels");
        levels.forEach(level -> chain.add(level.toJson()));
        json.set(PHASE, phase.toJson());
        return json;
    }

    /**
     * Reads a route the Route step wrote. {@code excluded} may be absent (empty); anything else missing or mistyped
     * fails with the path, e.g. {@code $.levels[1].timeoutSeconds: must be a whole number}.
     */
    public static Route fromJson(JsonNode json) {
        RouteReader reader = RouteReader.root(json, "a route");
        List<RouteLevel> levels = new ArrayList<>();
        for (RouteReader level : reader.objects("levels")) {
            levels.add(RouteLevel.read(level));
        }
        List<String> excluded = reader.has("excluded") ? reader.texts("excluded") : List.of();
        try {
            return new Route(reader.integer("version"), reader.text("rule"), Quorum.read(reader.object("quorum")),
                    ParamBounds.listFromJson(reader.array("modifiable")), Fallback.fromWire(reader.text("fallback")),
                    excluded, levels,
                    Phase.read(reader.object(PHASE)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid route: " + e.getMessage(), e);
        }
    }
}
