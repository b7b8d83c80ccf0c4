package dev.countersign.local.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.internal.intrinsic.IntrinsicFunctionRegistry;
import dev.countersign.local.engine.expr.internal.intrinsic.IntrinsicParser;
import java.util.List;

/**
 * Every {@code States.*} intrinsic function, one class each, looked up by name in a registry.
 *
 * <p>A call is {@code States.Name(arg, ...)}; an argument is a quoted string ({@code 'text'}, escapes {@code \'}
 * {@code \{} {@code \}} {@code \\}), a number, {@code true}, {@code false}, {@code null}, a Path ({@code $.x},
 * {@code $$.x}, {@code $var}) or another call, nested up to 10 deep.
 *
 * <p>Failures at run time are {@code States.Runtime}, which is what Step Functions reports for intrinsic
 * functions (the specification's {@code States.IntrinsicFailure} is not what AWS raises). The cause reads
 * {@code The function 'States.X(...)' had the following error: ...}, naming the innermost call that failed.
 */
public final class IntrinsicFunctions {
    private static final String PREFIX = "States.";

    private IntrinsicFunctions() {
    }

    /** A parsed call; immutable, thread-safe and reusable across executions. */
    public interface Call {
        /** The call as written. */
        String text();

        /** Evaluates the call; failures are States.Runtime, as Step Functions reports them. */
        JsonNode evaluate(Scope scope);
    }

    /** True when the string is an intrinsic function call ({@code States.Name(...)}). */
    public static boolean isCall(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return false;
        }
        int open = text.indexOf('(');
        return open > PREFIX.length() && text.stripTrailing().endsWith(")");
    }

    /**
     * Parses a call once for repeated evaluation.
     *
     * @throws IllegalArgumentException listing every problem {@link #check} would report
     */
    public static Call compile(String call) {
        IntrinsicParser.Result result = IntrinsicParser.parse(call);
        if (!result.valid()) {
            throw new IllegalArgumentException(String.join("; ", result.problems()));
        }
        return result.call();
    }

    /**
     * Evaluates a call; bad arguments fail with {@code States.Runtime}, as Step Functions reports intrinsic function
     * errors.
     *
     * @throws IllegalArgumentException when the text is not a valid call (validate definitions with {@link #check})
     */
    public static JsonNode evaluate(String call, Scope scope) {
        return compile(call).evaluate(scope);
    }

    /** Problems with a call's syntax, name, argument count and literal arguments (empty when valid). */
    public static List<String> check(String call) {
        if (call == null) {
            return List.of("an intrinsic function call is required, but the value is null");
        }
        return IntrinsicParser.parse(call).problems();
    }

    /** The names of every intrinsic function, e.g. {@code States.Format}. */
    public static List<String> names() {
        return IntrinsicFunctionRegistry.names();
    }
}
