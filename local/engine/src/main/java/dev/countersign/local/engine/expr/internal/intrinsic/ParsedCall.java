package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.expr.IntrinsicFunctions;
import dev.countersign.local.engine.expr.Scope;
import java.util.ArrayList;
import java.util.List;

/** A parsed intrinsic call: the function from the registry and its arguments, evaluated innermost first. */
public final class ParsedCall implements IntrinsicFunctions.Call {
    private final String text;
    private final IntrinsicFunction function;
    private final Argument[] arguments;

    ParsedCall(String text, IntrinsicFunction function, List<Argument> arguments) {
        this.text = text;
        this.function = function;
        this.arguments = arguments.toArray(new Argument[0]);
    }

    @Override
    public String text() {
        return text;
    }

    public IntrinsicFunction function() {
        return function;
    }

    public List<Argument> arguments() {
        return List.of(arguments);
    }

    @Override
    public JsonNode evaluate(Scope scope) {
        List<JsonNode> values = new ArrayList<>(arguments.length);
        for (Argument argument : arguments) {
            values.add(argument.evaluate(scope, this));
        }
        try {
            return function.apply(values, this);
        } catch (IntrinsicArgumentException e) {
            throw StatesError.RUNTIME.failure("The function '" + text + "' had the following error: "
                    + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
