package dev.countersign.local.engine.expr.internal.jsonata;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.JFunction;
import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.expr.Scope;
import dev.countersign.local.engine.expr.internal.JsonText;
import dev.countersign.local.engine.expr.internal.jsonata.JsonataValues.UnsupportedResultException;
import dev.countersign.local.engine.expr.internal.jsonata.StepFunctionsJsonataFunctions.JsonataFunctionException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One JSONata expression (the text between {@code {%} and {@code %}}), parsed once. Simple paths such as
 * {@code $states.input.order.id} or {@code $decision.outcome} are answered by walking the JSON directly; everything
 * else runs on the JSONata engine with {@code $states}, the referenced variables and the Step Functions functions
 * bound. Failures are States.QueryEvaluationError with the cause Step Functions gives.
 */
public final class JsonataExpression {
    /** A runaway expression (an endless recursion) stops after this long or this deep. */
    private static final long TIMEOUT_MILLIS = 5_000;
    private static final int MAX_DEPTH = 500;

    private final String text;
    private final Jsonata compiled;
    private final String[] simplePath;
    private final String[] references;

    private JsonataExpression(String text) {
        this.text = text;
        if (ExpressionText.isSimplePath(text)) {
            this.compiled = null;
            this.simplePath = text.substring(1).split("\\.");
        } else {
            this.compiled = Jsonata.jsonata(text);
            this.simplePath = null;
        }
        Set<String> names = ExpressionText.variableReferences(text);
        this.references = names.toArray(new String[0]);
    }

    /**
     * Parses an expression (without its {@code {% %}} delimiters).
     *
     * @throws JException when the text is not valid JSONata
     */
    public static JsonataExpression parse(String text) {
        return new JsonataExpression(text);
    }

    public String text() {
        return text;
    }

    /** Problems with an expression's text (empty when it parses and uses only what Step Functions offers). */
    public static List<String> check(String text) {
        if (text.isBlank()) {
            return List.of("the JSONata expression is empty: write an expression between '{%' and '%}'");
        }
        if (ExpressionText.callsEval(text)) {
            return List.of("the JSONata expression '" + text + "' calls $eval, which Step Functions does not offer: "
                    + "use $parse to read JSON text");
        }
        try {
            parse(text);
            return List.of();
        } catch (JException e) {
            return List.of("the JSONata expression '" + text + "' is not valid: " + describe(e)
                    + " (at position " + e.getLocation() + ")");
        }
    }

    /** Evaluates against a scope; {@code field} names where the expression sits, for causes ("Output/total"). */
    public JsonNode evaluate(Bindings bindings, String field) {
        if (simplePath != null) {
            JsonNode direct = walk(bindings.scope());
            if (direct != null) {
                return direct;
            }
        }
        Object[] lastResult = new Object[1];
        Object result;
        try {
            Jsonata.Frame frame = compiled().createFrame();
            frame.setRuntimeBounds(TIMEOUT_MILLIS, MAX_DEPTH);
            for (Map.Entry<String, JFunction> function : StepFunctionsJsonataFunctions.ALL.entrySet()) {
                frame.bind(function.getKey(), function.getValue());
            }
            for (String name : references) {
                Object value = bindings.lookup(name);
                if (value != Bindings.ABSENT) {
                    frame.bind(name, value);
                }
            }
            // the engine returns null for both JSON null and undefined; the root's raw result tells them apart
            frame.setEvaluateExitCallback((expression, input, environment, value) -> lastResult[0] = value);
            result = compiled().evaluate(null, frame);
        } catch (RuntimeException e) {
            throw StatesError.QUERY_EVALUATION_ERROR.failure(prefix(field) + " threw an error during evaluation. "
                    + describe(e));
        }
        if (result == null) {
            if (isUndefined(lastResult[0])) {
                throw StatesError.QUERY_EVALUATION_ERROR.failure(prefix(field) + " returned nothing (undefined).");
            }
            return JsonText.NODES.nullNode();
        }
        try {
            return JsonataValues.toJson(result);
        } catch (UnsupportedResultException e) {
            throw StatesError.QUERY_EVALUATION_ERROR.failure(prefix(field) + " " + e.getMessage());
        }
    }

    /** The cause's opening, as Step Functions words it. */
    public String prefix(String field) {
        return "The JSONata expression '" + text + "'" + (field == null ? "" : " specified for the field '" + field
                + "'");
    }

    private Jsonata compiled() {
        return compiled != null ? compiled : fallback();
    }

    private Jsonata fallbackCompiled;

    /** Simple paths that meet an array on the way (JSONata maps over it) need the engine after all. */
    private synchronized Jsonata fallback() {
        if (fallbackCompiled == null) {
            fallbackCompiled = Jsonata.jsonata(text);
        }
        return fallbackCompiled;
    }

    /**
     * Walks a simple path over the JSON itself. Returns null when the engine must decide instead: a step through an
     * array, or a missing value (so that undefined is reported by the one code path that words it).
     */
    private JsonNode walk(Scope scope) {
        String root = simplePath[0];
        JsonNode current;
        int first;
        if (root.equals("states")) {
            if (simplePath.length < 2) {
                return null;
            }
            current = switch (simplePath[1]) {
                case "input" -> scope.input();
                case "result" -> scope.result();
                case "errorOutput" -> scope.errorOutput();
                case "context" -> scope.context();
                default -> null;
            };
            first = 2;
        } else {
            current = scope.variables() == null ? null : scope.variables().get(root);
            first = 1;
        }
        if (current == null) {
            return null;
        }
        for (int i = first; i < simplePath.length; i++) {
            if (!current.isObject()) {
                return null;
            }
            current = current.get(simplePath[i]);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static boolean isUndefined(Object raw) {
        if (raw == null) {
            return true;
        }
        if (raw == Jsonata.NULL_VALUE) {
            return false;
        }
        return raw instanceof List<?> list && list.isEmpty();
    }

    private static String describe(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonataFunctionException || cause instanceof StatesFailure) {
                return cause.getMessage();
            }
            if (cause instanceof NumberFormatException) {
                // the engine lets Java's parse error through where JSONata reports D3030
                return "D3030: Unable to cast value to a number: " + cause.getMessage().replaceFirst(
                        "^For input string: ", "");
            }
        }
        if (e instanceof JException j) {
            String code = j.getError();
            String message = j.getMessage();
            if (code != null && code.matches("[A-Z]\\d{4}") && message != null && !message.startsWith(code)) {
                return code + ": " + message;
            }
            return message != null ? message : code;
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /**
     * What one evaluation of a template can see, converted to the engine's values at most once each: the
     * {@code $states} object and the workflow variables.
     */
    public static final class Bindings {
        static final Object ABSENT = new Object();

        private final Scope scope;
        private final Map<String, Object> converted = new LinkedHashMap<>();
        private final Map<JsonNode, Object> byNode = new IdentityHashMap<>();

        public Bindings(Scope scope) {
            this.scope = scope;
        }

        Scope scope() {
            return scope;
        }

        Object lookup(String name) {
            Object cached = converted.get(name);
            if (cached != null || converted.containsKey(name)) {
                return cached;
            }
            Object value;
            if (name.equals("states")) {
                Map<String, Object> states = new LinkedHashMap<>();
                putIfPresent(states, "input", scope.input());
                putIfPresent(states, "result", scope.result());
                putIfPresent(states, "errorOutput", scope.errorOutput());
                putIfPresent(states, "context", scope.context());
                value = states;
            } else {
                JsonNode variable = scope.variables() == null ? null : scope.variables().get(name);
                value = variable == null ? ABSENT : convert(variable);
            }
            converted.put(name, value);
            return value;
        }

        private void putIfPresent(Map<String, Object> states, String key, JsonNode node) {
            if (node != null && !node.isMissingNode()) {
                states.put(key, convert(node));
            }
        }

        private Object convert(JsonNode node) {
            Object cached = byNode.get(node);
            if (cached == null && !byNode.containsKey(node)) {
                cached = JsonataValues.toJava(node);
                byNode.put(node, cached);
            }
            return cached;
        }
    }
}
