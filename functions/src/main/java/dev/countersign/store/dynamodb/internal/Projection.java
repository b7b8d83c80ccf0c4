package dev.countersign.store.dynamodb.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.store.dynamodb.DynamoDbTransport;
import java.time.Clock;

/**
 * Writes the list projections of an approval item: one event item per audit event (keyed approval + seq) and one
 * inbox item per approver (keyed approval + approver). Everything it writes is derived from one snapshot of the
 * approval item, is idempotent, and never goes backwards, so it can run again at any time — after a crash, twice,
 * or concurrently with a newer writer. The approval item's {@code projectedSeq} / {@code projectedInboxVersion} are
 * its watermark, and {@code projectionDue} marks items whose projections lag (the outbox). The requests themselves
 * come from {@link ProjectionRequests}.
 */
public final class Projection {
    private final DynamoDbTransport transport;
    private final String tableName;
    private final Clock clock;

    public Projection(DynamoDbTransport transport, String tableName, Clock clock) {
        this.transport = transport;
        this.tableName = tableName;
        this.clock = clock;
    }

    /** Projects an approval as read or as written, from the item's bookkeeping at that moment. */
    public void project(ApprovalRecord record, ProjectionMarks marks) {
        for (ObjectNode put : ProjectionRequests.eventPuts(tableName, record, marks)) {
            transport.call("PutItem", put);
        }
        for (ObjectNode put : ProjectionRequests.inboxPuts(tableName, record, marks, clock.instant())) {
            // A newer (or the same) version is already projected when the condition fails.
            unlessNewer("PutItem", put);
        }
        // A newer write since this snapshot set projectionDue again and projects itself (or the repair sweep does),
        // so the watermark stays where it is.
        unlessNewer("UpdateItem", ProjectionRequests.markProjected(tableName, record, marks));
    }

    private void unlessNewer(String operation, ObjectNode request) {
        try {
            transport.call(operation, request);
        } catch (DynamoDbTransport.Failure e) {
            if (!e.conditionFailed()) {
                throw e;
            }
        }
    }
}
