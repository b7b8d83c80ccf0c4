package dev.countersign.local.runtime;

import dev.countersign.local.engine.LambdaFunction;
import dev.countersign.local.engine.LambdaFunctions;
import dev.countersign.local.runtime.lambda.InProcessLambda;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The runtime's in-process Lambda functions, found by name or ARN as the engine asks for them. */
public final class LocalFunctions implements LambdaFunctions {
    private final Map<String, InProcessLambda> byName = new LinkedHashMap<>();

    public LocalFunctions(Collection<InProcessLambda> functions) {
        for (InProcessLambda function : functions) {
            if (byName.put(function.functionName(), function) != null) {
                throw new IllegalArgumentException("two functions are named " + function.functionName());
            }
        }
    }

    @Override
    public Optional<LambdaFunction> find(String functionNameOrArn) {
        return Optional.ofNullable(byName.get(LambdaFunctions.functionName(functionNameOrArn)));
    }

    /** The function of that name; fails naming the functions there are. */
    public InProcessLambda get(String functionName) {
        InProcessLambda function = byName.get(functionName);
        if (function == null) {
            throw new IllegalArgumentException("no function named " + functionName + "; there are "
                    + String.join(", ", byName.keySet()));
        }
        return function;
    }

    public Collection<InProcessLambda> all() {
        return byName.values();
    }
}
