package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.expr.JsonPaths;
import dev.countersign.local.engine.expr.Scope;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.Optional;

/** One argument of an intrinsic call. */
public sealed interface Argument permits Argument.Literal, Argument.StringLiteral, Argument.PathArgument,
        Argument.CallArgument {

    JsonNode evaluate(Scope scope, ParsedCall call);

    /** The argument as written. */
    String text();

    /** A number, true, false or null. */
    record Literal(JsonNode value, String text) implements Argument {
        @Override
        public JsonNode evaluate(Scope scope, ParsedCall call) {
            return value;
        }
    }

    /**
     * A quoted string with its escapes resolved; {@code placeholders} are the offsets in {@code value} of the
     * {@code {}} pairs that were written without escapes (escaped braces are plain text for States.Format).
     */
    record StringLiteral(JsonNode value, String text, int[] placeholders) implements Argument {
        @Override
        public JsonNode evaluate(Scope scope, ParsedCall call) {
            return value;
        }
    }

    /** A Path ({@code $.x}, {@code $$.x} or {@code $var}); a path that selects nothing fails the call. */
    record PathArgument(JsonPaths.Path path) implements Argument {
        @Override
        public JsonNode evaluate(Scope scope, ParsedCall call) {
            Optional<JsonNode> value = path.read(scope);
            if (value.isPresent()) {
                return value.get();
            }
            String where = switch (path.root()) {
                case INPUT -> "the input '" + JsonText.forCause(scope.input()) + "'";
                case CONTEXT -> "the context object '" + JsonText.forCause(scope.context()) + "'";
                case VARIABLE -> {
                    JsonNode variable = scope.variables() == null ? null : scope.variables().get(path.variable());
                    yield variable == null ? "the variables (the variable '$" + path.variable()
                            + "' has not been assigned)"
                            : "the variable '$" + path.variable() + "' whose value is '" + JsonText.forCause(variable)
                            + "'";
                }
            };
            throw StatesError.RUNTIME.failure("The function '" + call.text() + "' had the following error: The "
                    + "JsonPath argument for the field '" + path.text() + "' could not be found in " + where);
        }

        @Override
        public String text() {
            return path.text();
        }
    }

    /** A nested intrinsic call. */
    record CallArgument(ParsedCall call) implements Argument {
        @Override
        public JsonNode evaluate(Scope scope, ParsedCall outer) {
            return call.evaluate(scope);
        }

        @Override
        public String text() {
            return call.text();
        }
    }
}
