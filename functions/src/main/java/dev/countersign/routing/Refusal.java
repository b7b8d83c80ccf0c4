package dev.countersign.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import dev.countersign.routing.internal.RouteReader;
import java.util.Objects;

/**
 * The proposal cannot be routed: the gate fails with {@code error} and {@code cause} (a Fail state with
 * ErrorPath/CausePath), before anything is stored or emailed. JSON: {@code {"refused": {"error", "cause"}}}.
 *
 * @param error a States error name: {@value #INVALID_PROPOSAL}, {@value #NO_ROUTE} or {@value #ROUTING_ERROR}
 * @param cause what is wrong and what to do, for a person; at most {@value #MAX_CAUSE_CHARS} characters
 */
public record Refusal(String error, String cause) implements RouteOutcome {
    /** The proposal breaks its contract; the cause is the JSON list of every violation. */
    public static final String INVALID_PROPOSAL = "Countersign.InvalidProposal";
    /** No rule matched and there is no default, or too few people are left to decide; the cause names the workflow. */
    public static final String NO_ROUTE = "Countersign.NoRoute";
    /**
     * A rule's {@code when} failed or gave something other than true or false: the rules file has a bug. The gate stops
     * rather than try later rules, which could send the proposal to the wrong people.
     */
    public static final String ROUTING_ERROR = "Countersign.RoutingError";
    /** Step Functions accepts an error cause of at most this many characters. */
    public static final int MAX_CAUSE_CHARS = 32_768;
    /** Step Functions accepts an error name of at most this many characters. */
    public static final int MAX_ERROR_CHARS = 256;

    static final String MEMBER = "refused";

    public Refusal {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(cause, "cause");
        if (error.isBlank() || error.length() > MAX_ERROR_CHARS) {
            throw new IllegalArgumentException("a refusal's error must be a States error name of 1 to "
                    + MAX_ERROR_CHARS + " characters, e.g. " + NO_ROUTE + "; got \"" + error + "\"");
        }
        if (cause.length() > MAX_CAUSE_CHARS) {
            cause = cause.substring(0, MAX_CAUSE_CHARS - 1) + "…";
        }
    }

    /** {@code {"refused": {"error", "cause"}}}. */
    @Override
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.putObject(MEMBER).put("error", error).put("cause", cause);
        return json;
    }

    /** Reads {@code {"refused": {"error", "cause"}}}; fails naming the path of the first problem. */
    public static Refusal fromJson(JsonNode json) {
        RouteReader refused = RouteReader.root(json, "a refusal").object(MEMBER);
        return new Refusal(refused.text("error"), refused.text("cause"));
    }
}
