package dev.countersign.local.engine;

import java.util.List;
import java.util.stream.Collectors;

/** The definition is not valid Amazon States Language (or uses a feature the engine does not support). */
public class InvalidDefinitionException extends EngineException {
    private static final long serialVersionUID = 1L;

    private final transient List<DefinitionProblem> problems;

    public InvalidDefinitionException(List<DefinitionProblem> problems) {
        super("Invalid State Machine Definition: " + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + ": "
                + problems.stream().map(DefinitionProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in definition order. */
    public List<DefinitionProblem> problems() {
        return problems;
    }

    @Override
    public String errorType() {
        return "InvalidDefinition";
    }
}
