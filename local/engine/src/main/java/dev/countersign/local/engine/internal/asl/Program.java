package dev.countersign.local.engine.internal.asl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A StartAt + States pair: the whole machine, a Parallel branch, or a Map's ItemProcessor.
 *
 * @param id       the program's index in {@link StateMachineDefinition#programs()} (stable for a definition text);
 *                 frames refer to programs by it
 * @param location JSON path of the object holding StartAt and States
 */
public record Program(int id, String location, String startAt, Map<String, State> states) {
    public Program {
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
    }

    public State state(String name) {
        State state = states.get(name);
        if (state == null) {
            throw new IllegalStateException("no state " + name + " in " + location);
        }
        return state;
    }
}
