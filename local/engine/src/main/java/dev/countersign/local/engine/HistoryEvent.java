package dev.countersign.local.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One event of an execution's history, as GetExecutionHistory reports it.
 *
 * @param id              1, 2, 3, … within the execution
 * @param previousEventId the event this one follows from (0 for ExecutionStarted); within a Parallel branch or Map
 *                        iteration it points along that branch, as on AWS
 * @param details         the contents of {@link HistoryEventType#detailsField()} with AWS's field names (e.g.
 *                        {@code name}, {@code input}, {@code inputDetails}, {@code resourceType}, {@code error},
 *                        {@code cause}); null when the type has none. Treat as read-only.
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, HistoryEventType type,
                           ObjectNode details) {
}
