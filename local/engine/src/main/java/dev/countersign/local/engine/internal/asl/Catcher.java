package dev.countersign.local.engine.internal.asl;

import java.util.List;

/**
 * One element of a state's {@code Catch}.
 *
 * @param resultPath JSONPath only: where the error output goes (default {@code $})
 * @param output     JSONata only: the state output (default the error output); null when absent
 * @param assign     variables to assign; null when absent
 */
public record Catcher(List<String> errorEquals, String next, ResultPath resultPath, ValueTemplate output,
                      ValueTemplate assign) {
    public Catcher {
        errorEquals = List.copyOf(errorEquals);
    }
}
