package dev.countersign.functions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.audit.IsoMillis;
import dev.countersign.core.json.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The handlers' logger: one JSON object per line on stdout, the shape Lambda's JSON log format reads ({@code
 * timestamp}, {@code level}, {@code message}, then the fields). No logging framework: nothing to configure or load at
 * cold start.
 *
 * <p>Handlers log ids, counts and outcomes; never a task token, a link secret, a request path or body that carries
 * one, or an email body. As a second line of defence a request's log {@linkplain #redacting redacts} the secrets
 * that request handles from every line it writes, wherever they turn up (an exception message, a field).
 *
 * <p>{@link #metric} writes CloudWatch embedded metric format (EMF) lines to the same stream: CloudWatch Logs turns
 * them into metrics, so counting costs no AWS client and no call on the request path.
 */
public final class JsonLog {
    /** What a redacted value is replaced with. */
    public static final String REDACTED = "<redacted>";
    /** The metrics' CloudWatch namespace. */
    public static final String METRIC_NAMESPACE = "Countersign";
    /** The metrics' one dimension: which deployment (stack) they come from. */
    public static final String METRIC_DIMENSION = "Deployment";
    /** The environment variable naming the deployment (the stack sets its name prefix); default {@value #LOCAL}. */
    public static final String DEPLOYMENT_VARIABLE = "COUNTERSIGN_DEPLOYMENT";
    public static final String LOCAL = "local";
    private static final int MAX_STACK_FRAMES = 12;
    private static final java.util.Set<String> RESERVED = java.util.Set.of("timestamp", "level", "message",
            "function", "requestId", "errorType", "errorMessage", "stackTrace", "cause");

    private final PrintStream out;
    private final Clock clock;
    private final String function;
    private final String requestId;
    private final List<String> secrets;
    private final String deployment;

    public JsonLog(PrintStream out, Clock clock, String function) {
        this(out, clock, function, null, List.of(), LOCAL);
    }

    private JsonLog(PrintStream out, Clock clock, String function, String requestId, List<String> secrets,
                    String deployment) {
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.function = Objects.requireNonNull(function, "function");
        this.requestId = requestId;
        this.secrets = List.copyOf(secrets);
        this.deployment = Objects.requireNonNull(deployment, "deployment");
    }

    /** The process's log: stdout, the system clock, metrics of the deployment {@value #DEPLOYMENT_VARIABLE} names. */
    public static JsonLog stdout(String function) {
        String deployment = System.getenv(DEPLOYMENT_VARIABLE);
        return new JsonLog(System.out, Clock.systemUTC(), function, null, List.of(),
                deployment == null || deployment.isBlank() ? LOCAL : deployment.strip());
    }

    /** This log with every line tagged with a Lambda request id (null: none). */
    public JsonLog forRequest(String id) {
        return new JsonLog(out, clock, function, id, secrets, deployment);
    }

    /** This log, its metrics under {@code name} (tests; {@link #stdout} reads {@value #DEPLOYMENT_VARIABLE}). */
    public JsonLog forDeployment(String name) {
        return new JsonLog(out, clock, function, requestId, secrets, name);
    }

    /** This log, also replacing each of {@code values} (task tokens, link secrets) wherever it appears in a line. */
    public JsonLog redacting(String... values) {
        List<String> all = new ArrayList<>(secrets);
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                all.add(value);
            }
        }
        return new JsonLog(out, clock, function, requestId, all, deployment);
    }

    /** One metric value as an EMF line: namespace {@value #METRIC_NAMESPACE}, dimension {@value #METRIC_DIMENSION}. */
    public void metric(Metric metric, double value) {
        String name = metric.metricName();
        String unit = metric.unit();
        // Also a log line like the others (timestamp, level, message): Lambda's log-level filter reads "level".
        ObjectNode line = Json.object();
        line.put("timestamp", IsoMillis.format(clock.instant()));
        line.put("level", "INFO");
        line.put("message", "metric " + name);
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", METRIC_NAMESPACE);
        directive.putArray("Dimensions").addArray().add(METRIC_DIMENSION);
        directive.putArray("Metrics").addObject().put("Name", name).put("Unit", unit);
        line.put(METRIC_DIMENSION, deployment);
        line.put(name, value);
        line.put("function", function);
        if (requestId != null) {
            line.put("requestId", requestId);
        }
        out.println(Json.write(line));
    }

    /**
     * {@code fields} alternate names and values: {@code info("approval created", "approvalId", id, "recipients", 2)}.
     * A field named like a line's own members (timestamp, level, message...) is written as {@code field.<name>}.
     */
    public void info(String message, Object... fields) {
        write("INFO", message, null, fields);
    }

    public void warn(String message, Object... fields) {
        write("WARN", message, null, fields);
    }

    public void error(String message, Throwable error, Object... fields) {
        write("ERROR", message, error, fields);
    }

    private void write(String level, String message, Throwable error, Object[] fields) {
        ObjectNode line = Json.object();
        line.put("timestamp", IsoMillis.format(clock.instant()));
        line.put("level", level);
        line.put("message", clean(message));
        line.put("function", function);
        if (requestId != null) {
            line.put("requestId", requestId);
        }
        for (int i = 0; i + 1 < fields.length; i += 2) {
            String name = String.valueOf(fields[i]);
            if (RESERVED.contains(name)) {
                name = "field." + name;
            }
            Object value = fields[i + 1];
            if (value == null) {
                line.putNull(name);
            } else if (value instanceof Integer || value instanceof Long) {
                line.put(name, ((Number) value).longValue());
            } else if (value instanceof Number number) {
                line.put(name, number.doubleValue());
            } else if (value instanceof Boolean bool) {
                line.put(name, bool);
            } else {
                line.put(name, clean(String.valueOf(value)));
            }
        }
        if (error != null) {
            line.put("errorType", error.getClass().getName());
            line.put("errorMessage", clean(String.valueOf(error.getMessage())));
            ArrayNode stack = line.putArray("stackTrace");
            StackTraceElement[] frames = error.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, MAX_STACK_FRAMES); i++) {
                stack.add(frames[i].toString());
            }
            if (error.getCause() != null) {
                line.put("cause", clean(error.getCause().getClass().getName() + ": " + error.getCause().getMessage()));
            }
        }
        // Each value was cleaned; the whole line again, in case escaping or concatenation revealed a secret.
        out.println(clean(Json.write(line)));
    }

    private String clean(String text) {
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, REDACTED);
        }
        return result;
    }
}
