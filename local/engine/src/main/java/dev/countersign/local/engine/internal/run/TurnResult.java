package dev.countersign.local.engine.internal.run;

import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.internal.store.CellKey;
import dev.countersign.local.engine.internal.store.Records;
import java.util.List;

/**
 * What one turn of an execution produced: history events to append, runtime cells to write and delete, map runs
 * started or ended, and whether the execution closed. The engine journals it as one record.
 *
 * @param closing null while the execution keeps running
 */
public record TurnResult(List<HistoryEvent> events, List<Cell> puts, List<CellKey> deletes,
                         List<Records.MapRunState> mapRuns, Closing closing) {

    /** How the execution ended. {@code output} is JSON text (SUCCEEDED only). */
    public record Closing(ExecutionStatus status, String output, String error, String cause) {
    }

    public boolean isEmpty() {
        return events.isEmpty() && puts.isEmpty() && deletes.isEmpty() && mapRuns.isEmpty() && closing == null;
    }
}
