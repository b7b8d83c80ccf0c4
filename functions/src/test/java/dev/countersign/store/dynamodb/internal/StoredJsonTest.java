package dev.countersign.store.dynamodb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.DecisionRecord;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.approval.Recipient;
import dev.countersign.approval.TaskToken;
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
 * levels, votes, reassignments, decisions and trails, both must mean the same bytes.
 */
class StoredJsonTest {
    private static final String[] STATUSES = {"PENDING", "APPROVED", "REJECTED", "TIMED_OUT", "CANCELLED"};

    static Stream<Case<ApprovalRecord>> records() {
        return Generator.cases(0xA99_0001, 250, StoredJsonTest::record);
    }

    /** An approval drawn at random, each field within what the domain allows. */
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
        DecisionRecord decision = status == ApprovalStatus.PENDING ? null : new DecisionRecord(
                Outcome.valueOf(status.name()), g.chance(0.8) ? address(g, "decider") : "countersign:timeout",
                instant(g), levelCount, g.orNull(0.4, () -> g.anyText(300)), g.oneOf(Channel.values()),
                g.list(0, 3, () -> address(g, "a")), g.chance(0.3) ? "{\"amount\":" + g.between(1, 999) + "}" : null,
                status == ApprovalStatus.TIMED_OUT ? g.oneOf(Outcome.REJECTED, Outcome.CANCELLED) : null);
        List<AuditEvent> trail = new ArrayList<>();
        int events = g.between(0, 12);
        String prev = "genesis";
        for (int i = 1; i <= events; i++) {
            String hash = g.string(43, 43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
            trail.add(new AuditEvent(id.value(), i, instant(g), g.oneOf("REQUESTED", "ROUTED", "NOTIFIED", "VIEWED",
                    "APPROVED", "LATE_DECISION", "REASSIGNED"), g.oneOf("countersign:request", address(g, "x")),
                    "{\"level\":" + g.between(1, 3) + ",\"note\":" + Json.write(Json.nodes().textNode(
                            g.anyText(80))) + "}", prev, hash));
            prev = hash;
        }
        return new ApprovalRecord(id, "arn:aws:states:eu-west-1:123456789012:execution:w:" + g.between(1, 99999),
                "gate-" + g.between(1, 9), g.anyText(40).isEmpty() ? "w" : "refunds-" + g.between(0, 9),
                "Refund " + g.anyText(60), g.oneOf(RiskLevel.values()), g.orNull(0.2, () -> address(g, "req")),
                "agent-" + g.between(0, 9), g.string(64, 64, "0123456789abcdef"), status, levelCount, levels,
                decision, instant(g), instant(g), g.between(1L, 1_000_000L), trail.size(),
                trail.isEmpty() ? null : prev, g.between(0, 300_000), trail);
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
        // The store's own reading of the same item gives the same record: the two readers agree.
        ApprovalItem viaSchema = ApprovalItem.SCHEMA.mapToItem(SdkRequests.attributes(item));
        assertThat(ApprovalMapping.fromItem(viaSchema).record()).as(c.toString()).isEqualTo(read.record());
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
