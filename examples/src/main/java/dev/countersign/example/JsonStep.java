package dev.countersign.example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** An example step as a Lambda function: JSON in, JSON out, through {@link #handle}. */
public abstract class JsonStep implements RequestStreamHandler {

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(Json.write(handle(Json.parse(input))).getBytes(StandardCharsets.UTF_8));
    }

    /** The step's answer to one input. */
    public abstract JsonNode handle(JsonNode input);
}
