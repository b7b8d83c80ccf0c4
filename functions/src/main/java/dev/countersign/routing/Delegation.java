package dev.countersign.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import dev.countersign.routing.internal.RouteReader;
import java.util.Objects;

/**
 * An out-of-office substitution applied at routing time: {@code from} would have been asked, {@code to} is asked
 * instead. Recorded in the route (and so in the ROUTED audit event) so the trail shows why someone else decided.
 *
 * @param from the absent person's address (lower case)
 * @param to   their delegate's address (lower case)
 */
public record Delegation(String from, String to) {
    public Delegation {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /** {@code {"from", "to"}}. */
    public ObjectNode toJson() {
        return Json.object().put("from", from).put("to", to);
    }

    static Delegation read(RouteReader json) {
        return new Delegation(json.text("from"), json.text("to"));
    }
}
