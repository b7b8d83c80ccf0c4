package dev.countersign.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.core.json.Json;
import dev.countersign.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLogTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final JsonLog log = new JsonLog(new PrintStream(out, true, StandardCharsets.UTF_8),
            MutableClock.at("2026-11-24T10:15:30Z"), "countersign-decision");

    private JsonNode onlyLine() {
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(1);
        return Json.parse(lines[0]);
    }

    @Test
    void aLine_isOneJsonObject_withTimestampLevelMessageAndFields() {
        log.forRequest("req-7").info("answered", "status", 200, "approvalId", "ap_x", "ok", true, "ratio", 0.5,
                "missing", null);

        JsonNode line = onlyLine();
        assertThat(line.get("timestamp").asText()).isEqualTo("2026-11-24T10:15:30.000Z");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("message").asText()).isEqualTo("answered");
        assertThat(line.get("function").asText()).isEqualTo("countersign-decision");
        assertThat(line.get("requestId").asText()).isEqualTo("req-7");
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("ok").asBoolean()).isTrue();
        assertThat(line.get("ratio").asDouble()).isEqualTo(0.5);
        assertThat(line.get("missing").isNull()).isTrue();
    }

    @Test
    void aFieldNamedLikeALineMember_cannotOverwriteIt() {
        log.warn("retry", "level", 3, "message", "spoof");

        JsonNode line = onlyLine();
        // A field called "level" once replaced the log level and broke Lambda's level filtering.
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("message").asText()).isEqualTo("retry");
        assertThat(line.get("field.level").asInt()).isEqualTo(3);
    }

    @Test
    void redactedValues_areReplacedWherever_theyAppear() {
        String token = "AQBtoken/with+chars==";
        log.redacting(token, "s3cr3t-link-value").error("callback failed for " + token,
                new IllegalStateException("bad token " + token), "detail", "x" + token + "y", "link",
                "/review/s3cr3t-link-value");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(token).doesNotContain("s3cr3t-link-value");
        JsonNode line = onlyLine();
        assertThat(line.get("message").asText()).isEqualTo("callback failed for <redacted>");
        assertThat(line.get("errorMessage").asText()).isEqualTo("bad token <redacted>");
        assertThat(line.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(line.get("stackTrace").isArray()).isTrue();
    }

    @Test
    void emptyRedactions_areIgnored() {
        log.redacting("", null).info("fine");

        assertThat(onlyLine().get("message").asText()).isEqualTo("fine");
    }

    @Test
    void metric_isOneEmbeddedMetricFormatLine_underTheDeploymentDimension() {
        log.forDeployment("countersign-staging").forRequest("req-9").metric(Metric.TIME_TO_DECISION, 42.5);

        JsonNode line = onlyLine();
        JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
        // The shape CloudWatch Logs extracts metrics from: a mistake here loses every metric silently.
        assertThat(line.get("_aws").get("Timestamp").asLong()).isEqualTo(
                java.time.Instant.parse("2026-11-24T10:15:30Z").toEpochMilli());
        assertThat(directive.get("Namespace").asText()).isEqualTo(JsonLog.METRIC_NAMESPACE);
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Deployment\"]]");
        assertThat(directive.get("Metrics").toString()).isEqualTo("[{\"Name\":\"TimeToDecision\",\"Unit\":\"Seconds\"}]");
        assertThat(line.get("Deployment").asText()).isEqualTo("countersign-staging");
        assertThat(line.get("TimeToDecision").asDouble()).isEqualTo(42.5);
        assertThat(line.get("requestId").asText()).isEqualTo("req-9");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("message").asText()).isEqualTo("metric TimeToDecision");
    }
}
