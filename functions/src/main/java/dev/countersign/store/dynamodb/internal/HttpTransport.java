package dev.countersign.store.dynamodb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.aws.internal.AwsCallException;
import dev.countersign.aws.internal.AwsJsonClient;
import dev.countersign.store.dynamodb.DynamoDbTransport;
import java.util.Objects;

/** The documents as they are, over the signed-HTTP client: no SDK client to build on a cold start. */
public final class HttpTransport implements DynamoDbTransport {
    private final AwsJsonClient client;

    public HttpTransport(AwsJsonClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public JsonNode call(String operation, ObjectNode request) {
        try {
            return client.call(operation, request);
        } catch (AwsCallException e) {
            throw new Failure(e.errorName(), e.getMessage(), e);
        }
    }

    @Override
    public String endpoint() {
        return client.endpoint().toString();
    }
}
