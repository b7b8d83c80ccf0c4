package dev.countersign.routing;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.contract.internal.Texts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A rule's {@code when}: a JSONata expression over the normalised proposal, parsed once when the rules file is
 * loaded. It must give {@code true} or {@code false}: anything else (nothing, null, a number, a string) and any
 * evaluation error make {@link #test} throw, because treating a broken condition as "no match" would silently send
 * the proposal to a later, possibly laxer, rule.
 */
public final class WhenCondition {
    /** A runaway expression stops after this long or this deep (rules are trusted, but loops are easy to write). */
    private static final long TIMEOUT_MILLIS = 1_000;
    private static final int MAX_DEPTH = 200;

    private final String text;
    private final Jsonata compiled;

    private WhenCondition(String text, Jsonata compiled) {
        this.text = text;
        this.compiled = compiled;
    }

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException with what is wrong and where: "Unexpected end of expression (JSONata S0207, at
     *                                  character 11)"
     */
    public static WhenCondition parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        try {
            return new WhenCondition(text, Jsonata.jsonata(text));
        } catch (JException e) {
            throw new IllegalArgumentException(e.getMessage() + " (JSONata " + e.getError() + ", at character "
                    + e.getLocation() + ")");
        } catch (RuntimeException e) {
            // The parser throws plain runtime exceptions on a few inputs; they are still a bad expression.
            throw new IllegalArgumentException(String.valueOf(e.getMessage()));
        }
    }

    /** The expression as written. */
    public String text() {
        return text;
    }

    /**
     * Evaluates over {@code proposal} (the normalised proposal JSON).
     *
     * @throws ConditionFailedException when the result is not a boolean or evaluation fails; the message says what it
     *                                  gave ("gave a number (1200) instead of true or false")
     */
    public boolean test(ObjectNode proposal) {
        return test(toJava(proposal));
    }

    // The engine keeps per-evaluation state on the instance: one evaluation at a time.
    synchronized boolean test(Object input) {
        Object result;
        try {
            Jsonata.Frame frame = compiled.createFrame();
            frame.setRuntimeBounds(TIMEOUT_MILLIS, MAX_DEPTH);
            result = compiled.evaluate(input, frame);
        } catch (JException e) {
            throw new ConditionFailedException("failed: " + e.getMessage() + " (JSONata " + e.getError() + ")");
        } catch (RuntimeException | StackOverflowError e) {
            throw new ConditionFailedException("failed: " + e);
        }
        if (result instanceof Boolean verdict) {
            return verdict;
        }
        throw new ConditionFailedException("gave " + describe(result) + " instead of true or false");
    }

    private static String describe(Object result) {
        if (result == null || result == Jsonata.NULL_VALUE) {
            return "nothing (a path the proposal does not have gives nothing; compare it instead, e.g."
                    + " action.params.urgent = true)";
        }
        if (result instanceof Number number) {
            return "a number (" + number + ")";
        }
        if (result instanceof String s) {
            return "a string " + Texts.quote(s);
        }
        if (result instanceof List<?>) {
            return "an array";
        }
        if (result instanceof Map<?, ?>) {
            return "an object";
        }
        return "a function or other non-JSON value";
    }

    /** The Java values JSONata works on: maps, lists, strings, numbers, booleans, null. */
    static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                node.properties().forEach(member -> map.put(member.getKey(), toJava(member.getValue())));
                return map;
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(item -> list.add(toJava(item)));
                return list;
            }
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            case NUMBER:
                if (node.isInt() || node.isShort()) {
                    return node.intValue();
                }
                if (node.isLong()) {
                    return node.longValue();
                }
                if (node.isBigDecimal()) {
                    BigDecimal value = node.decimalValue();
                    return value.doubleValue();
                }
                return node.doubleValue();
            default:
                return node.asText();
        }
    }

    @Override
    public String toString() {
        return text;
    }

    /** A condition that gave no verdict: evaluation failed, or the result was not a boolean. */
    public static final class ConditionFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConditionFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
