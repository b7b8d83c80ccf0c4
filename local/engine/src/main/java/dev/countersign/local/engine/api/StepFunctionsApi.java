package dev.countersign.local.engine.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.countersign.local.engine.Engine;
import dev.countersign.local.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.UUID;

/**
 * The Step Functions API (AWS JSON 1.0: {@code POST /}, {@code X-Amz-Target: AWSStepFunctions.<Operation>}) over an
 * {@link Engine}, as a handler for the JDK's HTTP server. Mount it on the context {@code /} of any
 * {@link com.sun.net.httpserver.HttpServer} (the Countersign runtime does, on its own port), or let
 * {@link StepFunctionsServer} run it alone.
 *
 * <p>Mounting it on your own server: set the system property {@code sun.net.httpserver.nodelay=true} before the
 * JVM creates its first JDK HTTP server (as {@link StepFunctionsServer} does), or every response waits ~40 ms for
 * Nagle's algorithm and the client's delayed ACK.
 *
 * <p>Signatures are not verified: any credentials work, signed or not. Request bodies are never logged (they carry
 * task tokens); an unexpected engine failure is reported as {@code InternalFailure} and logged without the request.
 */
public final class StepFunctionsApi implements HttpHandler {
    /**
     * The largest request body accepted: above any legal request (a 1 MiB definition, even with every character
     * escaped, or a 256 KiB input), far below what would strain memory.
     */
    public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    /** Beyond this, an oversized body is not even drained: the connection is dropped after the error. */
    private static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;

    private final StepFunctionsOperations operations;

    public StepFunctionsApi(Engine engine) {
        this.operations = new StepFunctionsOperations(Objects.requireNonNull(engine, "engine"));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            Reply reply;
            try {
                reply = new Reply(200, dispatch(exchange), null);
            } catch (ApiError e) {
                reply = Reply.error(e.status(), e.type(), e.getMessage());
            } catch (EngineException e) {
                int status = "InternalFailure".equals(e.errorType()) ? 500 : 400;
                reply = Reply.error(status, e.errorType(), e.getMessage());
            } catch (RuntimeException e) {
                // Only the operation name and the failure: the request itself may hold a task token.
                System.err.println("countersign engine API: " + operationOf(exchange) + " failed unexpectedly: " + e);
                reply = Reply.error(500, "InternalFailure", "The local engine failed while serving "
                        + operationOf(exchange) + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            send(exchange, reply);
        } finally {
            exchange.close();
        }
    }

    private ObjectNode dispatch(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (!"POST".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "POST");
            throw ApiError.unknownOperation(405, "The Step Functions API takes POST / with the header X-Amz-Target:"
                    + " AWSStepFunctions.<Operation>; got " + method + " " + path);
        }
        if (!"/".equals(path) && !path.isEmpty()) {
            throw ApiError.unknownOperation(404, "The Step Functions API is served at /, not at " + path
                    + ": point the client's endpoint at the server root");
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || target.isBlank()) {
            throw ApiError.unknownOperation(400, "Missing header X-Amz-Target: send"
                    + " X-Amz-Target: AWSStepFunctions.<Operation>, as the AWS SDKs and CLI do");
        }
        if (!target.startsWith(Wire.TARGET_PREFIX)) {
            throw ApiError.unknownOperation(400, "Unknown operation " + target + ": this endpoint serves only"
                    + " Step Functions (X-Amz-Target: AWSStepFunctions.<Operation>)");
        }
        String name = target.substring(Wire.TARGET_PREFIX.length());
        StepFunctionsOperations.Operation operation = operations.find(name);
        if (operation == null) {
            String supported = String.join(", ", operations.supported());
            throw ApiError.unknownOperation(400, StepFunctionsOperations.UNSUPPORTED.contains(name)
                    ? name + " is a Step Functions operation the local engine does not support; it supports "
                            + supported
                    : "Unknown operation " + name + ": not a Step Functions operation; the local engine supports "
                            + supported);
        }
        return operation.invoke(new ApiRequest(name, readBody(exchange, name)));
    }

    private static ObjectNode readBody(HttpExchange exchange, String operation) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            if (declared != null && isLongerThan(declared, MAX_BODY_BYTES)) {
                discard(in);
                throw tooLarge(operation);
            }
            body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                discard(in);
                throw tooLarge(operation);
            }
        }
        if (body.length == 0) {
            return Wire.object(); // what an operation without parameters may send
        }
        JsonNode parsed;
        try {
            parsed = Wire.JSON.readTree(body);
        } catch (JacksonException e) {
            throw ApiError.serialization(operation + ": the request body is not valid JSON ("
                    + e.getOriginalMessage() + "): send one JSON object");
        }
        if (parsed == null || !parsed.isObject()) {
            throw ApiError.serialization(operation + ": the request body must be a JSON object, got "
                    + (parsed == null ? "nothing" : parsed.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return (ObjectNode) parsed;
    }

    private static boolean isLongerThan(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            throw ApiError.serialization("Content-Length '" + contentLength + "' is not a number");
        }
    }

    /**
     * Reads and drops the rest of an oversized body (up to a bound), so that a client still sending it gets to read
     * the error instead of a connection reset.
     */
    private static void discard(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long dropped = 0;
        int read;
        while (dropped < MAX_DISCARDED_BYTES && (read = in.read(buffer)) >= 0) {
            dropped += read;
        }
    }

    private static ApiError tooLarge(String operation) {
        return new ApiError(413, "RequestEntityTooLargeException", operation + ": the request body is larger than"
                + " the " + MAX_BODY_BYTES + " bytes this endpoint accepts; Step Functions limits a definition to"
                + " 1 MiB and an execution input or task output to 256 KiB");
    }

    private static String operationOf(HttpExchange exchange) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        return target == null ? "a request" : target;
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = Wire.JSON.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", Wire.CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (reply.errorType() != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", reply.errorType());
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** An HTTP answer: a response document, or an error document with its {@code __type}. */
    private record Reply(int status, ObjectNode body, String errorType) {
        static Reply error(int status, String type, String message) {
            return new Reply(status, Wire.object().put("__type", type).put("message", message), type);
        }
    }
}
