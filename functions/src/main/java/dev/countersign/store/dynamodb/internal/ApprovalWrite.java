package dev.countersign.store.dynamodb.internal;

import static dev.countersign.store.dynamodb.internal.StoredAttributes.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.Recipient;
import dev.countersign.approval.TaskToken;
import dev.countersign.approval.Transition;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.IsoMillis;
import dev.countersign.core.json.Json;
import dev.countersign.store.dynamodb.CountersignTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one conditional {@code UpdateItem} of a transition (docs/data-design.md, "The decide write"), as a DynamoDB
 * JSON-protocol request document that any transport of the store sends as it is. It signs the transition's audit entries onto the
 * chain, sets every state attribute the new record determines (removing the absent ones), appends the events to the
 * trail, and holds only if the version, status and level are still the ones the transition was computed from.
 */
public final class ApprovalWrite {
    /**
     * A write ready to send.
     *
     * @param after   the approval as it will be once the request succeeds
     * @param request the UpdateItem request (TableName, Key, expressions, names, values)
     * @param marks   the item's outbox bookkeeping after the write (what the projection starts from)
     * @param written the signed events the write appends, in order (empty when it only stores a task token)
     */
    public record Prepared(ApprovalRecord after, ObjectNode request, ProjectionMarks marks, List<AuditEvent> written) {
    }

    /** The state attributes every write sets (or removes when the new record has no value for them), in order. */
    static final List<String> STATE_ATTRIBUTES = List.of(STATUS, CURRENT_LEVEL, CURRENT_DEADLINE, LEVELS, DECISION,
            CountersignTables.UPDATED_AT, VERSION, AUDIT_COUNT, LAST_HASH, TRAIL_BYTES, INBOX_VERSION,
            CountersignTables.PENDING_WORKFLOW, CountersignTables.PROJECTION_DUE, CountersignTables.CALLBACK_DUE,
            CountersignTables.STATE_KEY, CountersignTables.STATE_SORT);

    private ApprovalWrite() {
    }

    /**
     * @param before the approval as read (the write is conditioned on its version, status and level)
     * @param marks  the item's outbox bookkeeping as read
     * @param tokens the task tokens as read, by level (only a token change looks at them; may be empty otherwise)
     * @return empty when the transition changes nothing (no events, no new token): nothing to send
     */
    public static Optional<Prepared> prepare(String tableName, ApprovalRecord before, ProjectionMarks marks,
                                             Map<Integer, TaskToken> tokens, Transition.Write<?> write,
                                             AuditChain chain, Instant now) {
        Transition.TokenChange tokenChange = write.token();
        if (write.entries().isEmpty()
                && (tokenChange == null || tokenChange.token().equals(tokens.get(tokenChange.level())))) {
            return Optional.empty();
        }
        List<AuditEvent> signed = chain.extend(before.approvalId().value(), before.auditCount(), before.lastHash(),
                now, write.entries());
        ApprovalRecord after = write.next().afterWrite(signed, bytes(write.entries()), now);
        boolean inboxChanged = !inboxState(before).equals(inboxState(after));
        ProjectionMarks afterMarks = new ProjectionMarks(marks.projectedSeq(),
                inboxChanged ? Long.valueOf(after.version()) : marks.inboxVersion(), marks.projectedInboxVersion(),
                signed.isEmpty() && !inboxChanged ? marks.projectionDue() : CountersignTables.DUE);
        ObjectNode values = stateValues(after, afterMarks);

        ObjectNode names = Json.object();
        ObjectNode bind = Json.object();
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        for (String attribute : STATE_ATTRIBUTES) {
            String name = "#" + attribute;
            names.put(name, attribute);
            if (values.has(attribute)) {
                bind.set(":" + attribute, values.get(attribute));
                set.add(name + " = :" + attribute);
            } else {
                remove.add(name);
            }
        }
        if (!signed.isEmpty()) {
            names.put("#trail", TRAIL);
            List<ObjectNode> events = new ArrayList<>(signed.size());
            for (AuditEvent event : signed) {
                events.add(StoredJson.trailEvent(event));
            }
            bind.set(":events", StoredJson.l(events));
            set.add("#trail = list_append(#trail, :events)");
        }
        if (tokenChange != null) {
            names.put("#taskTokens", TASK_TOKENS);
            names.put("#tokenLevel", Integer.toString(tokenChange.level()));
            bind.set(":token", StoredJson.s(tokenChange.token().value()));
            set.add("#taskTokens.#tokenLevel = :token");
        }
        names.put("#expectedStatus", STATUS);
        names.put("#expectedLevel", CURRENT_LEVEL);
        names.put("#expectedVersion", VERSION);
        bind.set(":expectedVersion", StoredJson.n(before.version()));
        bind.set(":expectedStatus", StoredJson.s(before.status().name()));
        bind.set(":expectedLevel", StoredJson.n(before.currentLevel()));

        ObjectNode request = Json.object();
        request.put("TableName", tableName);
        request.set("Key", StoredJson.key(StoredJson.approvalPk(after.approvalId()), CountersignTables.APPROVAL_SK));
        request.put("UpdateExpression", "SET " + String.join(", ", set)
                + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove)));
        request.put("ConditionExpression", "#expectedVersion = :expectedVersion AND #expectedStatus = :expectedStatus"
                + " AND #expectedLevel = :expectedLevel");
        request.set("ExpressionAttributeNames", names);
        request.set("ExpressionAttributeValues", bind);
        return Optional.of(new Prepared(after, request, afterMarks, signed));
    }

    /**
     * The values of {@link #STATE_ATTRIBUTES} for an approval, as the approval item's schema writes them; an absent
     * attribute has no value.
     */
    static ObjectNode stateValues(ApprovalRecord r, ProjectionMarks marks) {
        ObjectNode values = Json.object();
        values.set(STATUS, StoredJson.s(r.status().name()));
        values.set(CURRENT_LEVEL, StoredJson.n(r.currentLevel()));
        if (r.status() == ApprovalStatus.PENDING) {
            values.set(CURRENT_DEADLINE, StoredJson.s(IsoMillis.format(r.current().deadline())));
        }
        values.set(LEVELS, StoredJson.levels(r.levels()));
        if (r.decision() != null) {
            values.set(DECISION, StoredJson.decision(r.decision()));
        }
        values.set(CountersignTables.UPDATED_AT, StoredJson.s(IsoMillis.format(r.updatedAt())));
        values.set(VERSION, StoredJson.n(r.version()));
        values.set(AUDIT_COUNT, StoredJson.n(r.auditCount()));
        if (r.lastHash() != null) {
            values.set(LAST_HASH, StoredJson.s(r.lastHash()));
        }
        values.set(TRAIL_BYTES, StoredJson.n(r.trailBytes()));
        if (marks.inboxVersion() != null) {
            values.set(INBOX_VERSION, StoredJson.n(marks.inboxVersion()));
        }
        if (r.status() == ApprovalStatus.PENDING && r.workflow() != null) {
            values.set(CountersignTables.PENDING_WORKFLOW, StoredJson.s(r.workflow()));
        }
        if (marks.projectionDue() != null) {
            values.set(CountersignTables.PROJECTION_DUE, StoredJson.s(marks.projectionDue()));
        }
        // Set by the write that records a person's decision, removed by the one that records its delivery: the
        // sparse callback-due index lists exactly the decisions a crash or a timeout may have stranded.
        if (r.awaitsCallback()) {
            values.set(CountersignTables.CALLBACK_DUE, StoredJson.s(CountersignTables.DUE));
        }
        // The by-state list: every pending approval newest first, then every ended one by when it ended. The key
        // changes once, in the write that ends the approval; later writes (the callback's event) leave it as it is.
        values.set(CountersignTables.STATE_KEY, StoredJson.s(r.status() == ApprovalStatus.PENDING
                ? CountersignTables.PENDING : CountersignTables.DECIDED));
        values.set(CountersignTables.STATE_SORT, StoredJson.s(StoredJson.stateSort(r)));
        return values;
    }

    /** Who has this approval pending, at which level and until when: when it changes, the inbox is re-projected. */
    static Set<String> inboxState(ApprovalRecord record) {
        Set<String> state = new HashSet<>();
        if (record.status() == ApprovalStatus.PENDING) {
            for (Recipient r : record.current().awaiting()) {
                state.add(r.approver() + "|" + record.currentLevel() + "|" + record.current().deadline());
            }
        }
        return state;
    }

    private static int bytes(List<AuditEntry> entries) {
        int sum = 0;
        for (AuditEntry entry : entries) {
            sum += entry.storedBytes();
        }
        return sum;
    }
}
