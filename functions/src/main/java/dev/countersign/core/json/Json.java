package dev.countersign.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * The one Jackson mapper of the process, configured once and used for trees only (every contract type maps
 * itself to and from {@link JsonNode} by hand, so no bean introspection runs on a cold start).
 *
 * <p>Reading is strict: a duplicate key is an error (I-JSON forbids them, and a validator that saw the first
 * value while a consumer used the last would be a hole), trailing content is an error, trailing content after the value is an error (checked in {@link #parse}), and nesting is limited
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
            return parse(MAPPER.createParser(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one JSON document from UTF-8 bytes. */
    public static JsonNode parse(byte[] utf8) {
        try {
            return parse(MAPPER.createParser(utf8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one JSON document from a stream (a Lambda handler's input). The stream is not closed. */
    public static JsonNode parse(InputStream in) {
        try {
            JsonParser parser = MAPPER.createParser(in);
            parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            return parse(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Holds the parser so that an error can say where it stopped (a nesting-limit error does not carry it).
    private static JsonNode parse(JsonParser parser) throws IOException {
        try (parser) {
            JsonNode node = MAPPER.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new InvalidJsonException("the input is empty; expected one JSON value", 1, 1, NodePath.root());
            }
            if (parser.nextToken() != null) {
                throw InvalidJsonException.at(parser, "is not valid JSON: more content after the first value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw InvalidJsonException.from(e, parser);
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

    /** A deep copy made without recursion, so any depth is safe (Jackson's {@code deepCopy} recurses). */
    public static JsonNode copy(JsonNode node) {
        return copyToDepth(node, Integer.MAX_VALUE);
    }

    /**
     * A deep copy in which containers nested deeper than {@code maxDepth} are replaced by empty containers of the
     * same kind (the root container is depth 1). Scalars are shared: Jackson's value nodes are immutable.
     */
    public static JsonNode copyToDepth(JsonNode node, int maxDepth) {
        if (!node.isContainerNode()) {
            return node;
        }
        JsonNode root = node.isObject() ? object() : array();
        Deque<JsonNode[]> pending = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        pending.add(new JsonNode[] {node, root});
        depths.add(1);
        while (!pending.isEmpty()) {
            JsonNode[] pair = pending.poll();
            int depth = depths.poll();
            if (depth > maxDepth) {
                continue;
            }
            JsonNode source = pair[0];
            if (source.isObject()) {
                ObjectNode target = (ObjectNode) pair[1];
                for (Map.Entry<String, JsonNode> member : source.properties()) {
                    target.set(member.getKey(), child(member.getValue(), pending, depths, depth));
                }
            } else {
                ArrayNode target = (ArrayNode) pair[1];
                for (JsonNode item : source) {
                    target.add(child(item, pending, depths, depth));
                }
            }
        }
        return root;
    }

    private static JsonNode child(JsonNode source, Deque<JsonNode[]> pending, Deque<Integer> depths, int depth) {
        if (!source.isContainerNode()) {
            return source;
        }
        JsonNode copy = source.isObject() ? object() : array();
        pending.add(new JsonNode[] {source, copy});
        depths.add(depth + 1);
        return copy;
    }

}
