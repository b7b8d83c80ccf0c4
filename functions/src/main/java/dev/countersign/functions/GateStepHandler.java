package dev.countersign.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A function a gate's Task state invokes (route, request, escalate): a JSON object in, a JSON object out. Lambda
 * calls {@link #handleRequest}; tests and the local runtime may call {@link #handle} on parsed input.
 */
public interface GateStepHandler extends RequestStreamHandler {

    /** One invocation on a parsed input. */
    ObjectNode handle(JsonNode input, String requestId);

    @Override
    default void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ObjectNode result = handle(Json.parse(input), context == null ? null : context.getAwsRequestId());
        output.write(Json.write(result).getBytes(StandardCharsets.UTF_8));
    }
}
