package dev.countersign.store.dynamodb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.DecisionRecord;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.approval.LevelTerms;
import dev.countersign.approval.Recipient;
import dev.countersign.approval.TaskToken;
import dev.countersign.approval.Verdict;
import dev.countersign.approval.Vote;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.IsoMillis;
import dev.countersign.core.Channel;
import dev.countersign.core.Outcome;
import dev.countersign.core.RiskLevel;
import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.Json;
import dev.countersign.link.LinkGrant;
import dev.countersign.link.LinkSecretHash;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.internal.Items.ApprovalItem;
import dev.countersign.store.dynamodb.internal.Items.EventItem;
import dev.countersign.store.dynamodb.internal.Items.LinkItem;
import dev.countersign.testing.Case;
import dev.countersign.testing.DynamoJson;
import dev.countersign.testing.Generator;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The decision function's HTTP path reads and writes items with {@link StoredJson} and {@link ApprovalWrite}; the
 * store creates and reads them with the static table schemas ({@link Items}). Over records in every status, with
 * levels, votes, reassignments, decisions and trails — and issue 5's quorum votes, level terms, reminders,
 * escalations, hand-overs, approved changes with their hash and fallbacks — both must mean the same bytes.
 */
class StoredJsonTest {
    private static final String[] STATUSES = {"PENDING", "APPROVED", "REJECTED", "TIMED_OUT", "CANCELLED"};

    static Stream<Case<ApprovalRecord>> records() {
        return Generator.cases(0xA99_0001, 250, StoredJsonTest::record);
    }

    /**
     * An approval drawn at random, each field within what the domain allows, with the data issue 5 added: quorum
     * levels with approvals and rejections, level terms (majority, modifiable) in the routing details of REQUESTED and
     * ESCALATED, reminders, hand-overs, changed parameters with the approved proposal's hash, and every fallback.
     */
    static ApprovalRecord record(Generator g) {
        ApprovalId id = new ApprovalId("ap_" + g.string(26, 26, "abcdefghijklmnopqrstuvwxyz234567"));
        ApprovalStatus status = ApprovalStatus.valueOf(g.oneOf(STATUSES));
        int levelCount = g.between(1, 3);
        List<EscalationLevel> levels = new ArrayList<>();
        int seq = 1;
        for (int number = 1; number <= levelCount; number++) {
            List<Recipient> recipients = new ArrayList<>();
            int count = g.between(1, 4);
            for (int r = 0; r < count; r++) {
                recipients.add(new Recipient(address(g, "r" + number + r), g.chance(0.3) ? address(g, "was" + r)
                        : null));
            }
            List<Vote> votes = new ArrayList<>();
            for (Recipient r : recipients) {
                if (g.chance(0.4)) {
                    votes.add(new Vote(r.approver(), g.oneOf(Verdict.values()), instant(g), g.oneOf(Channel.values()),
                            seq++));
                }
            }
            ApprovalStatus levelStatus = number < levelCount ? ApprovalStatus.valueOf(g.oneOf("TIMED_OUT",
                    "APPROVED", "REJECTED")) : status;
            levels.add(new EscalationLevel(number, recipients, g.between(1, count), instant(g), levelStatus, votes,
                    g.between(0, 10)));
        }
        DecisionRecord decision = status == ApprovalStatus.PENDING ? null : decision(g, status, levelCount);
        List<AuditEvent> trail = new ArrayList<>();
        String prev = "genesis";
        if (g.chance(0.9)) {
            for (String[] event : events(g, levelCount)) {
                String hash = g.string(43, 43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
                trail.add(new AuditEvent(id.value(), trail.size() + 1, instant(g), event[0], event[1], event[2], prev,
                        hash));
                prev = hash;
            }
        }
        return new ApprovalRecord(id, "arn:aws:states:eu-west-1:123456789012:execution:w:" + g.between(1, 99999),
                "gate-" + g.between(1, 9), g.anyText(40).isEmpty() ? "w" : "refunds-" + g.between(0, 9),
                "Refund " + g.anyText(60), g.oneOf(RiskLevel.values()), g.orNull(0.2, () -> address(g, "req")),
                "agent-" + g.between(0, 9), sha256(g), status, levelCount, levels, decision, instant(g), instant(g),
                g.between(1L, 1_000_000L), trail.size(), trail.isEmpty() ? null : prev, g.between(0, 300_000), trail);
    }

    /** A decision the Decision contract accepts, so that the gate's output can be compared too. */
    private static DecisionRecord decision(Generator g, ApprovalStatus status, int level) {
        Outcome outcome = Outcome.valueOf(status.name());
        Channel channel = outcome == Outcome.TIMED_OUT ? Channel.POLICY : g.oneOf(Channel.values());
        String decidedBy = channel == Channel.EMAIL_LINK || g.chance(0.5) ? address(g, "decider")
                : g.oneOf("countersign:timeout", "countersign:escalate", "countersign:request");
        String modifications = outcome == Outcome.APPROVED && g.chance(0.5)
                ? "{\"amount\":" + g.between(1, 999) + (g.chance(0.3) ? ",\"currency\":\"EUR\"" : "") + "}" : null;
        // Records written before issue 5 carry changes without the approved proposal's hash.
        String approvedHash = modifications != null && g.chance(0.8) ? sha256(g) : null;
        Outcome fallback = outcome == Outcome.TIMED_OUT
                ? g.oneOf(Outcome.REJECTED, Outcome.TIMED_OUT, Outcome.APPROVED, Outcome.CANCELLED) : null;
        return new DecisionRecord(outcome, decidedBy, instant(g), level, g.orNull(0.4, () -> g.anyText(300)), channel,
                g.list(0, 3, () -> address(g, "a")), modifications, fallback, approvedHash);
    }

    /**
     * A trail as the functions write it: REQUESTED (with or without level terms), ROUTED, a reminder, a timeout and
     * an ESCALATED per later level (with or without terms), then events of every kind; each as {type, actor,
     * canonical details}.
     */
    private static List<String[]> events(Generator g, int levels) {
        List<String[]> events = new ArrayList<>();
        ObjectNode requested = Json.object().put("level", 1);
        if (g.chance(0.75)) {
            requested.set("routing", terms(g).writeInto(Json.object().put("rule", "refunds-" + g.between(1, 9))));
        }
        events.add(event("REQUESTED", "countersign:request", requested));
        events.add(event("ROUTED", "countersign:request", Json.object().put("level", 1).put("rule", "r")));
        for (int level = 2; level <= levels; level++) {
            if (g.chance(0.5)) {
                events.add(event("REMINDED", "countersign:escalate", recipients(g, Json.object()
                        .put("level", level - 1))));
            }
            events.add(event("TIMED_OUT", "countersign:escalate", Json.object().put("level", level - 1)
                    .put("deadline", IsoMillis.format(instant(g)))));
            ObjectNode escalated = recipients(g, Json.object().put("fromLevel", level - 1).put("toLevel", level));
            if (g.chance(0.7)) {
                escalated.set("routing", terms(g).writeInto(Json.object().put("rule", "escalation")));
            }
            events.add(event("ESCALATED", "countersign:escalate", escalated));
        }
        int more = g.between(0, 10);
        for (int i = 0; i < more; i++) {
            int level = g.between(1, levels);
            String who = address(g, "x");
            ObjectNode d = Json.object().put("level", level);
            events.add(switch (g.between(0, 10)) {
                case 0 -> event("NOTIFIED", "countersign:request", d.put("recipient", who).put("messageId", "m-" + i)
                        .put("kind", g.oneOf("request", "reminder", "hand-over", "escalation")));
                case 1 -> event("VIEWED", who, d);
                case 2 -> event("REMINDED", "countersign:escalate", recipients(g, d));
                case 3 -> event("APPROVED", who, approved(g, d));
                case 4 -> event("REJECTED", who, d.put("rejections", g.between(1, 3)).put("quorum", g.between(1, 3))
                        .put("decided", g.chance(0.5)).put("comment", g.unicodeText(80)));
                case 5 -> event("REASSIGNED", g.oneOf(who, "countersign:decision"), d.put("from", who)
                        .put("to", address(g, "colleague")).put("reason", g.unicodeText(80)));
                case 6 -> event("LATE_DECISION", who, d.put("verdict", g.oneOf("APPROVE", "REJECT")));
                case 7 -> event("CALLBACK_DELIVERED", "countersign:decision", d.put("outcome", "APPROVED")
                        .put("attempts", 1));
                case 8 -> event("FALLBACK_APPLIED", "countersign:escalate", d.put("fallback", g.oneOf("REJECTED",
                        "TIMED_OUT", "APPROVED")).put("rule", "low-risk").put("policy", g.oneOf("REJECTED", "FAILED",
                        "APPROVED")));
                case 9 -> event("CALLBACK_FAILED", "countersign:decision", d.put("error", "Throttling")
                        .put("final", g.chance(0.5)));
                default -> event("ROUTED", "countersign:request", d.put("note", g.unicodeText(80)));
            });
        }
        return events;
    }

    private static String[] event(String type, String actor, ObjectNode details) {
        return new String[] {type, actor, CanonicalJson.canonicalize(details)};
    }

    private static LevelTerms terms(Generator g) {
        List<dev.countersign.approval.ParamBounds> modifiable = new ArrayList<>();
        if (g.chance(0.4)) {
            modifiable.add(dev.countersign.testing.TestRules.AMOUNT);
        }
        if (g.chance(0.4)) {
            modifiable.add(new dev.countersign.approval.ParamBounds.Choice("currency", List.of("EUR", "USD")));
        }
        if (g.chance(0.4)) {
            modifiable.add(new dev.countersign.approval.ParamBounds.Text("note", 200, g.chance(0.5)));
        }
        return new LevelTerms(g.chance(0.5), modifiable, true);
    }

    private static ObjectNode recipients(Generator g, ObjectNode details) {
        ArrayNode recipients = details.putArray("recipients");
        g.list(1, 3, () -> address(g, "p")).forEach(recipients::add);
        return details;
    }

    /** An APPROVED vote: a count towards the quorum, or changed parameters with their diff and approved hash. */
    private static ObjectNode approved(Generator g, ObjectNode details) {
        int quorum = g.between(1, 3);
        details.put("approvals", g.between(1, quorum)).put("quorum", quorum).put("decided", g.chance(0.5));
        if (g.chance(0.5)) {
            details.put("comment", g.unicodeText(80));
        }
        if (quorum == 1 && g.chance(0.6)) {
            int proposed = g.between(100, 999);
            int approved = g.between(1, proposed - 1);
            details.putObject("modifications").put("amount", approved);
            details.putArray("changes").addObject().put("param", "amount").put("from", proposed).put("to", approved);
            details.put("proposalHash", sha256(g));
        }
        return details;
    }

    private static String sha256(Generator g) {
        return g.string(64, 64, "0123456789abcdef");
    }

    private static String address(Generator g, String local) {
        return local + g.between(0, 999) + "@" + g.oneOf("example.com", "shop.example", "xn--bcher-kva.example");
    }

    private static Instant instant(Generator g) {
        return Instant.ofEpochMilli(g.between(1_600_000_000_000L, 2_500_000_000_000L));
    }

    private static ProjectionMarks marks(Generator g) {
        return new ProjectionMarks(g.orNull(0.2, () -> g.between(0, 20)), g.orNull(0.2, () -> g.between(0L, 50L)),
                g.orNull(0.2, () -> g.between(-1L, 50L)), g.chance(0.5) ? Items.DUE : null);
    }

    /** The approval item as the store writes it with its schema, in DynamoDB JSON. */
    private static ObjectNode schemaItem(ApprovalRecord record, ProjectionMarks marks) {
        ApprovalItem item = ApprovalMapping.toItem(record, Map.of(1, new TaskToken("AQBtoken-never-read")));
        item.projectedSeq = marks.projectedSeq();
        item.inboxVersion = marks.inboxVersion();
        item.projectedInboxVersion = marks.projectedInboxVersion();
        item.projectionDue = marks.projectionDue();
        return DynamoJson.item(ApprovalItem.SCHEMA.itemToMap(item, true));
    }

    @ParameterizedTest
    @MethodSource("records")
    void approval_readsWhatTheSchemaWrote_intoTheRecordTheStoreReads(Case<ApprovalRecord> c) {
        ProjectionMarks marks = marks(Generator.seeded(c.seed()));
        ObjectNode item = schemaItem(c.value(), marks);

        StoredJson.ApprovalSnapshot read = StoredJson.approval(item);

        assertThat(read.record()).as(c.toString()).isEqualTo(c.value());
        assertThat(read.marks()).as(c.toString()).isEqualTo(marks);
        // What the pages and the gate's output derive from the record: the terms per level and the Decision (with
        // the approved proposal's hash, the approvals that counted and the fallback).
        for (int level = 1; level <= c.value().levels().size() + 1; level++) {
            assertThat(read.record().terms(level)).as("level %d, %s", level, c).isEqualTo(c.value().terms(level));
        }
        assertThat(read.record().decisionJson()).as(c.toString()).isEqualTo(c.value().decisionJson());
        // The store's own reading of the same item gives the same record: the two readers agree.
        ApprovalItem viaSchema = ApprovalItem.SCHEMA.mapToItem(SdkRequests.attributes(item));
        assertThat(ApprovalMapping.fromItem(viaSchema).record()).as(c.toString()).isEqualTo(read.record());
    }

    @Test
    void theRandomRecords_holdEveryShapeIssue5Added() {
        List<ApprovalRecord> records = records().map(Case::value).toList();

        // Without these the equality properties above would say nothing about issue 5's data.
        assertThat(records).filteredOn(r -> r.decision() != null && r.decision().approvedProposalHash() != null)
                .hasSizeGreaterThan(10);
        assertThat(records).filteredOn(r -> r.decision() != null && r.decision().modificationsJson() != null
                && r.decision().approvedProposalHash() == null).hasSizeGreaterThan(2);
        assertThat(records).filteredOn(r -> r.terms(1).recorded() && r.terms(1).majority()).hasSizeGreaterThan(20);
        assertThat(records).filteredOn(r -> !r.terms(1).modifiable().isEmpty()).hasSizeGreaterThan(20);
        assertThat(records).filteredOn(r -> r.levels().size() > 1 && r.terms(2).recorded()).hasSizeGreaterThan(20);
        assertThat(records).filteredOn(r -> r.levels().stream().anyMatch(l -> l.quorum() > 1
                && l.votes().stream().map(Vote::verdict).distinct().count() == 2)).hasSizeGreaterThan(5);
        for (String type : List.of("REMINDED", "ESCALATED", "REASSIGNED", "FALLBACK_APPLIED")) {
            assertThat(records).as(type).filteredOn(r -> r.auditTrail().stream().anyMatch(e -> e.type().equals(type)))
                    .hasSizeGreaterThan(20);
        }
        assertThat(records).filteredOn(r -> r.auditTrail().stream().anyMatch(e -> e.details().has("changes")
                && e.details().has("proposalHash"))).hasSizeGreaterThan(10);
        for (Outcome fallback : List.of(Outcome.REJECTED, Outcome.TIMED_OUT, Outcome.APPROVED)) {
            assertThat(records).as("fallback " + fallback).filteredOn(r -> r.decision() != null
                    && r.decision().fallback() == fallback).hasSizeGreaterThan(3);
        }
    }

    @ParameterizedTest
    @MethodSource("records")
    void stateValues_areWhatTheSchemaWritesForTheSameAttributes(Case<ApprovalRecord> c) {
        ProjectionMarks marks = marks(Generator.seeded(c.seed()));
        ObjectNode item = schemaItem(c.value(), marks);

        ObjectNode values = ApprovalWrite.stateValues(c.value(), marks);

        for (String attribute : ApprovalWrite.STATE_ATTRIBUTES) {
            // Absent on one side must be absent on the other: the update REMOVEs what the schema would not write.
            assertThat(values.get(attribute)).as(attribute + ", " + c).isEqualTo(item.get(attribute));
        }
    }

    @ParameterizedTest
    @MethodSource("records")
    void trailEvents_areWhatTheSchemaWritesInTheTrail(Case<ApprovalRecord> c) {
        JsonNode trail = schemaItem(c.value(), new ProjectionMarks(0, 0L, 0L, null)).path("trail").path("L");

        for (int i = 0; i < c.value().auditTrail().size(); i++) {
            assertThat(StoredJson.trailEvent(c.value().auditTrail().get(i))).as(c.toString()).isEqualTo(trail.get(i));
        }
    }

    @ParameterizedTest
    @MethodSource("records")
    void eventItems_readBackThroughTheEventSchema_asTheEventsTheyProject(Case<ApprovalRecord> c) {
        for (AuditEvent e : c.value().auditTrail()) {
            EventItem row = EventItem.SCHEMA.mapToItem(SdkRequests.attributes(StoredJson.eventItem(e)));

            assertThat(row.pk).isEqualTo(Items.APPROVAL_PREFIX + e.approvalId());
            assertThat(row.sk).isEqualTo(String.format("EVENT#%06d", e.seq()));
            assertThat(new AuditEvent(row.approvalId, row.seq, IsoMillis.parse(row.at), row.type, row.actor,
                    row.details, row.prevHash, row.hash)).as(c.toString()).isEqualTo(e);
            assertThat(row.eventActor).isEqualTo(e.actor());
            assertThat(row.eventSort).isEqualTo(IsoMillis.format(e.at()) + "#" + e.approvalId() + "#"
                    + String.format("%06d", e.seq()));
        }
    }

    @ParameterizedTest
    @MethodSource("records")
    void approvalItem_isWhatTheSchemaWroteForANewApproval(Case<ApprovalRecord> c) {
        ProjectionMarks marks = marks(Generator.seeded(c.seed()));

        ObjectNode written = StoredJson.approvalItem(c.value(), Map.of(1, new TaskToken("AQBtoken-never-read")),
                marks);

        // The one codec writes the very item the enhanced client's schema wrote before it: tables hold both.
        assertThat(written).as(c.toString()).isEqualTo(schemaItem(c.value(), marks));
        assertThat(StoredJson.tokens(written)).containsExactly(Map.entry(1, new TaskToken("AQBtoken-never-read")));
    }

    @Test
    void linkAndProposalItems_areWhatTheirSchemasWrote() {
        LinkGrant grant = new LinkGrant(new LinkSecretHash("n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg"),
                "ap_abcdefghijklmnopqrstuvwxyz", "lee@shop.example", 2, Instant.parse("2026-11-25T10:15:30.123Z"),
                Instant.parse("2026-11-24T10:15:30Z"));
        LinkItem link = new LinkItem();
        link.pk = Items.LINK_PREFIX + grant.hash().value();
        link.sk = Items.LINK_SK;
        link.approvalId = grant.approvalId();
        link.recipient = grant.recipient();
        link.level = grant.level();
        link.expiresAt = "2026-11-25T10:15:30.123Z";
        link.issuedAt = "2026-11-24T10:15:30.000Z";
        link.ttl = 1_800_000_000L;
        Items.ProposalItem proposal = new Items.ProposalItem();
        proposal.pk = Items.APPROVAL_PREFIX + "ap_abcdefghijklmnopqrstuvwxyz";
        proposal.sk = Items.PROPOSAL_SK_PREFIX + "ab".repeat(32);
        proposal.approvalId = "ap_abcdefghijklmnopqrstuvwxyz";
        proposal.proposalHash = "ab".repeat(32);
        proposal.proposal = "{\"workflow\":\"refunds\"}";

        assertThat(StoredJson.linkItem(grant, 1_800_000_000L))
                .isEqualTo(DynamoJson.item(LinkItem.SCHEMA.itemToMap(link, true)));
        assertThat(StoredJson.proposalItem(new ApprovalId("ap_abcdefghijklmnopqrstuvwxyz"), "ab".repeat(32),
                "{\"workflow\":\"refunds\"}"))
                .isEqualTo(DynamoJson.item(Items.ProposalItem.SCHEMA.itemToMap(proposal, true)));
    }

    @Test
    void link_readsWhatTheLinkSchemaWrote() {
        LinkItem item = new LinkItem();
        item.pk = Items.LINK_PREFIX + "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg";
        item.sk = Items.LINK_SK;
        item.approvalId = "ap_abcdefghijklmnopqrstuvwxyz";
        item.recipient = "lee@shop.example";
        item.level = 2;
        item.expiresAt = "2026-11-25T10:15:30.123Z";
        item.issuedAt = "2026-11-24T10:15:30.000Z";
        item.ttl = 1_800_000_000L;

        LinkGrant grant = StoredJson.link(DynamoJson.item(LinkItem.SCHEMA.itemToMap(item, true)));

        assertThat(grant).isEqualTo(new LinkGrant(new LinkSecretHash("n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg"),
                "ap_abcdefghijklmnopqrstuvwxyz", "lee@shop.example", 2, Instant.parse("2026-11-25T10:15:30.123Z"),
                Instant.parse("2026-11-24T10:15:30.000Z")));
    }

    @Test
    void absentAndNullValues_readAsAbsent_asTheStoresConvertersDo() {
        // A recipient written before nulls were left out may carry {"NULL": true}: it must not read as "null".
        ObjectNode recipient = Json.object();
        recipient.set("approver", StoredJson.s("lee@shop.example"));
        recipient.set("reassignedFrom", Json.object().put("NULL", true));

        assertThat(StoredJson.string(recipient, "reassignedFrom")).isNull();
        assertThat(StoredJson.string(recipient, "missing")).isNull();
        assertThat(StoredJson.integer(recipient, "missing")).isNull();
    }

    @Test
    void everySchemaAttributeName_isASharedConstant() throws Exception {
        Set<String> constants = new HashSet<>();
        for (Class<?> holder : List.of(StoredAttributes.class, CountersignTables.class)) {
            for (Field field : holder.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                        && Modifier.isPublic(field.getModifiers())) {
                    constants.add((String) field.get(null));
                }
            }
        }
        for (TableSchema<?> schema : List.of(ApprovalItem.SCHEMA, Items.LevelDoc.SCHEMA, Items.RecipientDoc.SCHEMA,
                Items.VoteDoc.SCHEMA, Items.DecisionDoc.SCHEMA, Items.EventDoc.SCHEMA, Items.ProposalItem.SCHEMA,
                EventItem.SCHEMA, Items.InboxItem.SCHEMA, LinkItem.SCHEMA)) {
            // A name typed into the schema instead of a constant would let the HTTP path drift from the store.
            assertThat(constants).as(schema.itemType().rawClass().getSimpleName()).containsAll(schema.attributeNames());
        }
        assertThat(ApprovalItem.SCHEMA.attributeNames()).containsAll(ApprovalWrite.STATE_ATTRIBUTES);
    }

    @Test
    void sdkRequests_carryEveryValueType_theRequestsUse() {
        ObjectNode attributes = Json.object();
        attributes.set("l", StoredJson.l(List.of(StoredJson.s("a"), StoredJson.n(-5), Json.object().put("NULL", true),
                Json.object().put("BOOL", true))));
        ObjectNode value = StoredJson.m(attributes);

        AttributeValue sdk = SdkRequests.value(value);

        assertThat(sdk).isEqualTo(AttributeValue.fromM(Map.of("l", AttributeValue.fromL(List.of(
                AttributeValue.fromS("a"), AttributeValue.fromN("-5"), AttributeValue.fromNul(true),
                AttributeValue.fromBool(true))))));
        assertThat(DynamoJson.value(sdk)).isEqualTo(value);
    }
}
