package dev.countersign.local.dynalite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * DynamoDB's JSON protocol over plain HTTP, for the tests of this module (which has no AWS SDK): dynalite checks that
 * a request is signed, not the signature.
 */
final class RawDynamoDb {
    static final ObjectMapper JSON = new ObjectMapper();

    /** DynamoDB answered with an error (a 4xx or 5xx and its {@code __type}). */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    RawDynamoDb(URI endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * @throws IOException when dynalite could not be reached or hung up (it was killed)
     * @throws Refused     when it answered with an error
     */
    JsonNode call(String operation, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .header("X-Amz-Date", "20260101T000000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request,"
                        + " SignedHeaders=host;x-amz-date, Signature=0000")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new Refused(operation + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
