package dev.countersign.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.countersign.core.json.Json;
import dev.countersign.testing.DynaliteExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JSON-protocol client against dynalite (what it can provoke: items, failed conditions, unknown tables), and
 * against a small HTTP server for what dynalite never does (5xx, throttling, a corrupted body, no server).
 */
class AwsJsonClientTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final RequestSigner.Credentials KEYS = new RequestSigner.Credentials("AKIDEXAMPLE", "secret",
            "session-token");
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private AwsJsonClient dynamo() {
        URI endpoint = dynalite.client().serviceClientConfiguration().endpointOverride().orElseThrow();
        return new AwsJsonClient(endpoint, "us-east-1", AwsJsonClient.Protocol.DYNAMODB, KEYS, Clock.systemUTC());
    }

    private ObjectNode request(String operation) {
        ObjectNode request = Json.object().put("TableName", dynalite.tables().approvals().tableName());
        ObjectNode key = Json.object();
        key.set("pk", Json.object().put("S", "TEST#" + operation));
        key.set("sk", Json.object().put("S", "#ITEM"));
        if (operation.equals("PutItem")) {
            key.set("note", Json.object().put("S", "hello – ünïcødé"));
            request.set("Item", key);
        } else {
            request.set("Key", key);
        }
        return request;
    }

    @Test
    void putThenGet_returnsTheItem_inDynamoDbJson() {
        AwsJsonClient client = dynamo();
        ObjectNode put = request("PutItem");
        ((ObjectNode) put.get("Item")).set("pk", Json.object().put("S", "TEST#" + UUID.randomUUID()));
        client.call("PutItem", put);
        ObjectNode get = Json.object().put("TableName", put.get("TableName").asText()).put("ConsistentRead", true);
        ObjectNode key = get.putObject("Key");
        key.set("pk", put.get("Item").get("pk"));
        key.set("sk", put.get("Item").get("sk"));

        JsonNode answer = client.call("GetItem", get);

        assertThat(answer.get("Item")).isEqualTo(put.get("Item"));
    }

    @Test
    void getOfNoItem_answersWithoutAnItem() {
        JsonNode answer = dynamo().call("GetItem", request("GetItem"));

        assertThat(answer.has("Item")).isFalse();
    }

    @Test
    void aFailedCondition_isAConditionFailure_notRetried() {
        ObjectNode put = request("PutItem");
        ((ObjectNode) put.get("Item")).set("pk", Json.object().put("S", "TEST#" + UUID.randomUUID()));
        dynamo().call("PutItem", put);
        put.put("ConditionExpression", "attribute_not_exists(pk)");

        assertThatThrownBy(() -> dynamo().call("PutItem", put))
                .isInstanceOfSatisfying(AwsCallException.class, e -> {
                    assertThat(e.conditionFailed()).isTrue();
                    assertThat(e.transientFailure()).isFalse();
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.operation()).isEqualTo("PutItem");
                });
    }

    @Test
    void anUnknownTable_isNamedInTheError() {
        ObjectNode get = request("GetItem").put("TableName", "no-such-table");

        assertThatThrownBy(() -> dynamo().call("GetItem", get))
                .isInstanceOfSatisfying(AwsCallException.class, e -> {
                    assertThat(e.errorName()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.transientFailure()).isFalse();
                    assertThat(e.getMessage()).startsWith("GetItem failed: ResourceNotFoundException");
                });
    }

    /** Answers in turn with the queued responses: {status, body, crc32 header or null}. */
    private AwsJsonClient stub(Queue<Object[]> answers, List<HttpExchangeRecord> seen) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(HttpExchangeRecord.of(exchange));
            Object[] answer = answers.poll();
            byte[] body = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
            if (answer[2] != null) {
                exchange.getResponseHeaders().add("x-amz-crc32", (String) answer[2]);
            }
            exchange.sendResponseHeaders((Integer) answer[0], body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return new AwsJsonClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "eu-west-1",
                AwsJsonClient.Protocol.DYNAMODB, KEYS, Clock.systemUTC());
    }

    record HttpExchangeRecord(String target, String contentType, String authorization, String token, String body) {
        static HttpExchangeRecord of(HttpExchange exchange) throws IOException {
            return new HttpExchangeRecord(exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void serverErrorsAndThrottling_areRetried_andASignedRequestIsSentEachTime() throws Exception {
        List<HttpExchangeRecord> seen = new CopyOnWriteArrayList<>();
        Queue<Object[]> answers = new ConcurrentLinkedQueue<>(List.of(
                new Object[] {500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\"}", null},
                new Object[] {400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\","
                        + "\"message\":\"slow down\"}", null},
                new Object[] {200, "{\"Item\":{\"pk\":{\"S\":\"x\"}}}", crc("{\"Item\":{\"pk\":{\"S\":\"x\"}}}")}));
        AwsJsonClient client = stub(answers, seen);

        JsonNode answer = client.call("GetItem", Json.object().put("TableName", "t"));

        assertThat(answer.path("Item").path("pk").path("S").asText()).isEqualTo("x");
        assertThat(seen).hasSize(3).allSatisfy(request -> {
            assertThat(request.target()).isEqualTo("DynamoDB_20120810.GetItem");
            assertThat(request.contentType()).isEqualTo("application/x-amz-json-1.0");
            assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                    .contains("/eu-west-1/dynamodb/aws4_request");
            assertThat(request.token()).isEqualTo("session-token");
            assertThat(request.body()).isEqualTo("{\"TableName\":\"t\"}");
        });
    }

    @Test
    void aBodyThatDoesNotMatchItsCrc32_isRetried_thenFails() throws Exception {
        List<HttpExchangeRecord> seen = new CopyOnWriteArrayList<>();
        Queue<Object[]> answers = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < AwsJsonClient.MAX_ATTEMPTS; i++) {
            answers.add(new Object[] {200, "{\"Item\":{}}", "12345"});
        }
        AwsJsonClient client = stub(answers, seen);

        assertThatThrownBy(() -> client.call("GetItem", Json.object()))
                .isInstanceOfSatisfying(AwsCallException.class, e -> {
                    assertThat(e.errorName()).isEqualTo("Crc32Mismatch");
                    assertThat(e.transientFailure()).isTrue();
                });
        assertThat(seen).hasSize(AwsJsonClient.MAX_ATTEMPTS);
    }

    @Test
    void aRefusal_isNotRetried_andKeepsTheServicesMessage() throws Exception {
        List<HttpExchangeRecord> seen = new CopyOnWriteArrayList<>();
        AwsJsonClient client = stub(new ConcurrentLinkedQueue<>(List.<Object[]>of(new Object[] {400,
                "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"Message\":\"1 validation error\"}",
                null})), seen);

        assertThatThrownBy(() -> client.call("GetItem", Json.object()))
                .isInstanceOf(AwsCallException.class)
                .hasMessage("GetItem failed: ValidationException: 1 validation error (HTTP 400)");
        assertThat(seen).hasSize(1);
    }

    @Test
    void noServer_isAConnectionFailure_reportedAfterTheRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AwsJsonClient client = new AwsJsonClient(URI.create("http://127.0.0.1:" + closedPort), "eu-west-1",
                AwsJsonClient.Protocol.DYNAMODB, KEYS, Clock.systemUTC());

        assertThatThrownBy(() -> client.call("GetItem", Json.object()))
                .isInstanceOfSatisfying(AwsCallException.class, e -> {
                    assertThat(e.errorName()).isEqualTo("ConnectionFailure");
                    assertThat(e.transientFailure()).isTrue();
                    assertThat(e.status()).isZero();
                });
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return Long.toString(crc.getValue());
    }
}
