package dev.countersign.local.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.expr.internal.JsonText;
import dev.countersign.local.engine.expr.internal.jsonata.JsonataExpression;
import dev.countersign.local.engine.expr.internal.jsonata.JsonataTemplateCompiler;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSONata query language: a value (string, object, array) whose strings of the form {@code {% expr %}} are
 * evaluated with {@code $states} (input, result, errorOutput, context) and the variables in scope bound; everything
 * else is copied. Evaluation errors fail with {@code States.QueryEvaluationError}.
 *
 * <p>JSONata 2.0 through {@code com.dashjoin:jsonata}, plus the functions Step Functions adds ({@code $partition},
 * {@code $range}, {@code $hash}, {@code $random} with an optional seed, {@code $uuid}, {@code $parse}) and without
 * {@code $eval}, which Step Functions removes. An expression that yields nothing (undefined) is an error, as in Step
 * Functions. Causes read {@code The JSONata expression '...' specified for the field 'Output/total' returned nothing
 * (undefined).}; pass the field name (e.g. {@code Output}, {@code Arguments}, {@code Assign/total}) to the
 * overloads that take one. The interpreter prefixes causes with the state.
 */
public final class Jsonata {
    private Jsonata() {
    }

    /** A parsed template; immutable, thread-safe and reusable across executions. */
    public interface Template {
        JsonNode evaluate(Scope scope);

        /** The template as written. */
        JsonNode source();

        /** The field the template fills, as named in causes (null when not given). */
        String field();
    }

    /** A parsed Choice condition; immutable, thread-safe and reusable across executions. */
    public interface Condition {
        boolean test(Scope scope);
    }

    /** True for a string that is one JSONata expression: it starts with {@code {%} and ends with {@code %}}. */
    public static boolean isExpression(String text) {
        return JsonataTemplateCompiler.isExpression(text);
    }

    /**
     * Parses a template once for repeated evaluation.
     *
     * @param field the field it fills, for causes, e.g. {@code Output} or {@code Arguments} (may be null)
     * @throws IllegalArgumentException listing every problem {@link #check} would report
     */
    public static Template compile(JsonNode template, String field) {
        return JsonataTemplateCompiler.compile(template, field);
    }

    /** Evaluates a template (Arguments, Output, Assign values, Items, TimeoutSeconds, …). */
    public static JsonNode evaluate(JsonNode template, Scope scope) {
        return compile(template, null).evaluate(scope);
    }

    /** Evaluates a template, naming {@code field} in causes. */
    public static JsonNode evaluate(JsonNode template, Scope scope, String field) {
        return compile(template, field).evaluate(scope);
    }

    /**
     * Parses a Choice {@code Condition} ({@code {% ... %}}; a bare expression is accepted too).
     *
     * @param field the field, for causes, e.g. {@code Choices[0]/Condition} (may be null)
     */
    public static Condition compileCondition(String expression, String field) {
        String text = isExpression(expression) ? JsonataTemplateCompiler.inner(expression) : expression.strip();
        List<String> problems = JsonataExpression.check(text);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        JsonataExpression parsed = JsonataExpression.parse(text);
        return scope -> {
            JsonNode value = parsed.evaluate(new JsonataExpression.Bindings(scope), field);
            if (!value.isBoolean()) {
                throw StatesError.QUERY_EVALUATION_ERROR.failure(parsed.prefix(field) + " returned "
                        + JsonText.typeOf(value) + " (" + abbreviate(JsonText.compact(value)) + "), but a Condition "
                        + "must return true or false.");
            }
            return value.booleanValue();
        };
    }

    /** Evaluates a Choice {@code Condition}: the result must be a boolean, else States.QueryEvaluationError. */
    public static boolean condition(String expression, Scope scope) {
        return compileCondition(expression, "Condition").test(scope);
    }

    /** Evaluates a Choice {@code Condition}, naming {@code field} in causes. */
    public static boolean condition(String expression, Scope scope, String field) {
        return compileCondition(expression, field).test(scope);
    }

    /** Problems with the {@code {% %}} expressions in a template, located under {@code location}. */
    public static List<DefinitionProblem> check(JsonNode template, String location) {
        List<DefinitionProblem> problems = new ArrayList<>();
        JsonataTemplateCompiler.check(template, location, problems);
        return problems;
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
