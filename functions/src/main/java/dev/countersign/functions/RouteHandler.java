package dev.countersign.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import dev.countersign.routing.Refusal;
import dev.countersign.routing.Route;
import dev.countersign.routing.RouteOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The gate's Route step ({@code arn:aws:states:::lambda:invoke}): decides who approves the proposal before anything
 * is stored or emailed, and how long each level waits, so that RequestApproval can take its timeout from the route
 * ({@code TimeoutSecondsPath: $.approval.phase.seconds}).
 *
 * <p>Input {@code {"executionArn", "gate", "proposal"}}. Output: the {@link Route} JSON waiting in its first phase, or
 * {@code {"refused": {"error", "cause"}}} ({@value Refusal#INVALID_PROPOSAL}, {@value Refusal#NO_ROUTE},
 * {@value Refusal#ROUTING_ERROR}) for the workflow's Fail state: a refusal is a result, not a failed invocation,
 * because the Java runtime would report an exception as its class name. A malformed input (a bug in the workflow
 * definition) fails the invocation with a message naming the field.
 *
 * <p>The rules come from {@value RouteDependencies#ROUTING_FILE}, loaded and checked once at init: an invalid file
 * fails init with every problem. Without one, the proposal's routing hints or {@code COUNTERSIGN_DEFAULT_APPROVERS}
 * are asked, as before rules existed. Pure: no store, no email, the same input always gives the same route (except
 * across an out-of-office period's start or end).
 */
public final class RouteHandler implements RequestStreamHandler {
    public static final String FUNCTION = "countersign-route";

    private final RouteDependencies deps;

    /** What Lambda calls: everything from the process environment, once per container. */
    public RouteHandler() {
        this(System.getenv());
    }

    /** From an explicit environment (the local runtime passes its own). */
    public RouteHandler(Map<String, String> environment) {
        this(RouteDependencies.fromEnvironment(environment, FUNCTION));
    }

    public RouteHandler(RouteDependencies dependencies) {
        this.deps = Objects.requireNonNull(dependencies, "dependencies");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ObjectNode result = handle(Json.parse(input), context == null ? null : context.getAwsRequestId());
        output.write(Json.write(result).getBytes(StandardCharsets.UTF_8));
    }

    /** One invocation on a parsed input. */
    public ObjectNode handle(JsonNode input, String requestId) {
        JsonLog log = deps.log().forRequest(requestId);
        if (input == null || !input.isObject()) {
            throw problem("$", "is not a JSON object", "pass {\"executionArn.$\": \"$$.Execution.Id\", \"gate\": …,"
                    + " \"proposal.$\": …}");
        }
        String executionArn = text(input, "executionArn", "set \"executionArn.$\": \"$$.Execution.Id\"");
        String gate = text(input, "gate", "name the gate, e.g. \"gate\": \"refund-approval\"");
        JsonNode proposal = input.get("proposal");
        if (proposal == null || proposal.isNull()) {
            throw problem("proposal", "is missing", "set \"proposal.$\" to the path of the proposal, e.g. \"$\"");
        }
        RouteOutcome outcome = deps.policy().route(proposal, deps.clock().instant());
        if (outcome instanceof Route route) {
            log.info("routed", "executionArn", executionArn, "gate", gate, "rule", route.rule(), "levels",
                    route.levels().size(), "recipients", route.level(1).recipients().size(), "quorum",
                    route.quorum().required(), "delegations", route.level(1).delegations().size(), "excluded",
                    route.excluded().size());
        } else {
            Refusal refusal = (Refusal) outcome;
            log.warn("refused", "executionArn", executionArn, "gate", gate, "error", refusal.error());
        }
        return outcome.toJson();
    }

    private static String text(JsonNode input, String field, String fix) {
        JsonNode node = input.get(field);
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw problem(field, node == null ? "is missing" : "is not a non-empty string", fix);
        }
        return node.textValue().strip();
    }

    private static IllegalArgumentException problem(String field, String problem, String fix) {
        return new IllegalArgumentException("the route function's input field '" + field + "' " + problem + ": "
                + fix + " in the gate's Route state Parameters.Payload");
    }
}
