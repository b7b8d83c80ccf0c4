package dev.countersign.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEventBridgeEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENTRY = "{\"EventBusName\":\"countersign-events\",\"Source\":\"countersign\","
            + "\"DetailType\":\"Countersign Audit Anchor\",\"Detail\":\"{\\\"approvalId\\\":\\\"a1\\\",\\\"seq\\\":3}\"}";

    @TempDir
    Path data;
    private LocalEventBridgeEndpoint endpoint;
    private LocalEventBridgeEndpoint.Server server;

    @BeforeEach
    void start() throws IOException {
        endpoint = new LocalEventBridgeEndpoint(EventLog.in(data), Clock.systemUTC());
        server = endpoint.start(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void putEvents_appendsEachEntryAsAJsonLine_withTheDetailParsed() throws IOException {
        Answer answer = post("AWSEvents.PutEvents", "{\"Entries\":[" + ENTRY + "," + ENTRY + "]}");

        assertThat(answer.status).isEqualTo(200);
        assertThat(answer.body.get("FailedEntryCount").asInt()).isZero();
        assertThat(answer.body.get("Entries")).hasSize(2).allSatisfy(e -> assertThat(e.has("EventId")).isTrue());
        assertThat(endpoint.log().events("Countersign Audit Anchor")).hasSize(2).first().satisfies(event -> {
            assertThat(event.get("eventBusName").asText()).isEqualTo("countersign-events");
            assertThat(event.get("source").asText()).isEqualTo("countersign");
            assertThat(event.get("detail").get("seq").asInt()).isEqualTo(3);
        });
        // The file is the record: a new log on the same directory (a restart) reads the same events.
        assertThat(EventLog.in(data).events()).hasSize(2);
    }

    @Test
    void putEvents_reportsFailedEntries_inFailedEntryCount_andLogsNone() throws IOException {
        endpoint.failNextEntries(1);
        String invalid = "{\"Source\":\"countersign\",\"DetailType\":\"x\",\"Detail\":\"[1]\"}";

        Answer answer = post("AWSEvents.PutEvents", "{\"Entries\":[" + ENTRY + "," + invalid + "]}");

        assertThat(answer.status).isEqualTo(200);
        assertThat(answer.body.get("FailedEntryCount").asInt()).isEqualTo(2);
        assertThat(answer.body.get("Entries").get(0).get("ErrorCode").asText()).isEqualTo("InternalFailure");
        assertThat(answer.body.get("Entries").get(1).get("ErrorCode").asText()).isEqualTo("MalformedDetail");
        assertThat(endpoint.log().events()).isEmpty();
    }

    @Test
    void otherOperations_areRefused_namingTheOneSupported() throws IOException {
        Answer answer = post("AWSEvents.ListRules", "{}");

        assertThat(answer.status).isEqualTo(400);
        assertThat(answer.body.get("__type").asText()).isEqualTo("UnknownOperationException");
        assertThat(answer.body.get("message").asText()).contains("AWSEvents.PutEvents");
    }

    @Test
    void tooManyEntries_areRefused_asPutEventsDoes() throws IOException {
        String entries = String.join(",", java.util.Collections.nCopies(11, ENTRY));

        Answer answer = post("AWSEvents.PutEvents", "{\"Entries\":[" + entries + "]}");

        assertThat(answer.status).isEqualTo(400);
        assertThat(answer.body.get("message").asText()).contains("1 to 10");
        assertThat(endpoint.log().events()).isEmpty();
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer post(String target, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) server.endpoint().toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/x-amz-json-1.1");
        connection.setRequestProperty("X-Amz-Target", target);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return new Answer(status, JSON.readTree(in));
        }
    }
}
