package dev.countersign.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the Route step returns (the gate's {@code $.approval}): a {@link Route} to follow, or a {@link Refusal} the
 * gate turns into a Fail state. The JSON shapes are the contract between the Route function and the workflow
 * (docs/routing.md): {@code {"version": 1, "rule", …, "phase"}} or {@code {"refused": {"error", "cause"}}}.
 */
public sealed interface RouteOutcome permits Route, Refusal {

    /** The JSON the Route function returns. */
    ObjectNode toJson();

    /**
     * Reads either shape; a member named {@code refused} makes it a refusal.
     *
     * @throws IllegalArgumentException naming the path of the first problem, when the JSON is neither
     */
    static RouteOutcome fromJson(JsonNode json) {
        if (json != null && json.isObject() && json.has(Refusal.MEMBER)) {
            return Refusal.fromJson(json);
        }
        return Route.fromJson(json);
    }
}
