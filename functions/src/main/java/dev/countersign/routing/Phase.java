package dev.countersign.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import dev.countersign.routing.internal.RouteReader;
import java.util.Objects;

/**
 * One wait of the gate: the RequestApproval task runs with {@code TimeoutSecondsPath: $.approval.phase.seconds}.
 * A level is one phase (DEADLINE) or two (REMIND, then DEADLINE for the rest of the level's timeout).
 *
 * @param level   the level being waited on (1 first)
 * @param kind    what happens when this wait times out
 * @param seconds how long this wait lasts, at least 1
 */
public record Phase(int level, PhaseKind kind, long seconds) {
    /** The member the gate's RequestApproval reads as its TimeoutSecondsPath. */
    public static final String SECONDS = "seconds";

    public Phase {
        Objects.requireNonNull(kind, "kind");
        if (level < 1) {
            throw new IllegalArgumentException("phase.level must be at least 1; got " + level);
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("phase.seconds must be at least 1; got " + seconds);
        }
    }

    /** {@code {"level", "kind", "seconds"}}. */
    public ObjectNode toJson() {
        return Json.object().put("level", level).put("kind", kind.name()).put(SECONDS, seconds);
    }

    static Phase read(RouteReader json) {
        return new Phase(json.integer("level"), PhaseKind.fromWire(json.text("kind")), json.longInteger(SECONDS));
    }
}
