package dev.countersign.local.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.expr.internal.JsonText;
import dev.countersign.local.engine.expr.internal.PayloadTemplateCompiler;
import java.util.ArrayList;
import java.util.List;

/**
 * Payload templates of the JSONPath query language ({@code Parameters}, {@code ResultSelector},
 * {@code ItemSelector}, JSONPath {@code Assign}): a field whose name ends in {@code .$} takes the value of a Path,
 * a context path, a variable or an intrinsic function call; every other field is copied as it is. Objects and
 * arrays are walked to any depth.
 *
 * <p>For speed, {@link #compile} a template once per state and keep the {@link Template}.
 */
public final class PayloadTemplates {
    private PayloadTemplates() {
    }

    /** A parsed template; immutable, thread-safe and reusable across executions. */
    public interface Template {
        /**
         * Builds the payload. A path that selects nothing fails with States.Runtime and the cause Step Functions
         * gives ({@code The JSONPath '$.x' specified for the field 'y.$' could not be found in the input '{...}'});
         * an intrinsic function that fails gives States.Runtime as well. The interpreter prefixes causes with the
         * state ("An error occurred while executing the state 'S' (entered at the event id #N). ").
         */
        JsonNode apply(Scope scope);

        /** The template as written. */
        JsonNode source();
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException listing every problem {@link #check} would report
     */
    public static Template compile(JsonNode template) {
        List<DefinitionProblem> problems = check(template, "$");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid payload template: " + problems);
        }
        return PayloadTemplateCompiler.compile(template);
    }

    /** Applies a template; a path that selects nothing fails with States.Runtime naming the field. */
    public static JsonNode apply(JsonNode template, Scope scope) {
        return compile(template).apply(scope);
    }

    /** Problems with a template, each located under {@code location} (e.g. {@code $.States.A.Parameters}). */
    public static List<DefinitionProblem> check(JsonNode template, String location) {
        List<DefinitionProblem> problems = new ArrayList<>();
        PayloadTemplateCompiler.check(template, location, problems);
        return problems;
    }

    /**
     * Problems with a JSONPath {@code Assign} object: a template whose top-level field names (without {@code .$})
     * are valid variable names, each assigned once.
     */
    public static List<DefinitionProblem> checkAssign(JsonNode assign, String location) {
        List<DefinitionProblem> problems = new ArrayList<>();
        if (assign == null || !assign.isObject()) {
            problems.add(new DefinitionProblem(location, "\"Assign\" must be an object that maps variable names to "
                    + "values, but it is " + JsonText.typeOf(assign)));
            return problems;
        }
        assign.fieldNames().forEachRemaining(key -> {
            String name = key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
            for (String problem : JsonPaths.checkVariableName(name)) {
                problems.add(new DefinitionProblem(JsonText.childLocation(location, key), problem));
            }
        });
        PayloadTemplateCompiler.check(assign, location, problems);
        return problems;
    }
}
