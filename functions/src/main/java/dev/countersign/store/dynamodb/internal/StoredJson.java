package dev.countersign.store.dynamodb.internal;

import static dev.countersign.store.dynamodb.internal.StoredAttributes.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.DecidedApproval;
import dev.countersign.approval.DecisionRecord;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.approval.EventRef;
import dev.countersign.approval.PendingApproval;
import dev.countersign.approval.TaskToken;
import dev.countersign.approval.Recipient;
import dev.countersign.approval.Verdict;
import dev.countersign.approval.Vote;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.IsoMillis;
import dev.countersign.core.Channel;
import dev.countersign.core.Outcome;
import dev.countersign.core.RiskLevel;
import dev.countersign.core.json.Json;
import dev.countersign.link.LinkGrant;
import dev.countersign.link.LinkSecretHash;
import dev.countersign.store.dynamodb.CountersignTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one codec of Countersign's items: DynamoDB's JSON form ({@code {"S": "…"}}, {@code {"N": "…"}},
 * {@code {"L": […]}}, {@code {"M": {…}}}) to and from the domain's records, without the SDK. Nested documents leave
 * out absent fields and numbers are decimal strings, exactly as the static table schemas the items were first written
 * with (StoredJsonTest holds it against them). Every transport of the store carries these documents as they are.
 */
public final class StoredJson {
    private StoredJson() {
    }

    /** An approval as read: the record and its outbox bookkeeping (the task tokens are not read). */
    public record ApprovalSnapshot(ApprovalRecord record, ProjectionMarks marks) {
    }

    // ------------------------------------------------------------------ values

    public static ObjectNode s(String value) {
        return Json.object().put("S", value);
    }

    public static ObjectNode n(long value) {
        return Json.object().put("N", Long.toString(value));
    }

    public static ObjectNode l(List<ObjectNode> values) {
        ObjectNode node = Json.object();
        ArrayNode list = node.putArray("L");
        for (ObjectNode value : values) {
            list.add(value);
        }
        return node;
    }

    public static ObjectNode m(ObjectNode attributes) {
        ObjectNode node = Json.object();
        node.set("M", attributes);
        return node;
    }

    /** The partition key of an approval's items. */
    public static String approvalPk(ApprovalId id) {
        return CountersignTables.APPROVAL_PREFIX + id.value();
    }

    /** The sort key of lists by creation: {@code createdAt#approvalId}. */
    public static String createdSort(ApprovalRecord r) {
        return IsoMillis.format(r.createdAt()) + "#" + r.approvalId().value();
    }

    /**
     * The sort key of the by-state list: {@code createdAt#approvalId} while pending, {@code decidedAt#approvalId} once
     * ended (the time of the last change for an ended approval without a decision, which the store never writes).
     */
    public static String stateSort(ApprovalRecord r) {
        if (r.status() == ApprovalStatus.PENDING) {
            return createdSort(r);
        }
        Instant ended = r.decision() != null ? r.decision().decidedAt() : r.updatedAt();
        return IsoMillis.format(ended) + "#" + r.approvalId().value();
    }

    /** The partition key of the by-day list: the UTC day of an event ({@code 2026-11-24}). */
    public static String eventDay(Instant at) {
        return IsoMillis.format(at).substring(0, 10);
    }

    /** The primary key {@code {pk, sk}} of an item. */
    public static ObjectNode key(String pk, String sk) {
        ObjectNode key = Json.object();
        key.set(CountersignTables.PK, s(pk));
        key.set(CountersignTables.SK, s(sk));
        return key;
    }

    private static void putString(ObjectNode attributes, String name, String value) {
        if (value != null) {
            attributes.set(name, s(value));
        }
    }

    private static void putNumber(ObjectNode attributes, String name, Long value) {
        if (value != null) {
            attributes.set(name, n(value));
        }
    }

    // ------------------------------------------------------------------ writing (as the schemas write)

    /** The {@code levels} attribute. */
    public static ObjectNode levels(List<EscalationLevel> levels) {
        List<ObjectNode> docs = new ArrayList<>(levels.size());
        for (EscalationLevel level : levels) {
            ObjectNode doc = Json.object();
            doc.set(NUMBER, n(level.number()));
            List<ObjectNode> recipients = new ArrayList<>();
            for (Recipient r : level.recipients()) {
                ObjectNode rd = Json.object();
                putString(rd, APPROVER, r.approver());
                putString(rd, REASSIGNED_FROM, r.reassignedFrom());
                recipients.add(m(rd));
            }
            doc.set(RECIPIENTS, l(recipients));
            doc.set(QUORUM, n(level.quorum()));
            doc.set(DEADLINE, s(IsoMillis.format(level.deadline())));
            doc.set(STATUS, s(level.status().name()));
            List<ObjectNode> votes = new ArrayList<>();
            for (Vote v : level.votes()) {
                ObjectNode vd = Json.object();
                putString(vd, APPROVER, v.approver());
                vd.set(VERDICT, s(v.verdict().name()));
                vd.set(AT, s(IsoMillis.format(v.at())));
                vd.set(CHANNEL, s(v.channel().wireName()));
                vd.set(SEQ, n(v.seq()));
                votes.add(m(vd));
            }
            doc.set(VOTES, l(votes));
            doc.set(REASSIGNMENTS, n(level.reassignments()));
            docs.add(m(doc));
        }
        return l(docs);
    }

    /** The {@code decision} attribute. */
    public static ObjectNode decision(DecisionRecord decision) {
        ObjectNode doc = Json.object();
        doc.set(OUTCOME, s(decision.outcome().wireName()));
        putString(doc, DECIDED_BY, decision.decidedBy());
        doc.set(DECIDED_AT, s(IsoMillis.format(decision.decidedAt())));
        doc.set(LEVEL, n(decision.level()));
        putString(doc, COMMENT, decision.comment());
        doc.set(CHANNEL, s(decision.channel().wireName()));
        List<ObjectNode> approvers = new ArrayList<>(decision.approvers().size());
        for (String approver : decision.approvers()) {
            approvers.add(s(approver));
        }
        doc.set(APPROVERS, l(approvers));
        putString(doc, MODIFICATIONS, decision.modificationsJson());
        putString(doc, FALLBACK, decision.fallback() == null ? null : decision.fallback().wireName());
        putString(doc, APPROVED_PROPOSAL_HASH, decision.approvedProposalHash());
        return m(doc);
    }

    /** One audit event as an element of the {@code trail} attribute. */
    public static ObjectNode trailEvent(AuditEvent event) {
        ObjectNode doc = Json.object();
        doc.set(SEQ, n(event.seq()));
        putString(doc, AT, event.at() == null ? null : IsoMillis.format(event.at()));
        putString(doc, TYPE, event.type());
        putString(doc, ACTOR, event.actor());
        putString(doc, DETAILS, event.detailsJson());
        putString(doc, PREV_HASH, event.prevHash());
        putString(doc, HASH, event.hash());
        return m(doc);
    }

    /**
     * The projection item of one audit event (keyed approval + seq), with the by-actor and by-day index keys and the
     * approval's workflow (what a window of events is filtered by).
     */
    public static ObjectNode eventItem(AuditEvent e, String workflow) {
        String at = IsoMillis.format(e.at());
        String seq = String.format("%06d", e.seq());
        ObjectNode item = key(CountersignTables.APPROVAL_PREFIX + e.approvalId(),
                CountersignTables.EVENT_SK_PREFIX + seq);
        item.set(APPROVAL_ID, s(e.approvalId()));
        item.set(SEQ, n(e.seq()));
        item.set(AT, s(at));
        putString(item, TYPE, e.type());
        putString(item, ACTOR, e.actor());
        putString(item, DETAILS, e.detailsJson());
        putString(item, PREV_HASH, e.prevHash());
        putString(item, HASH, e.hash());
        putString(item, CountersignTables.EVENT_ACTOR, e.actor());
        item.set(CountersignTables.EVENT_SORT, s(at + "#" + e.approvalId() + "#" + seq));
        item.set(CountersignTables.EVENT_DAY, s(eventDay(e.at())));
        putString(item, WORKFLOW, workflow);
        return item;
    }

    /**
     * The whole approval item as {@code create} writes it: every attribute the record determines, its task tokens by
     * level, the list keys and the projection bookkeeping {@code marks}.
     */
    public static ObjectNode approvalItem(ApprovalRecord r, Map<Integer, TaskToken> tokens, ProjectionMarks marks) {
        ObjectNode item = key(approvalPk(r.approvalId()), CountersignTables.APPROVAL_SK);
        item.set(APPROVAL_ID, s(r.approvalId().value()));
        putString(item, EXECUTION_ARN, r.executionArn());
        putString(item, GATE, r.gate());
        putString(item, WORKFLOW, r.workflow());
        putString(item, SUMMARY, r.summary());
        item.set(RISK_LEVEL, s(r.riskLevel().wireName()));
        putString(item, REQUESTER, r.requester());
        putString(item, PROPOSED_BY, r.proposedBy());
        putString(item, PROPOSAL_HASH, r.proposalHash());
        item.set(CREATED_AT, s(IsoMillis.format(r.createdAt())));
        item.setAll(ApprovalWrite.stateValues(r, marks));
        List<ObjectNode> trail = new ArrayList<>(r.auditTrail().size());
        for (AuditEvent event : r.auditTrail()) {
            trail.add(trailEvent(event));
        }
        item.set(TRAIL, l(trail));
        ObjectNode byLevel = Json.object();
        for (Map.Entry<Integer, TaskToken> token : tokens.entrySet()) {
            byLevel.set(Integer.toString(token.getKey()), s(token.getValue().value()));
        }
        item.set(TASK_TOKENS, m(byLevel));
        item.set(CountersignTables.CREATED_SORT, s(createdSort(r)));
        putNumber(item, PROJECTED_SEQ, marks.projectedSeq() == null ? null : Long.valueOf(marks.projectedSeq()));
        putNumber(item, PROJECTED_INBOX_VERSION, marks.projectedInboxVersion());
        return item;
    }

    /** A link grant's item, kept until {@code ttl} (epoch seconds). */
    public static ObjectNode linkItem(LinkGrant grant, long ttl) {
        ObjectNode item = key(CountersignTables.LINK_PREFIX + grant.hash().value(), CountersignTables.LINK_SK);
        item.set(APPROVAL_ID, s(grant.approvalId()));
        item.set(RECIPIENT, s(grant.recipient()));
        item.set(LEVEL, n(grant.level()));
        item.set(EXPIRES_AT, s(IsoMillis.format(grant.expiresAt())));
        item.set(ISSUED_AT, s(IsoMillis.format(grant.issuedAt())));
        item.set(CountersignTables.TTL, n(ttl));
        return item;
    }

    /** A proposal's item: its canonical text under its hash. */
    public static ObjectNode proposalItem(ApprovalId id, String proposalHash, String canonicalText) {
        ObjectNode item = key(approvalPk(id), CountersignTables.PROPOSAL_SK_PREFIX + proposalHash);
        item.set(APPROVAL_ID, s(id.value()));
        item.set(PROPOSAL_HASH, s(proposalHash));
        item.set(PROPOSAL, s(canonicalText));
        return item;
    }

    // ------------------------------------------------------------------ reading

    /** The task tokens of an approval item, by level (read by the callback path only). */
    public static Map<Integer, TaskToken> tokens(JsonNode item) {
        Map<Integer, TaskToken> tokens = new HashMap<>();
        JsonNode byLevel = map(item, TASK_TOKENS);
        if (byLevel != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = byLevel.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> token = it.next();
                String value = scalar(token.getValue(), "S");
                if (value != null) {
                    tokens.put(Integer.parseInt(token.getKey()), new TaskToken(value));
                }
            }
        }
        return tokens;
    }

    /** A row of the by-approver list (an inbox item). */
    public static PendingApproval inboxRow(JsonNode row) {
        return new PendingApproval(new ApprovalId(string(row, APPROVAL_ID)), string(row, WORKFLOW),
                string(row, SUMMARY), RiskLevel.fromWire(string(row, RISK_LEVEL)), integer(row, LEVEL),
                IsoMillis.parse(string(row, DEADLINE)), IsoMillis.parse(string(row, CREATED_AT)));
    }

    /** A row of the by-workflow list (the approval item's listed attributes). */
    public static PendingApproval workflowRow(JsonNode row) {
        return new PendingApproval(new ApprovalId(string(row, APPROVAL_ID)), string(row, WORKFLOW),
                string(row, SUMMARY), RiskLevel.fromWire(string(row, RISK_LEVEL)), integer(row, CURRENT_LEVEL),
                IsoMillis.parse(string(row, CURRENT_DEADLINE)), IsoMillis.parse(string(row, CREATED_AT)));
    }

    /** A row of the by-actor list (an event item). */
    public static AuditEvent eventRow(JsonNode row) {
        return new AuditEvent(string(row, APPROVAL_ID), integer(row, SEQ), IsoMillis.parse(string(row, AT)),
                string(row, TYPE), string(row, ACTOR), string(row, DETAILS), string(row, PREV_HASH),
                string(row, HASH));
    }

    /** A row of the by-state list's ended part (the approval item's listed attributes). */
    public static DecidedApproval decidedRow(JsonNode row) {
        return new DecidedApproval(new ApprovalId(string(row, APPROVAL_ID)), string(row, WORKFLOW),
                string(row, SUMMARY), RiskLevel.fromWire(string(row, RISK_LEVEL)),
                ApprovalStatus.valueOf(string(row, STATUS)), decision(row), IsoMillis.parse(string(row, CREATED_AT)));
    }

    /** Where a row of the by-actor or by-day list points: its sort key is {@code at#approvalId#seq}. */
    public static EventRef eventRef(JsonNode row) {
        String sort = string(row, CountersignTables.EVENT_SORT);
        int first = sort == null ? -1 : sort.indexOf('#');
        int last = sort == null ? -1 : sort.lastIndexOf('#');
        if (first < 0 || last <= first) {
            throw new IllegalStateException("stored " + CountersignTables.EVENT_SORT + " '" + sort + "' is not"
                    + " at#approvalId#seq");
        }
        return new EventRef(new ApprovalId(sort.substring(first + 1, last)),
                Integer.parseInt(sort.substring(last + 1)), IsoMillis.parse(sort.substring(0, first)));
    }

    /** The {@code decision} attribute of an approval item (or a list row), or null while there is none. */
    private static DecisionRecord decision(JsonNode item) {
        JsonNode d = map(item, DECISION);
        if (d == null) {
            return null;
        }
        List<String> approvers = new ArrayList<>();
        for (JsonNode a : list(d, APPROVERS)) {
            approvers.add(scalar(a, "S"));
        }
        String fallback = string(d, FALLBACK);
        return new DecisionRecord(Outcome.fromWire(string(d, OUTCOME)), string(d, DECIDED_BY),
                IsoMillis.parse(string(d, DECIDED_AT)), integer(d, LEVEL), string(d, COMMENT),
                Channel.fromWire(string(d, CHANNEL)), approvers, string(d, MODIFICATIONS),
                fallback == null ? null : Outcome.fromWire(fallback), string(d, APPROVED_PROPOSAL_HASH));
    }

    /** An approval item, and its bookkeeping. */
    public static ApprovalSnapshot approval(JsonNode item) {
        String approvalId = string(item, APPROVAL_ID);
        List<EscalationLevel> levels = new ArrayList<>();
        for (JsonNode l : list(item, LEVELS)) {
            List<Recipient> recipients = new ArrayList<>();
            for (JsonNode r : list(l, RECIPIENTS)) {
                recipients.add(new Recipient(string(r, APPROVER), string(r, REASSIGNED_FROM)));
            }
            List<Vote> votes = new ArrayList<>();
            for (JsonNode v : list(l, VOTES)) {
                votes.add(new Vote(string(v, APPROVER), Verdict.valueOf(string(v, VERDICT)),
                        IsoMillis.parse(string(v, AT)), Channel.fromWire(string(v, CHANNEL)), integer(v, SEQ)));
            }
            Integer reassignments = integer(l, REASSIGNMENTS);
            levels.add(new EscalationLevel(integer(l, NUMBER), recipients, integer(l, QUORUM),
                    IsoMillis.parse(string(l, DEADLINE)), ApprovalStatus.valueOf(string(l, STATUS)), votes,
                    reassignments == null ? 0 : reassignments));
        }
        DecisionRecord decision = decision(item);
        List<AuditEvent> trail = new ArrayList<>();
        for (JsonNode e : list(item, TRAIL)) {
            Integer seq = integer(e, SEQ);
            trail.add(new AuditEvent(approvalId, seq == null ? 0 : seq, instantOrNull(string(e, AT)),
                    string(e, TYPE), string(e, ACTOR), string(e, DETAILS), string(e, PREV_HASH), string(e, HASH)));
        }
        Integer auditCount = integer(item, AUDIT_COUNT);
        Integer trailBytes = integer(item, TRAIL_BYTES);
        ApprovalRecord record = new ApprovalRecord(new ApprovalId(approvalId), string(item, EXECUTION_ARN),
                string(item, GATE), string(item, WORKFLOW), string(item, SUMMARY),
                RiskLevel.fromWire(string(item, RISK_LEVEL)), string(item, REQUESTER), string(item, PROPOSED_BY),
                string(item, PROPOSAL_HASH), ApprovalStatus.valueOf(string(item, STATUS)),
                integer(item, CURRENT_LEVEL), levels, decision, IsoMillis.parse(string(item, CREATED_AT)),
                IsoMillis.parse(string(item, CountersignTables.UPDATED_AT)), longValue(item, VERSION),
                auditCount == null ? 0 : auditCount, string(item, LAST_HASH), trailBytes == null ? 0 : trailBytes,
                trail);
        return new ApprovalSnapshot(record, new ProjectionMarks(integer(item, PROJECTED_SEQ),
                longValue(item, INBOX_VERSION), longValue(item, PROJECTED_INBOX_VERSION),
                string(item, CountersignTables.PROJECTION_DUE)));
    }

    /** A link grant item as the store reads it. */
    public static LinkGrant link(JsonNode item) {
        return new LinkGrant(new LinkSecretHash(string(item, CountersignTables.PK)
                .substring(CountersignTables.LINK_PREFIX.length())), string(item, APPROVAL_ID), string(item, RECIPIENT),
                integer(item, LEVEL), IsoMillis.parse(string(item, EXPIRES_AT)),
                IsoMillis.parse(string(item, ISSUED_AT)));
    }

    /** The proposal text of a proposal item. */
    public static String proposal(JsonNode item) {
        return string(item, PROPOSAL);
    }

    // ------------------------------------------------------------------ attribute access

    /** A string attribute, or null when absent or NULL (as the store's converters read it). */
    static String string(JsonNode attributes, String name) {
        return scalar(attributes.get(name), "S");
    }

    static Integer integer(JsonNode attributes, String name) {
        String n = scalar(attributes.get(name), "N");
        return n == null ? null : Integer.valueOf(n);
    }

    static Long longValue(JsonNode attributes, String name) {
        String n = scalar(attributes.get(name), "N");
        return n == null ? null : Long.valueOf(n);
    }

    private static String scalar(JsonNode value, String type) {
        if (value == null || value.path("NULL").asBoolean(false)) {
            return null;
        }
        JsonNode v = value.get(type);
        if (v == null) {
            throw new IllegalStateException("stored value " + Json.write(value) + " is not of type " + type);
        }
        return v.asText();
    }

    /** The elements of a list attribute (each a map's attributes for lists of documents); empty when absent. */
    private static List<JsonNode> list(JsonNode attributes, String name) {
        JsonNode value = attributes.get(name);
        if (value == null || value.path("NULL").asBoolean(false)) {
            return List.of();
        }
        List<JsonNode> elements = new ArrayList<>();
        for (Iterator<JsonNode> it = value.path("L").elements(); it.hasNext(); ) {
            JsonNode element = it.next();
            JsonNode map = element.get("M");
            elements.add(map != null ? map : element);
        }
        return elements;
    }

    private static JsonNode map(JsonNode attributes, String name) {
        JsonNode value = attributes.get(name);
        if (value == null || value.path("NULL").asBoolean(false)) {
            return null;
        }
        return value.get("M");
    }

    /** Tolerant for audit fields, as the store is: a damaged time must show as a broken hash, not a crash. */
    private static java.time.Instant instantOrNull(String text) {
        try {
            return text == null ? null : IsoMillis.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The attributes of an item from a GetItem answer, or null when there is none. */
    public static JsonNode item(JsonNode getItemResponse) {
        JsonNode item = getItemResponse.get("Item");
        return item == null || item.isEmpty() ? null : item;
    }
}
