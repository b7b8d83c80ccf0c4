package dev.countersign.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEventType;
import dev.countersign.audit.ChainAnchor;
import dev.countersign.audit.ChainVerification;
import dev.countersign.core.Channel;
import dev.countersign.core.json.Json;
import dev.countersign.store.dynamodb.internal.ApprovalMapping;
import dev.countersign.store.dynamodb.internal.Items;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.ApprovalRequests;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Someone with write access to the table edits the stored trail directly (the SDK, no store code): verification
 * names the first sequence number that no longer checks out.
 */
class AuditTamperTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private final MutableClock clock = MutableClock.at("2026-11-24T09:00:00Z");
    private final DynamoDbApprovalStore store = dynalite.store(clock);
    private ApprovalId id;

    /** REQUESTED, NOTIFIED, VIEWED, VIEWED, APPROVED: seq 1..5. */
    @BeforeEach
    void approvalWithFiveEvents() {
        ApprovalRecord approval = store.create(ApprovalRequests.request(clock, "refunds", "alice@example.com")).approval();
        id = approval.approvalId();
        clock.advance(Duration.ofSeconds(1));
        store.append(id, new AuditEntry(AuditEventType.NOTIFIED, "countersign:request",
                Json.object().put("recipient", "alice@example.com").put("sesMessageId", "m-1")));
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofMinutes(1));
            store.append(id, AuditEntry.of(AuditEventType.VIEWED, "alice@example.com"));
        }
        store.decide(new DecisionRequest(id, 1, "alice@example.com", Verdict.APPROVE, "fine", Channel.EMAIL_LINK,
                null));
        assertThat(store.verifyChain(id)).contains(new ChainVerification.Intact(5,
                store.get(id).orElseThrow().lastHash()));
    }

    private void tamper(String update, Map<String, AttributeValue> values) {
        dynalite.client().updateItem(r -> r.tableName(dynalite.tables().approvals().tableName())
                .key(Map.of("pk", AttributeValue.fromS(ApprovalMapping.approvalPk(id)),
                        "sk", AttributeValue.fromS(Items.APPROVAL_SK)))
                .updateExpression(update)
                .expressionAttributeValues(values.isEmpty() ? null : values));
    }

    private Map<String, AttributeValue> storedEvent(int index) {
        return dynalite.client().getItem(r -> r.tableName(dynalite.tables().approvals().tableName())
                .key(Map.of("pk", AttributeValue.fromS(ApprovalMapping.approvalPk(id)),
                        "sk", AttributeValue.fromS(Items.APPROVAL_SK)))
                .consistentRead(true)).item().get("trail").l().get(index).m();
    }

    private ChainVerification.Broken broken() {
        ChainVerification result = store.verifyChain(id).orElseThrow();
        assertThat(result).isInstanceOf(ChainVerification.Broken.class);
        return (ChainVerification.Broken) result;
    }

    @Test
    void editingAField_isCaughtAtThatEvent() {
        tamper("SET trail[2].actor = :someoneElse", Map.of(":someoneElse", AttributeValue.fromS("bob@example.com")));

        assertThat(broken().seq()).isEqualTo(3);
        assertThat(broken().problem()).contains("hash does not match");
    }

    @Test
    void editingTheDetails_isCaughtAtThatEvent() {
        tamper("SET trail[1].details = :other", Map.of(":other", AttributeValue.fromS("{\"sesMessageId\":\"m-2\"}")));

        assertThat(broken().seq()).isEqualTo(2);
    }

    @Test
    void deletingAMiddleEvent_isCaughtAtTheMissingSeq() {
        tamper("REMOVE trail[2]", Map.of());

        assertThat(broken().seq()).isEqualTo(3);
        assertThat(broken().problem()).contains("removed or moved");
    }

    @Test
    void droppingTheLastEvent_isCaughtAgainstTheItemsAnchor() {
        tamper("REMOVE trail[4]", Map.of());

        assertThat(broken().seq()).isEqualTo(5);
        assertThat(broken().problem()).contains("removed from the end");
    }

    @Test
    void swappingTwoEvents_isCaughtAtTheFirstSwappedSeq() {
        Map<String, AttributeValue> second = storedEvent(1);
        Map<String, AttributeValue> third = storedEvent(2);
        tamper("SET trail[1] = :third, trail[2] = :second", Map.of(":third", AttributeValue.fromM(third),
                ":second", AttributeValue.fromM(second)));

        assertThat(broken().seq()).isEqualTo(2);
    }

    @Test
    void swappingTwoEventsAndRenumberingThem_isStillCaught_byTheHashes() {
        Map<String, AttributeValue> second = new HashMap<>(storedEvent(1));
        Map<String, AttributeValue> third = new HashMap<>(storedEvent(2));
        AttributeValue seqTwo = second.get("seq");
        second.put("seq", third.get("seq"));
        third.put("seq", seqTwo);
        tamper("SET trail[1] = :third, trail[2] = :second", Map.of(":third", AttributeValue.fromM(third),
                ":second", AttributeValue.fromM(second)));

        assertThat(broken().seq()).isEqualTo(2);
    }

    @Test
    void droppingTheLastEventAndRewindingTheAnchor_passesTheItemCheck_butNotAPublishedAnchor() {
        ApprovalRecord before = store.get(id).orElseThrow();
        ChainAnchor published = before.anchor();
        String fourthHash = before.auditTrail().get(3).hash();
        // A table writer without the key can truncate consistently: drop the tail and rewind the item's anchor.
        tamper("REMOVE trail[4] SET auditCount = :four, lastHash = :hash", Map.of(":four", AttributeValue.fromN("4"),
                ":hash", AttributeValue.fromS(fourthHash)));
        ApprovalRecord after = store.get(id).orElseThrow();
        AuditChain chain = new AuditChain(dynalite.auditKey());

        assertThat(store.verifyChain(id).orElseThrow().intact()).isTrue();
        ChainVerification againstPublished = chain.verifyPublished(id.value(), after.auditTrail(), after.anchor(),
                published);
        assertThat(againstPublished).isInstanceOfSatisfying(ChainVerification.Broken.class, b -> {
            assertThat(b.seq()).isEqualTo(5);
            assertThat(b.problem()).contains("truncated");
        });
    }
}
