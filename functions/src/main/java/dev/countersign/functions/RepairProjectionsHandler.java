package dev.countersign.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalStore;
import dev.countersign.approval.ProjectionRepair;
import dev.countersign.aws.AwsClients;
import dev.countersign.core.json.Json;
import dev.countersign.store.dynamodb.DynamoDbProjectionRepair;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The scheduled repair of the list projections (docs/data-design.md, "Repair"): re-projects the approvals whose writer
 * died between the approval write and its projections, in batches, until none is due, {@code max} approvals were
 * repaired, or the invocation's remaining time would not cover another batch — so it never times out half-way.
 *
 * <p>Input: the EventBridge scheduled event, whose content is ignored; a {@code {"max": N}} (1 to {@value #MAX_LIMIT})
 * bounds the approvals repaired by one invocation, default {@value #DEFAULT_MAX}. Output {@code {"repaired": n}}, and
 * one log line with that count and why the sweep stopped. Safe to run at any time, concurrently with writers and with
 * itself.
 *
 * <p>It needs the approvals table alone: built from the environment it resolves neither the audit key nor the
 * email and callback settings, so the deployed function is granted the table and nothing else.
 */
public final class RepairProjectionsHandler implements RequestStreamHandler {
    public static final String FUNCTION = "countersign-repair-projections";
    /** Approvals one invocation repairs at most, unless the input says otherwise. */
    public static final int DEFAULT_MAX = 1000;
    /** The largest {@code max} an input may ask for. */
    public static final int MAX_LIMIT = 10_000;
    /** Approvals per call of the store: small, so the time check between batches is frequent. */
    static final int BATCH = 25;
    /** Time left unused at the end of an invocation, on top of twice the slowest batch seen. */
    static final long RESERVE_MILLIS = 3_000;

    private final ProjectionRepair repair;
    private final JsonLog log;

    /** What Lambda calls: everything from the process environment, once per container. */
    public RepairProjectionsHandler() {
        this(System.getenv());
    }

    /** From an explicit environment: the approvals table ({@code COUNTERSIGN_TABLE}) and the DynamoDB endpoint. */
    public RepairProjectionsHandler(Map<String, String> environment) {
        this(DynamoDbProjectionRepair.fromEnvironment(AwsClients.fromEnvironment(environment), environment,
                Clock.systemUTC()), JsonLog.stdout(FUNCTION));
    }

    /** With the dependencies the other handlers share (the local runtime, tests). */
    public RepairProjectionsHandler(FunctionDependencies dependencies) {
        this(repairOf(dependencies.store()), dependencies.log());
    }

    private static ProjectionRepair repairOf(ApprovalStore store) {
        if (store instanceof ProjectionRepair repair) {
            return repair;
        }
        throw new IllegalArgumentException("the approval store " + store.getClass().getSimpleName() + " keeps no list"
                + " projections to repair: give this handler the DynamoDB store");
    }

    public RepairProjectionsHandler(ProjectionRepair repair, JsonLog log) {
        this.repair = Objects.requireNonNull(repair, "repair");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Why a sweep stopped. */
    public enum Stop {
        /** No approval is left with its projections due. */
        NOTHING_DUE,
        /** {@code max} approvals were repaired; the next run goes on. */
        MAX_REACHED,
        /** The invocation's remaining time would not cover another batch; the next run goes on. */
        TIME_RUNNING_OUT
    }

    /** What one sweep did. */
    public record Sweep(int repaired, Stop stoppedBy) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] bytes = input == null ? new byte[0] : input.readAllBytes();
        JsonNode event = new String(bytes, StandardCharsets.UTF_8).isBlank() ? null : Json.parse(bytes);
        Sweep sweep = handle(event, context == null ? null : context.getAwsRequestId(),
                context == null ? () -> Long.MAX_VALUE : () -> context.getRemainingTimeInMillis());
        output.write(Json.write(Json.object().put("repaired", sweep.repaired())).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One invocation on a parsed input (null: none).
     *
     * @param remainingMillis the invocation's remaining time ({@code Context#getRemainingTimeInMillis})
     */
    public Sweep handle(JsonNode input, String requestId, LongSupplier remainingMillis) {
        JsonLog requestLog = log.forRequest(requestId);
        int max = max(input);
        int repaired = 0;
        long slowestBatch = 0;
        Stop stop = Stop.MAX_REACHED;
        try {
            while (repaired < max) {
                if (remainingMillis.getAsLong() < RESERVE_MILLIS + 2 * slowestBatch) {
                    stop = Stop.TIME_RUNNING_OUT;
                    break;
                }
                int asked = Math.min(BATCH, max - repaired);
                long started = System.nanoTime();
                int done = repair.repairProjections(asked);
                slowestBatch = Math.max(slowestBatch, (System.nanoTime() - started) / 1_000_000);
                repaired += done;
                if (done < asked) {
                    stop = Stop.NOTHING_DUE;
                    break;
                }
            }
        } catch (RuntimeException e) {
            requestLog.error("projection repair failed", e, "repaired", repaired, "max", max);
            throw e;
        }
        requestLog.info("projections repaired", "repaired", repaired, "stoppedBy", stop.name(), "max", max);
        return new Sweep(repaired, stop);
    }

    /** {@code max} from the input, or the default; the scheduled event's own members are ignored. */
    private static int max(JsonNode input) {
        JsonNode max = input == null || !input.isObject() ? null : input.get("max");
        if (max == null || max.isNull()) {
            return DEFAULT_MAX;
        }
        if (!max.canConvertToInt() || !max.isIntegralNumber() || max.intValue() < 1 || max.intValue() > MAX_LIMIT) {
            throw new IllegalArgumentException("the repair function's input field 'max' is " + max + ", not a whole"
                    + " number from 1 to " + MAX_LIMIT + ": pass e.g. {\"max\": " + DEFAULT_MAX + "}, or leave it"
                    + " out for " + DEFAULT_MAX);
        }
        return max.intValue();
    }
}
