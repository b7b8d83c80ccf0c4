package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One {@code States.*} intrinsic function. Implementations are stateless and registered once. */
public abstract class IntrinsicFunction {
    private final String name;
    private final int minArguments;
    private final int maxArguments;

    /**
     * @param name         the full name, e.g. {@code States.Format}
     * @param minArguments fewest arguments accepted
     * @param maxArguments most arguments accepted ({@link Integer#MAX_VALUE} for any number)
     */
    protected IntrinsicFunction(String name, int minArguments, int maxArguments) {
        this.name = name;
        this.minArguments = minArguments;
        this.maxArguments = maxArguments;
    }

    public final String name() {
        return name;
    }

    public final int minArguments() {
        return minArguments;
    }

    public final int maxArguments() {
        return maxArguments;
    }

    /** How the function is called, for messages, e.g. {@code States.ArrayRange(start, end, step)}. */
    public abstract String signature();

    /**
     * Computes the result from evaluated arguments (their count is already checked).
     *
     * @throws IntrinsicArgumentException when an argument cannot be used; the caller turns it into States.Runtime
     */
    public abstract JsonNode apply(List<JsonNode> arguments, ParsedCall call);

    /** Problems visible in the definition already (literal arguments of the wrong kind); empty by default. */
    public List<String> checkLiterals(List<Argument> arguments) {
        return List.of();
    }
}
