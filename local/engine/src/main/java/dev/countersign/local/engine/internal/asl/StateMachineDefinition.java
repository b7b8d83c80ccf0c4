package dev.countersign.local.engine.internal.asl;

import java.util.List;

/**
 * A valid, parsed definition.
 *
 * @param timeoutSeconds execution timeout; null when absent
 * @param programs       every program, root first (index = {@link Program#id()})
 */
public record StateMachineDefinition(String text, QueryLanguage language, Integer timeoutSeconds,
                                     List<Program> programs) {
    public StateMachineDefinition {
        programs = List.copyOf(programs);
    }

    public Program root() {
        return programs.get(0);
    }

    public Program program(int id) {
        return programs.get(id);
    }
}
