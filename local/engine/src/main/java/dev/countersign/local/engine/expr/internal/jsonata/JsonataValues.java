package dev.countersign.local.engine.expr.internal.jsonata;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between Jackson trees and the plain Java values the JSONata engine works on (maps, lists, strings,
 * numbers, booleans, null). Integers stay integers both ways: a whole double that JSONata arithmetic produced comes
 * back as an integer node, as JSON written by Step Functions shows it.
 */
final class JsonataValues {
    /** Largest magnitude a double holds every integer up to (2^53). */
    private static final double EXACT_INTEGER_LIMIT = 9_007_199_254_740_992d;

    private JsonataValues() {
    }

    /** A thrown when a result cannot be written as JSON (a function, infinity, …). */
    static final class UnsupportedResultException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedResultException(String message) {
            super(message, null, false, false);
        }
    }

    static Object toJava(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>(Math.max(4, node.size() * 2));
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    map.put(field.getKey(), toJava(field.getValue()));
                }
                return map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode item : node) {
                    list.add(toJava(item));
                }
                return list;
            }
            case STRING -> {
                return node.textValue();
            }
            case BOOLEAN -> {
                return node.booleanValue();
            }
            case NUMBER -> {
                if (node.isInt() || node.isShort()) {
                    return node.intValue();
                }
                if (node.isLong()) {
                    return node.longValue();
                }
                if (node.isBigInteger()) {
                    return node.bigIntegerValue();
                }
                return node.doubleValue();
            }
            default -> {
                return node.asText();
            }
        }
    }

    static JsonNode toJson(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return JsonText.NODES.nullNode();
        }
        if (value instanceof String text) {
            return JsonText.NODES.textNode(text);
        }
        if (value instanceof Boolean bool) {
            return JsonText.NODES.booleanNode(bool);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return JsonText.NODES.numberNode(((Number) value).intValue());
        }
        if (value instanceof Long number) {
            return number == number.intValue() ? JsonText.NODES.numberNode(number.intValue())
                    : JsonText.NODES.numberNode(number);
        }
        if (value instanceof BigInteger number) {
            return JsonText.NODES.numberNode(number);
        }
        if (value instanceof BigDecimal number) {
            return JsonText.NODES.numberNode(number);
        }
        if (value instanceof Number number) {
            return fromDouble(number.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = JsonText.NODES.objectNode();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                object.set(String.valueOf(entry.getKey()), toJson(entry.getValue()));
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = JsonText.NODES.arrayNode(list.size());
            for (Object item : list) {
                array.add(toJson(item));
            }
            return array;
        }
        throw new UnsupportedResultException("returned an unsupported result type (" + describe(value)
                + "); a field can only hold JSON: objects, arrays, strings, numbers, booleans and null");
    }

    private static JsonNode fromDouble(double number) {
        if (Double.isNaN(number) || Double.isInfinite(number)) {
            throw new UnsupportedResultException("returned " + number + ", which is not a JSON number");
        }
        if (number == Math.rint(number) && Math.abs(number) < EXACT_INTEGER_LIMIT
                && !(number == 0 && 1 / number < 0)) {
            long whole = (long) number;
            return whole == (int) whole ? JsonText.NODES.numberNode((int) whole) : JsonText.NODES.numberNode(whole);
        }
        return JsonText.NODES.numberNode(number);
    }

    private static String describe(Object value) {
        String type = value.getClass().getSimpleName();
        return type.contains("Symbol") || type.contains("Function") || type.contains("Fn") ? "a function" : type;
    }
}
