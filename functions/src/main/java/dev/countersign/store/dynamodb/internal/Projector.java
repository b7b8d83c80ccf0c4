package dev.countersign.store.dynamodb.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.store.dynamodb.internal.Items.ApprovalItem;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Writes the list projections of an approval item: one event item per audit event (keyed approval + seq) and one
 * inbox item per approver (keyed approval + approver). Everything it writes is derived from one snapshot of the
 * approval item, is idempotent, and never goes backwards, so it can run again at any time — after a crash, twice,
 * or concurrently with a newer writer. The approval item's {@code projectedSeq} / {@code projectedInboxVersion} are
 * its watermark, and {@code projectionDue} marks items whose projections lag (the outbox). The requests themselves
 * come from {@link ProjectionRequests}, which the decision function's HTTP path sends too.
 */
public final class Projector {
    private final DynamoDbClient client;
    private final String tableName;
    private final Clock clock;

    public Projector(DynamoDbClient client, String tableName, Clock clock) {
        this.client = client;
        this.tableName = tableName;
        this.clock = clock;
    }

    /** Projects a snapshot of an approval item (as read or as just written). */
    public void project(ApprovalItem item, ApprovalRecord record) {
        project(record, ApprovalMapping.marks(item));
    }

    /** Projects an approval as written, from the item's bookkeeping after that write. */
    public void project(ApprovalRecord record, ProjectionMarks marks) {
        for (ObjectNode put : ProjectionRequests.eventPuts(tableName, record, marks)) {
            client.putItem(SdkRequests.putItem(put));
        }
        for (ObjectNode put : ProjectionRequests.inboxPuts(tableName, record, marks, clock.instant())) {
            try {
                client.putItem(SdkRequests.putItem(put));
            } catch (ConditionalCheckFailedException newerOrSame) {
                // a newer (or the same) version is already projected
            }
        }
        try {
            client.updateItem(SdkRequests.updateItem(ProjectionRequests.markProjected(tableName, record, marks)));
        } catch (ConditionalCheckFailedException newerWrite) {
            // A newer write happened since this snapshot: it set projectionDue again and projects itself (or the
            // repair sweep does), so the watermark stays where it is.
        }
    }
}
