package dev.countersign.local.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Every {@code States.*} intrinsic function, one class each, looked up by name in a registry. */
public final class IntrinsicFunctions {
    private IntrinsicFunctions() {
    }

    /** True when the string is an intrinsic function call ({@code States.Name(...)}). */
    public static boolean isCall(String text) {
        throw new UnsupportedOperationException("IntrinsicFunctions.isCall: implemented on the engine-expr branch");
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
