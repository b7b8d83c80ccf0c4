package dev.countersign.local.engine.api;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;

/** The JSON conventions of the AWS JSON 1.0 protocol as Step Functions uses them. */
final class Wire {
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    static final String TARGET_PREFIX = "AWSStepFunctions.";

    /** Parses request bodies; writes responses. Jackson's defaults bound nesting depth and string length. */
    static final JsonMapper JSON = JsonMapper.builder().build();

    private Wire() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * Timestamps are epoch seconds as a JSON number with a millisecond fraction ({@code 1767225600.123}), the form
     * the SDKs and the CLI parse for this protocol.
     */
    static DecimalNode timestamp(Instant instant) {
        return DecimalNode.valueOf(BigDecimal.valueOf(instant.toEpochMilli(), 3));
    }

    /** Puts a timestamp field only when the instant is known (stopDate of a running execution, for one). */
    static void putTimestamp(ObjectNode node, String field, Instant instant) {
        if (instant != null) {
            node.set(field, timestamp(instant));
        }
    }

    static void putText(ObjectNode node, String field, String text) {
        if (text != null) {
            node.put(field, text);
        }
    }
}
