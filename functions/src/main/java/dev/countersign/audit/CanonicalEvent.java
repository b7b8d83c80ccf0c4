package dev.countersign.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.nio.charset.StandardCharsets;

/** Canonical JSON text of audit values. TEMPORARY until contracts' CanonicalJson (RFC 8785) is merged. */
final class CanonicalEvent {
    private static final ObjectMapper JSON = new ObjectMapper().configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED,
            true);

    private CanonicalEvent() {
    }

    static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        return text(node).getBytes(StandardCharsets.UTF_8);
    }
}
