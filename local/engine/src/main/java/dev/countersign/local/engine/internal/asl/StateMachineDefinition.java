package dev.countersign.local.engine.internal.asl;

import java.util.ArrayList;
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

    /** The definitions of the child executions of its distributed Maps. */
    public List<String> childDefinitions() {
        List<String> children = new ArrayList<>();
        for (Program program : programs) {
            for (State state : program.states().values()) {
                if (state instanceof MapState map && map.distributed() != null) {
                    children.add(map.distributed().childDefinition());
                }
            }
        }
        return children;
    }
}
