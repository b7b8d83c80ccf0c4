package dev.countersign.local.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Every {@code States.*} intrinsic function, one class each, looked up by name in a registry. */
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

    /** Parses a call. */
    public static Call compile(String call) {
        return new Call() {
            @Override
            public String text() {
                return call;
            }

            @Override
            public JsonNode evaluate(Scope scope) {
                return IntrinsicFunctions.evaluate(call, scope);
            }
        };
    }

    /** Evaluates a call; bad arguments fail with {@code States.IntrinsicFailure} (or what AWS raises). */
    public static JsonNode evaluate(String call, Scope scope) {
        throw new UnsupportedOperationException("IntrinsicFunctions.evaluate: implemented on the engine-expr branch");
    }

    /** Problems with a call's syntax, name and argument count (empty when valid). */
    public static List<String> check(String call) {
        throw new UnsupportedOperationException("IntrinsicFunctions.check: implemented on the engine-expr branch");
    }
}
