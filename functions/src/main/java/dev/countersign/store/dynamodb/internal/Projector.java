package dev.countersign.store.dynamodb.internal;

import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.approval.Recipient;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.IsoMillis;
import dev.countersign.store.dynamodb.internal.Items.ApprovalItem;
import dev.countersign.store.dynamodb.internal.Items.EventItem;
import dev.countersign.store.dynamodb.internal.Items.InboxItem;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Writes the list projections of an approval item: one event item per audit event (keyed approval + seq) and one
 * inbox item per approver (keyed approval + approver). Everything it writes is derived from one snapshot of the
 * approval item, is idempotent, and never goes backwards, so it can run again at any time — after a crash, twice,
 * or concurrently with a newer writer. The approval item's {@code projectedSeq} / {@code projectedInboxVersion} are
 * its watermark, and {@code projectionDue} marks items whose projections lag (the outbox).
 */
public final class Projector {
    /** How long a closed inbox item is kept so that an older projector cannot recreate it as pending. */
    static final Duration TOMBSTONE_TTL = Duration.ofDays(7);

    private final DynamoDbClient client;
    private final String tableName;
    private final DynamoDbTable<EventItem> events;
    private final DynamoDbTable<InboxItem> inbox;
    private final Clock clock;

    public Projector(DynamoDbClient client, String tableName, DynamoDbTable<EventItem> events,
                     DynamoDbTable<InboxItem> inbox, Clock clock) {
        this.client = client;
        this.tableName = tableName;
        this.events = events;
        this.inbox = inbox;
        this.clock = clock;
    }

    /** Projects a snapshot of an approval item (as read or as just written). */
    public void project(ApprovalItem item, ApprovalRecord record) {
        int fromSeq = item.projectedSeq == null ? 0 : item.projectedSeq;
        for (AuditEvent event : record.auditTrail()) {
            if (event.seq() > fromSeq) {
                events.putItem(eventItem(event));
            }
        }
        long inboxVersion = item.inboxVersion == null ? 0 : item.inboxVersion;
        long projectedInbox = item.projectedInboxVersion == null ? -1 : item.projectedInboxVersion;
        if (inboxVersion > projectedInbox) {
            projectInbox(record, inboxVersion);
        }
        markProjected(item, record);
    }

    private void projectInbox(ApprovalRecord record, long inboxVersion) {
        Set<String> pending = new LinkedHashSet<>();
        if (record.status() == ApprovalStatus.PENDING) {
            record.current().awaiting().forEach(r -> pending.add(r.approver()));
        }
        Set<String> everyone = new LinkedHashSet<>();
        for (EscalationLevel level : record.levels()) {
            for (Recipient r : level.recipients()) {
                everyone.add(r.approver());
                if (r.reassignedFrom() != null) {
                    everyone.add(r.reassignedFrom());
                }
            }
        }
        for (String approver : everyone) {
            InboxItem row = new InboxItem();
            row.pk = ApprovalMapping.approvalPk(record.approvalId());
            row.sk = Items.INBOX_SK_PREFIX + approver;
            row.approvalId = record.approvalId().value();
            row.approver = approver;
            row.sourceVersion = inboxVersion;
            if (pending.contains(approver)) {
                row.approverKey = approver;
                row.inboxSort = ApprovalMapping.createdSort(record);
                row.workflow = record.workflow();
                row.summary = record.summary();
                row.riskLevel = record.riskLevel().wireName();
                row.level = record.currentLevel();
                row.deadline = IsoMillis.format(record.current().deadline());
                row.createdAt = IsoMillis.format(record.createdAt());
            } else {
                row.ttl = clock.instant().plus(TOMBSTONE_TTL).getEpochSecond();
            }
            try {
                // Never overwrite a row projected from a newer version: older snapshots lose.
                inbox.putItem(PutItemEnhancedRequest.builder(InboxItem.class).item(row)
                        .conditionExpression(Expression.builder()
                                .expression("attribute_not_exists(pk) OR sourceVersion < :v")
                                .putExpressionValue(":v", AttributeValue.fromN(Long.toString(inboxVersion)))
                                .build())
                        .build());
            } catch (ConditionalCheckFailedException newerOrSame) {
                // a newer (or the same) version is already projected
            }
        }
    }

    private void markProjected(ApprovalItem item, ApprovalRecord record) {
        long inboxVersion = item.inboxVersion == null ? 0 : item.inboxVersion;
        try {
            client.updateItem(r -> r.tableName(tableName)
                    .key(Map.of("pk", AttributeValue.fromS(item.pk), "sk", AttributeValue.fromS(item.sk)))
                    .updateExpression("SET projectedSeq = :seq, projectedInboxVersion = :iv REMOVE projectionDue")
                    .conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(
                            ":seq", AttributeValue.fromN(Integer.toString(record.auditCount())),
                            ":iv", AttributeValue.fromN(Long.toString(inboxVersion)),
                            ":v", AttributeValue.fromN(Long.toString(record.version())))));
        } catch (ConditionalCheckFailedException newerWrite) {
            // A newer write happened since this snapshot: it set projectionDue again and projects itself (or the
            // repair sweep does), so the watermark stays where it is.
        }
    }

    static EventItem eventItem(AuditEvent e) {
        EventItem row = new EventItem();
        row.pk = Items.APPROVAL_PREFIX + e.approvalId();
        row.sk = eventSk(e.seq());
        row.approvalId = e.approvalId();
        row.seq = e.seq();
        row.at = IsoMillis.format(e.at());
        row.type = e.type();
        row.actor = e.actor();
        row.details = e.detailsJson();
        row.prevHash = e.prevHash();
        row.hash = e.hash();
        row.eventActor = e.actor();
        row.eventSort = row.at + "#" + e.approvalId() + "#" + String.format("%06d", e.seq());
        return row;
    }

    static String eventSk(int seq) {
        return Items.EVENT_SK_PREFIX + String.format("%06d", seq);
    }
}
