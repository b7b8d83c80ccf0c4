package dev.countersign.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON trees for the whole process: read and written with Jackson's streaming API and node classes only (every contract
 * type maps itself to and from {@link JsonNode} by hand), so neither bean introspection nor an {@code ObjectMapper}
 * loads on a cold start. {@link #mapper()} is there, built on first use, for code that needs one.
 *
 * <p>Reading is strict: a duplicate key is an error (I-JSON forbids them, and a validator that saw the first
 * value while a consumer used the last would be a hole), trailing content is an error, trailing content after the value is an error (checked in {@link #parse}), and nesting is limited
 * to {@value #MAX_NESTING_DEPTH} levels. Floating-point numbers are read as doubles because RFC 8785 defines
 * every number as a double; no BigDecimal mode.
 */
public final class Json {
    /** Deeper input is refused while parsing (Jackson's default, stated here because the contract relies on it). */
    public static final int MAX_NESTING_DEPTH = 1000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Built on first use only: trees are read and written with the streaming API, which loads a fraction of it. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder(FACTORY).build();
    }

    private Json() {
    }

    /** The shared mapper (same factory and limits); immutable once built, safe to use from any thread. */
    public static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    public static JsonNodeFactory nodes() {
        return NODES;
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /**
     * Parses one JSON document.
     *
     * @throws InvalidJsonException when the text is not one well-formed JSON value (message has line and column)
     */
    public static JsonNode parse(String text) {
        try {
            return parse(FACTORY.createParser(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one JSON document from UTF-8 bytes. */
    public static JsonNode parse(byte[] utf8) {
        try {
            return parse(FACTORY.createParser(utf8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one JSON document from a stream (a Lambda handler's input). The stream is not closed. */
    public static JsonNode parse(InputStream in) {
        try {
            JsonParser parser = FACTORY.createParser(in);
            parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            return parse(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Holds the parser so that an error can say where it stopped (a nesting-limit error does not carry it).
    private static JsonNode parse(JsonParser parser) throws IOException {
        try (parser) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new InvalidJsonException("the input is empty; expected one JSON value", 1, 1, NodePath.root());
            }
            JsonNode node = readTree(parser, first);
            if (parser.nextToken() != null) {
                throw InvalidJsonException.at(parser, "is not valid JSON: more content after the first value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw InvalidJsonException.from(e, parser);
        }
    }

    /**
     * Builds the tree of the value starting at {@code token}, without recursion, with the node types Jackson's
     * {@code readTree} gives: ints, longs and big integers by size, floating-point numbers as doubles.
     */
    private static JsonNode readTree(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return scalar(parser, token);
        }
        Deque<ContainerNode<?>> open = new ArrayDeque<>();
        ContainerNode<?> root = token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
        open.push(root);
        while (!open.isEmpty()) {
            JsonToken next = parser.nextToken();
            if (next == null) {
                throw InvalidJsonException.at(parser, "is not valid JSON: the input ends inside a value");
            }
            if (next == JsonToken.END_OBJECT || next == JsonToken.END_ARRAY) {
                open.pop();
                continue;
            }
            ContainerNode<?> parent = open.peek();
            String name = null;
            if (next == JsonToken.FIELD_NAME) {
                name = parser.currentName();
                next = parser.nextToken();
            }
            JsonNode value;
            if (next == JsonToken.START_OBJECT || next == JsonToken.START_ARRAY) {
                ContainerNode<?> container = next == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
                open.push(container);
                value = container;
            } else {
                value = scalar(parser, next);
            }
            if (parent instanceof ObjectNode object) {
                object.set(name, value);
            } else {
                ((ArrayNode) parent).add(value);
            }
        }
        return root;
    }

    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                JsonParser.NumberType type = parser.getNumberType();
                if (type == JsonParser.NumberType.INT) {
                    return NODES.numberNode(parser.getIntValue());
                }
                if (type == JsonParser.NumberType.LONG) {
                    return NODES.numberNode(parser.getLongValue());
                }
                return NODES.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL) {
                    return NODES.numberNode(parser.getDecimalValue());
                }
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw InvalidJsonException.at(parser, "is not valid JSON: unexpected " + token);
        }
    }

    /**
     * A number node's value as a decimal, as written: a double node (a float from outside this parser) gives its
     * shortest round-trip digits (129.9, not the binary value's 129.900000000000005684…).
     */
    public static BigDecimal decimal(JsonNode number) {
        if (number.isBigDecimal() || number.isIntegralNumber()) {
            return number.isBigDecimal() ? number.decimalValue() : new BigDecimal(number.bigIntegerValue());
        }
        return EcmaScriptNumber.asJsonNumber(number.doubleValue());
    }

    /**
     * A number node for {@code value} as canonical JSON writes it (1200.50 is 1200.5): a whole number becomes an
     * integer node (so an integer a double cannot hold is refused, not rounded), anything else a decimal node.
     */
    public static JsonNode number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            java.math.BigInteger whole = stripped.toBigIntegerExact();
            return whole.bitLength() < 64 ? NODES.numberNode(whole.longValue()) : NODES.numberNode(whole);
        }
        return NODES.numberNode(stripped);
    }

    /** Compact JSON text in the tree's own member order (use {@link CanonicalJson} for hashing). */
    public static String write(JsonNode node) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(node, generator);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /** Writes a tree with the generator alone, as Jackson's serializers write each node type (no mapper needed). */
    private static void write(JsonNode root, JsonGenerator g) throws IOException {
        Deque<Iterator<?>> open = new ArrayDeque<>();
        writeValue(root, g, open);
        while (!open.isEmpty()) {
            Iterator<?> members = open.peek();
            if (!members.hasNext()) {
                open.pop();
                if (members instanceof ObjectMembers) {
                    g.writeEndObject();
                } else {
                    g.writeEndArray();
                }
                continue;
            }
            Object next = members.next();
            if (next instanceof Map.Entry<?, ?> member) {
                g.writeFieldName((String) member.getKey());
                writeValue((JsonNode) member.getValue(), g, open);
            } else {
                writeValue((JsonNode) next, g, open);
            }
        }
    }

    private static void writeValue(JsonNode node, JsonGenerator g, Deque<Iterator<?>> open) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT:
                g.writeStartObject();
                open.push(new ObjectMembers(node.properties().iterator()));
                return;
            case ARRAY:
                g.writeStartArray();
                open.push(node.elements());
                return;
            case STRING:
                g.writeString(node.textValue());
                return;
            case BOOLEAN:
                g.writeBoolean(node.booleanValue());
                return;
            case NULL:
                g.writeNull();
                return;
            case NUMBER:
                switch (node.numberType()) {
                    case INT:
                        g.writeNumber(node.intValue());
                        return;
                    case LONG:
                        g.writeNumber(node.longValue());
                        return;
                    case BIG_INTEGER:
                        g.writeNumber(node.bigIntegerValue());
                        return;
                    case FLOAT:
                        g.writeNumber(node.floatValue());
                        return;
                    case BIG_DECIMAL:
                        g.writeNumber(node.decimalValue());
                        return;
                    default:
                        g.writeNumber(node.doubleValue());
                        return;
                }
            default:
                // Binary, POJO and missing nodes never occur in our trees; the mapper writes them as Jackson would.
                g.writeRawValue(mapper().writeValueAsString(node));
        }
    }

    /** The members of an object being written (marks the iterator so its end closes an object, not an array). */
    private static final class ObjectMembers implements Iterator<Map.Entry<String, JsonNode>> {
        private final Iterator<Map.Entry<String, JsonNode>> members;

        ObjectMembers(Iterator<Map.Entry<String, JsonNode>> members) {
            this.members = members;
        }

        @Override
        public boolean hasNext() {
            return members.hasNext();
        }

        @Override
        public Map.Entry<String, JsonNode> next() {
            return members.next();
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
