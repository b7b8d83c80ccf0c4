package dev.countersign.store.dynamodb.internal;

import static dev.countersign.store.dynamodb.internal.StoredAttributes.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.approval.Recipient;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.IsoMillis;
import dev.countersign.core.json.Json;
import dev.countersign.store.dynamodb.CountersignTables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The writes that project one snapshot of an approval item into its list items (docs/data-design.md), as DynamoDB
 * JSON-protocol request documents, in the order they are sent: a PutItem per audit event not yet projected, a
 * conditional PutItem per inbox row when the inbox changed (an older snapshot never overwrites a newer row), and the
 * conditional UpdateItem that moves the watermark and clears the outbox mark only if the item is still at this
 * version. Every request is idempotent, so a projection can run again at any time; {@link Projection} sends them, and
 * a failed condition means "newer already there".
 */
public final class ProjectionRequests {
    /** How long a closed inbox item is kept so that an older projector cannot recreate it as pending. */
    static final Duration TOMBSTONE_TTL = Duration.ofDays(7);

    private ProjectionRequests() {
    }

    /** PutItem requests of the event items with a seq after the watermark. */
    public static List<ObjectNode> eventPuts(String tableName, ApprovalRecord record, ProjectionMarks marks) {
        int fromSeq = marks.projectedSeq() == null ? 0 : marks.projectedSeq();
        List<ObjectNode> puts = new ArrayList<>();
        for (AuditEvent event : record.auditTrail()) {
            if (event.seq() > fromSeq) {
                puts.add(put(tableName, StoredJson.eventItem(event, record.workflow())));
            }
        }
        return puts;
    }

    /** Conditional PutItem requests of the inbox rows, when the inbox changed since it was last projected. */
    public static List<ObjectNode> inboxPuts(String tableName, ApprovalRecord record, ProjectionMarks marks,
                                             Instant now) {
        long inboxVersion = marks.inboxVersion() == null ? 0 : marks.inboxVersion();
        long projectedInbox = marks.projectedInboxVersion() == null ? -1 : marks.projectedInboxVersion();
        if (inboxVersion <= projectedInbox) {
            return List.of();
        }
        Set<String> pending = new LinkedHashSet<>();
        if (record.status() == ApprovalStatus.PENDING) {
            for (Recipient r : record.current().awaiting()) {
                pending.add(r.approver());
            }
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
        List<ObjectNode> puts = new ArrayList<>();
        for (String approver : everyone) {
            ObjectNode row = StoredJson.key(StoredJson.approvalPk(record.approvalId()),
                    CountersignTables.INBOX_SK_PREFIX + approver);
            row.set(APPROVAL_ID, StoredJson.s(record.approvalId().value()));
            row.set(APPROVER, StoredJson.s(approver));
            row.set(SOURCE_VERSION, StoredJson.n(inboxVersion));
            if (pending.contains(approver)) {
                row.set(CountersignTables.APPROVER_KEY, StoredJson.s(approver));
                row.set(CountersignTables.INBOX_SORT, StoredJson.s(StoredJson.createdSort(record)));
                if (record.workflow() != null) {
                    row.set(WORKFLOW, StoredJson.s(record.workflow()));
                }
                if (record.summary() != null) {
                    row.set(SUMMARY, StoredJson.s(record.summary()));
                }
                row.set(RISK_LEVEL, StoredJson.s(record.riskLevel().wireName()));
                row.set(LEVEL, StoredJson.n(record.currentLevel()));
                row.set(DEADLINE, StoredJson.s(IsoMillis.format(record.current().deadline())));
                row.set(CREATED_AT, StoredJson.s(IsoMillis.format(record.createdAt())));
            } else {
                row.set(CountersignTables.TTL, StoredJson.n(now.plus(TOMBSTONE_TTL).getEpochSecond()));
            }
            ObjectNode request = put(tableName, row);
            // Never overwrite a row projected from a newer version: older snapshots lose.
            request.put("ConditionExpression", "attribute_not_exists(" + CountersignTables.PK + ") OR "
                    + SOURCE_VERSION + " < :v");
            request.putObject("ExpressionAttributeValues").set(":v", StoredJson.n(inboxVersion));
            puts.add(request);
        }
        return puts;
    }

    /** The conditional UpdateItem that records the snapshot as projected (if the item is still at its version). */
    public static ObjectNode markProjected(String tableName, ApprovalRecord record, ProjectionMarks marks) {
        long inboxVersion = marks.inboxVersion() == null ? 0 : marks.inboxVersion();
        ObjectNode request = Json.object();
        request.put("TableName", tableName);
        request.set("Key", StoredJson.key(StoredJson.approvalPk(record.approvalId()), CountersignTables.APPROVAL_SK));
        request.put("UpdateExpression", "SET " + PROJECTED_SEQ + " = :seq, " + PROJECTED_INBOX_VERSION + " = :iv"
                + " REMOVE " + CountersignTables.PROJECTION_DUE);
        request.put("ConditionExpression", VERSION + " = :v");
        ObjectNode values = request.putObject("ExpressionAttributeValues");
        values.set(":seq", StoredJson.n(record.auditCount()));
        values.set(":iv", StoredJson.n(inboxVersion));
        values.set(":v", StoredJson.n(record.version()));
        return request;
    }

    private static ObjectNode put(String tableName, ObjectNode item) {
        ObjectNode request = Json.object();
        request.put("TableName", tableName);
        request.set("Item", item);
        return request;
    }
}
