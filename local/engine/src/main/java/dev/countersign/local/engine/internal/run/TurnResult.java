package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.ExecutionStatus;
import java.util.List;
import java.util.Map;

/**
 * What one turn of an execution produced: history events to append, runtime cells to write and delete, and whether
 * the execution closed. The engine journals it as one record.
 *
 * @param events  each {@code {"id", "prev", "ts", "type", "d"}}
 * @param closing null while the execution keeps running
 */
public record TurnResult(List<ObjectNode> events, Map<String, byte[]> puts, List<String> deletes, Closing closing) {

    /** How the execution ended. {@code output} is JSON text (SUCCEEDED only). */
    public record Closing(ExecutionStatus status, String output, String error, String cause) {
    }

    public boolean isEmpty() {
        return events.isEmpty() && puts.isEmpty() && deletes.isEmpty() && closing == null;
    }
}
