package dev.countersign.local.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON body of one API call, read field by field with the Step Functions API's constraints. A field of the wrong
 * JSON type fails at once ({@code SerializationException}, as AWS); constraint violations (missing, length, range,
 * enum) are collected, and {@link #check()} reports all of them in one {@code ValidationException}, in AWS's wording.
 * An explicit JSON {@code null} counts as absent, as on AWS.
 */
final class ApiRequest {
    private final String operation;
    private final ObjectNode body;
    private final List<String> violations = new ArrayList<>();

    ApiRequest(String operation, ObjectNode body) {
        this.operation = operation;
        this.body = body;
    }

    String operation() {
        return operation;
    }

    String requiredString(String field, int min, int max) {
        String value = string(field);
        if (value == null) {
            violations.add("Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
            return null;
        }
        return withinLength(field, value, min, max);
    }

    String optionalString(String field, int min, int max) {
        String value = string(field);
        return value == null ? null : withinLength(field, value, min, max);
    }

    /** Execution input or task output: the engine checks their size and JSON syntax (InvalidExecutionInput/Output). */
    String requiredData(String field) {
        String value = string(field);
        if (value == null) {
            violations.add("Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    String optionalData(String field) {
        return string(field);
    }

    String optionalEnum(String field, List<String> allowed) {
        String value = string(field);
        if (value != null && !allowed.contains(value)) {
            violations.add("Value '" + value + "' at '" + field
                    + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
            return null;
        }
        return value;
    }

    int optionalInt(String field, int min, int max, int absent) {
        JsonNode node = present(field);
        if (node == null) {
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ApiError.serialization(operation + ": field '" + field + "' must be a whole number from " + min
                    + " to " + max + "; got " + describe(node));
        }
        int value = node.intValue();
        if (value < min) {
            violations.add("Value '" + value + "' at '" + field
                    + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
        } else if (value > max) {
            violations.add("Value '" + value + "' at '" + field
                    + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
        }
        return value;
    }

    boolean optionalBoolean(String field, boolean absent) {
        JsonNode node = present(field);
        if (node == null) {
            return absent;
        }
        if (!node.isBoolean()) {
            throw ApiError.serialization(operation + ": field '" + field + "' must be true or false; got "
                    + describe(node));
        }
        return node.booleanValue();
    }

    /** A structure the local engine accepts and ignores (logging, tracing, encryption): only its JSON type is checked. */
    JsonNode optionalObject(String field) {
        JsonNode node = present(field);
        if (node != null && !node.isObject()) {
            throw ApiError.serialization(operation + ": field '" + field + "' must be a JSON object; got "
                    + describe(node));
        }
        return node;
    }

    JsonNode optionalList(String field) {
        JsonNode node = present(field);
        if (node != null && !node.isArray()) {
            throw ApiError.serialization(operation + ": field '" + field + "' must be a JSON array; got "
                    + describe(node));
        }
        return node;
    }

    /** Throws one ValidationException listing every constraint violation found so far. */
    void check() {
        if (violations.isEmpty()) {
            return;
        }
        int count = violations.size();
        throw ApiError.validation(count + " validation error" + (count == 1 ? "" : "s") + " detected: "
                + String.join("; ", violations));
    }

    private String string(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiError.serialization(operation + ": field '" + field + "' must be a JSON string; got "
                    + describe(node) + (node.isContainerNode() ? " (send JSON documents as escaped text)" : ""));
        }
        return node.textValue();
    }

    private String withinLength(String field, String value, int min, int max) {
        int length = value.codePointCount(0, value.length());
        if (length < min) {
            violations.add("Value at '" + field + "' failed to satisfy constraint: Member must have length greater"
                    + " than or equal to " + min);
        } else if (length > max) {
            violations.add("Value at '" + field + "' failed to satisfy constraint: Member must have length less"
                    + " than or equal to " + max + " (it has " + length + ")");
        }
        return value;
    }

    private JsonNode present(String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static String describe(JsonNode node) {
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case STRING -> "a string";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> "the boolean " + node.asText();
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
