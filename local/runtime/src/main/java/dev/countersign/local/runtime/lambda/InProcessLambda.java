package dev.countersign.local.runtime.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.countersign.local.engine.LambdaFunction;
import dev.countersign.local.engine.LambdaFunctionError;
import dev.countersign.local.engine.LambdaInvocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A Lambda function whose handler runs in this JVM under the Lambda contract: the event is serialised to JSON bytes,
 * the handler's {@link RequestStreamHandler#handleRequest} reads them and writes its response bytes, and those are
 * parsed back to JSON. Nothing is passed by reference, so a handler sees exactly what Lambda would give it.
 *
 * <p>A thrown exception propagates unchanged, and the engine fails the Task as Step Functions does after the Java
 * runtime reported it: the error is the exception's fully qualified class name ({@code java.lang.IllegalStateException},
 * or {@code Countersign.NoRoute} for the Route function's refusal), the cause Lambda's error document
 * {@code {"errorMessage", "errorType", "stackTrace"}} with the handler's frames only (this class's and the engine's are
 * dropped, as Lambda drops its runtime's). {@link #invoke(JsonNode)}'s callers get the exception itself.
 *
 * <p>Like Lambda, one handler instance ("container") serves one request at a time: concurrent invocations get
 * another instance, created on demand from {@code newInstance} and kept for reuse, so a handler need not be
 * thread-safe and its no-arg-constructor-style state is shared by sequential requests only.
 */
public final class InProcessLambda implements LambdaFunction {
    /** Error type of a response that is not JSON (a handler bug; Lambda itself would pass the bytes on). */
    public static final String INVALID_RESPONSE = "Countersign.Local.InvalidResponse";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String functionName;
    private final String arn;
    private final Duration timeout;
    private final int memoryLimitMb;
    private final Supplier<? extends RequestStreamHandler> newInstance;
    private final LambdaLogger logger;
    private final ConcurrentLinkedDeque<RequestStreamHandler> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger containers = new AtomicInteger();

    /**
     * @param functionName the function's name (what the context and the log lines report)
     * @param arn          the ARN definitions use to invoke it
     * @param timeout      the function's configured timeout: the context's remaining time counts down from it
     *                     (reported, not enforced)
     * @param newInstance  builds one handler with its dependencies (called once per concurrent container)
     * @param log          where the handler's {@code context.getLogger()} lines go, prefixed with the function name
     */
    public InProcessLambda(String functionName, String arn, Duration timeout, int memoryLimitMb,
                           Supplier<? extends RequestStreamHandler> newInstance, PrintStream log) {
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.arn = Objects.requireNonNull(arn, "arn");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.memoryLimitMb = memoryLimitMb;
        this.newInstance = Objects.requireNonNull(newInstance, "newInstance");
        this.logger = new PrefixedLogger("[" + functionName + "] ", Objects.requireNonNull(log, "log"));
    }

    public String functionName() {
        return functionName;
    }

    public String arn() {
        return arn;
    }

    /** How many handler instances exist so far: one per request that found every other instance busy. */
    public int containers() {
        return containers.get();
    }

    /** Invoked by the engine for a Task state. */
    @Override
    public JsonNode invoke(JsonNode payload, LambdaInvocation invocation) throws Exception {
        return call(payload, invocation.requestId());
    }

    /** Invoked by anything else (the HTTP API front): a synchronous RequestResponse invocation. */
    public JsonNode invoke(JsonNode event) throws Exception {
        return call(event, UUID.randomUUID().toString());
    }

    private JsonNode call(JsonNode event, String requestId) throws Exception {
        byte[] in = JSON.writeValueAsBytes(event == null ? NullNode.getInstance() : event);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        RequestStreamHandler handler = idle.pollFirst();
        if (handler == null) {
            handler = newInstance.get();
            containers.incrementAndGet();
        }
        try {
            handler.handleRequest(new ByteArrayInputStream(in), out, new LocalLambdaContext(functionName, arn,
                    requestId, memoryLimitMb, System.nanoTime() + timeout.toNanos(), logger));
        } finally {
            // The Java runtime keeps a container after a handler exception; so do we.
            idle.addFirst(handler);
        }
        return response(out.toByteArray());
    }

    private JsonNode response(byte[] bytes) {
        if (bytes.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new LambdaFunctionError(INVALID_RESPONSE, "function " + functionName + " wrote a response that"
                    + " is not JSON (" + bytes.length + " bytes): a RequestStreamHandler must write one JSON value");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Lambda writes a handler's log lines to its log stream; locally they go to one stream, prefixed. */
    private record PrefixedLogger(String prefix, PrintStream out) implements LambdaLogger {
        @Override
        public void log(String message) {
            out.println(prefix + message);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    }
}
