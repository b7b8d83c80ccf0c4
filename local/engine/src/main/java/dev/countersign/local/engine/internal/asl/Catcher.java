package dev.countersign.local.engine.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One element of a state's {@code Catch}.
 *
 * @param resultPath JSONPath only: where the error output goes (default {@code $})
 * @param output     JSONata only: the state output (default the error output); null when absent
 * @param assign     variables to assign; null when absent
 */
public record Catcher(List<String> errorEquals, String next, OptionalPath resultPath, JsonNode output,
                     JsonNode assign) {
    public Catcher {
        errorEquals = List.copyOf(errorEquals);
    }
}
