package dev.countersign.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import dev.countersign.functions.review.StrandedDecisions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The scheduled redelivery of stranded decisions (docs/handlers.md, "Redelivery function"): a person's decision is
 * recorded, but the function that recorded it died or timed out before the workflow took it, or Step Functions was
 * unavailable. This function finds those ({@link StrandedDecisions}) and hands each to its workflow, so that a
 * recorded decision always reaches its workflow without anyone clicking again.
 *
 * <p>Input: the EventBridge scheduled event, whose content is ignored; {@code {"max": N}} (1 to {@value #MAX_LIMIT},
 * default {@value #DEFAULT_MAX}) bounds the decisions one invocation hands over, {@code {"minAgeSeconds": S}} (0 to
 * 3600) leaves younger decisions to the function still delivering them (default: that function's callback retry
 * window plus a margin). Output {@code {"delivered", "pending", "ended", "tooRecent", "stoppedBy"}} ({@code stoppedBy}:
 * a {@link StrandedDecisions.Stop} name), and one log line with them. It stops between two decisions when the invocation's remaining time would not cover another.
 */
public final class RedeliverDecisionsHandler implements RequestStreamHandler {
    public static final String FUNCTION = "countersign-redeliver";
    /** The actor of the callback events this function records. */
    public static final String ACTOR = "countersign:redeliver";
    public static final int DEFAULT_MAX = 200;
    public static final int MAX_LIMIT = 10_000;
    /** Time left unused at the end of an invocation, on top of twice the slowest batch of deliveries seen. */
    static final long RESERVE_MILLIS = 3_000;

    private final FunctionDependencies deps;
    private final StrandedDecisions stranded;

    /** What Lambda calls: everything from the process environment, once per container. */
    public RedeliverDecisionsHandler() {
        this(System.getenv());
    }

    /** Everything from an explicit environment. */
    public RedeliverDecisionsHandler(Map<String, String> environment) {
        this(FunctionDependencies.fromEnvironment(environment, FUNCTION));
    }

    public RedeliverDecisionsHandler(FunctionDependencies dependencies) {
        this.deps = dependencies;
        this.stranded = new StrandedDecisions(dependencies, ACTOR);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] bytes = input == null ? new byte[0] : input.readAllBytes();
        JsonNode event = new String(bytes, StandardCharsets.UTF_8).isBlank() ? null : Json.parse(bytes);
        StrandedDecisions.Sweep sweep = handle(event, context == null ? null : context.getAwsRequestId(),
                context == null ? () -> Long.MAX_VALUE : () -> context.getRemainingTimeInMillis());
        output.write(Json.write(toJson(sweep)).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One invocation on a parsed input (null: none).
     *
     * @param remainingMillis the invocation's remaining time ({@code Context#getRemainingTimeInMillis})
     */
    public StrandedDecisions.Sweep handle(JsonNode input, String requestId, LongSupplier remainingMillis) {
        JsonLog log = deps.log().forRequest(requestId);
        int max = number(input, "max", 1, MAX_LIMIT, DEFAULT_MAX);
        Duration minAge = Duration.ofSeconds(number(input, "minAgeSeconds", 0, 3600,
                (int) stranded.deliveryWindow().toSeconds()));
        long[] slowest = {0};
        long[] started = {System.nanoTime()};
        StrandedDecisions.Sweep sweep;
        try {
            sweep = stranded.sweep(max, minAge, () -> {
                long now = System.nanoTime();
                slowest[0] = Math.max(slowest[0], (now - started[0]) / 1_000_000);
                started[0] = now;
                return remainingMillis.getAsLong() >= RESERVE_MILLIS + 2 * slowest[0];
            }, log);
        } catch (RuntimeException e) {
            log.error("redelivery sweep failed", e, "max", max);
            throw e;
        }
        log.info("stranded decisions handed over", "delivered", sweep.delivered(), "pending", sweep.pending(),
                "ended", sweep.ended(), "tooRecent", sweep.tooRecent(), "stoppedBy", sweep.stoppedBy().name(),
                "max", max);
        return sweep;
    }

    public static ObjectNode toJson(StrandedDecisions.Sweep sweep) {
        return Json.object().put("delivered", sweep.delivered()).put("pending", sweep.pending())
                .put("ended", sweep.ended()).put("tooRecent", sweep.tooRecent())
                .put("stoppedBy", sweep.stoppedBy().name());
    }

    /** A whole-number field of the input, or its default; the scheduled event's own members are ignored. */
    private static int number(JsonNode input, String field, int min, int limit, int otherwise) {
        JsonNode value = input == null || !input.isObject() ? null : input.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min
                || value.intValue() > limit) {
            throw new IllegalArgumentException("the redelivery function's input field '" + field + "' is " + value
                    + ", not a whole number from " + min + " to " + limit + ": pass e.g. {\"" + field + "\": "
                    + otherwise + "}, or leave it out for " + otherwise);
        }
        return value.intValue();
    }
}
