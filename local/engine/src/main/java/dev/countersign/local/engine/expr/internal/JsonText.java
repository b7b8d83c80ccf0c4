package dev.countersign.local.engine.expr.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** JSON text for error causes and for the intrinsic functions, with one shared, thread-safe mapper. */
public final class JsonText {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Step Functions quotes documents in causes pretty-printed with four-space indents. */
    private static final ObjectWriter CAUSE_WRITER;
    private static final ObjectWriter COMPACT_WRITER = MAPPER.writer();
    /** Causes are capped by Step Functions at 32 768 characters; an echoed document gets at most this much. */
    private static final int MAX_ECHO = 16_384;

    static {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
        CAUSE_WRITER = MAPPER.writer(new DefaultPrettyPrinter(separators)
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter));
    }

    private JsonText() {
    }

    /** Compact JSON text (what States.JsonToString returns). */
    public static String compact(JsonNode node) {
        try {
            return COMPACT_WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JsonNode tree could not be written as JSON", e);
        }
    }

    /** The document as Step Functions echoes it in a cause: pretty-printed, truncated when huge. */
    public static String forCause(JsonNode node) {
        if (node == null) {
            return "null";
        }
        String text;
        try {
            text = CAUSE_WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JsonNode tree could not be written as JSON", e);
        }
        if (text.length() > MAX_ECHO) {
            return text.substring(0, MAX_ECHO) + "…(truncated, " + text.length() + " characters in all)";
        }
        return text;
    }

    /** A short description of a node's JSON type for messages ("a string", "an array", …). */
    public static String typeOf(JsonNode node) {
        String name = typeName(node);
        return switch (name) {
            case "nothing", "null" -> name;
            case "array", "object" -> "an " + name;
            default -> "a " + name;
        };
    }

    /** The JSON type without an article: {@code object}, {@code array}, {@code string}, {@code number}, … */
    public static String typeName(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "array";
            case OBJECT, POJO -> "object";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            default -> "binary value";
        };
    }

    /** A JSON path step for a key: {@code .key} when it is a plain identifier, else {@code ['key']}. */
    public static String childLocation(String location, String key) {
        if (isPlainKey(key)) {
            return location + "." + key;
        }
        return location + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    private static boolean isPlainKey(String key) {
        if (key.isEmpty() || !Character.isJavaIdentifierStart(key.charAt(0)) || key.charAt(0) == '$') {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!Character.isJavaIdentifierPart(c) || c == '$') {
                return false;
            }
        }
        return true;
    }
}
