package dev.countersign.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The one Jackson mapper of the process, configured once and used for trees only (every contract type maps
 * itself to and from {@link JsonNode} by hand, so no bean introspection runs on a cold start).
 *
 * <p>Reading is strict: a duplicate key is an error (I-JSON forbids them, and a validator that saw the first
 * value while a consumer used the last would be a hole), trailing content is an error, and nesting is limited
 * to {@value #MAX_NESTING_DEPTH} levels. Floating-point numbers are read as doubles because RFC 8785 defines
 * every number as a double; no BigDecimal mode.
 */
public final class Json {
    /** Deeper input is refused while parsing (Jackson's default, stated here because the contract relies on it). */
    public static final int MAX_NESTING_DEPTH = 1000;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** The shared mapper; immutable once built, safe to use from any thread. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static JsonNodeFactory nodes() {
        return MAPPER.getNodeFactory();
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /**
     * Parses one JSON document.
     *
     * @throws InvalidJsonException when the text is not one well-formed JSON value (message has line and column)
     */
    public static JsonNode parse(String text) {
        try {
            return requireDocument(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw InvalidJsonException.from(e);
        }
    }

    /** Parses one JSON document from UTF-8 bytes. */
    public static JsonNode parse(byte[] utf8) {
        try {
            return requireDocument(MAPPER.readTree(utf8));
        } catch (JsonProcessingException e) {
            throw InvalidJsonException.from(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one JSON document from a stream (a Lambda handler's input). The stream is not closed. */
    public static JsonNode parse(InputStream in) {
        try {
            return requireDocument(MAPPER.readTree(in));
        } catch (JsonProcessingException e) {
            throw InvalidJsonException.from(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compact JSON text in the tree's own member order (use {@link CanonicalJson} for hashing). */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode requireDocument(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw new InvalidJsonException("the input is empty; expected one JSON value", 1, 1, NodePath.root());
        }
        return node;
    }
}
