package dev.countersign.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalLimits;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.ApprovalTransitions;
import dev.countersign.approval.ChangeResult;
import dev.countersign.approval.DecideResult;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.NewApproval;
import dev.countersign.approval.NextLevel;
import dev.countersign.approval.TaskToken;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEventType;
import dev.countersign.audit.ChainVerification;
import dev.countersign.core.Channel;
import dev.countersign.core.Outcome;
import dev.countersign.core.RiskLevel;
import dev.countersign.core.json.Json;
import dev.countersign.store.dynamodb.internal.ApprovalMapping;
import dev.countersign.store.dynamodb.internal.Items;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.ApprovalRequests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The approval item holds state and trail in one item, so it must stay under DynamoDB's 400 KB item limit however
 * the approval is used. dynalite enforces that limit, so every write below would fail if the budget were wrong.
 */
class ItemSizeBudgetTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final int ITEM_LIMIT = 400 * 1024;
    private final MutableClock clock = MutableClock.at("2026-11-24T09:00:00Z");
    private final DynamoDbApprovalStore store = dynalite.store(clock);

    /** 1000 characters of 3 UTF-8 bytes each: the most bytes a maximal comment can take in one code unit each. */
    private static final String LONG_COMMENT = "€".repeat(ApprovalLimits.MAX_COMMENT_CHARS);
    private static final String LONG_REASON = "€".repeat(ApprovalLimits.MAX_REASON_CHARS);

    private static String address(String who) {
        String domain = "@example.com";
        String local = (who + "-" + "x".repeat(ApprovalLimits.MAX_ADDRESS_CHARS)).substring(0,
                ApprovalLimits.MAX_ADDRESS_CHARS - domain.length());
        return local + domain;
    }

    private static List<String> recipients(String prefix) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL; i++) {
            list.add(address(prefix + i));
        }
        return list;
    }

    private Map<String, AttributeValue> rawItem(ApprovalId id) {
        return dynalite.client().getItem(r -> r.tableName(dynalite.tables().approvals().tableName()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(ApprovalMapping.approvalPk(id)),
                        "sk", AttributeValue.fromS(Items.APPROVAL_SK)))).item();
    }

    @Test
    void informationalEvents_stopAtTheSoftCap_whileADecisionWithMaximalContentStillFits() {
        ApprovalRecord approval = store.create(ApprovalRequests.request(clock, "refunds", "alice@example.com")).approval();
        String padding = "v".repeat(ApprovalLimits.MAX_DETAILS_BYTES - 20);
        int recorded = 0;
        ChangeResult last;
        do {
            last = store.append(approval.approvalId(), new AuditEntry(AuditEventType.VIEWED, "alice@example.com",
                    Json.object().put("p", padding)));
            recorded += last instanceof ChangeResult.Applied ? 1 : 0;
        } while (last instanceof ChangeResult.Applied);

        assertThat(last).isInstanceOfSatisfying(ChangeResult.NotApplicable.class,
                n -> assertThat(n.reason()).isEqualTo(ApprovalTransitions.TRAIL_FULL));
        assertThat(recorded).isGreaterThan(30);
        var modifications = Json.object().put("note", "m".repeat(ApprovalLimits.MAX_MODIFICATIONS_BYTES - 20));
        DecideResult decided = store.decide(new DecisionRequest(approval.approvalId(), 1, "alice@example.com",
                Verdict.APPROVE, LONG_COMMENT, Channel.EMAIL_LINK, modifications));
        assertThat(decided).isInstanceOf(DecideResult.Decided.class);
        assertThat(DynamoDbItemSize.of(rawItem(approval.approvalId()))).isLessThan(ITEM_LIMIT);
    }

    @Test
    void repeatableEventsFillOnlyTheirOwnBudget_andEveryEssentialEventIsStillRecorded() {
        ApprovalRecord approval = store.create(ApprovalRequests.request(clock, "refunds", "alice@example.com")).approval();
        ApprovalId id = approval.approvalId();
        String padding = "v".repeat(ApprovalLimits.MAX_DETAILS_BYTES - 20);
        while (store.append(id, new AuditEntry(AuditEventType.VIEWED, "alice@example.com",
                Json.object().put("p", padding))) instanceof ChangeResult.Applied) {
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(store.get(id).orElseThrow().trailBytes()).isGreaterThan(ApprovalLimits.SOFT_TRAIL_BYTES
                - ApprovalLimits.MAX_DETAILS_BYTES - 500);

        // What was asked, who was told, the decision and whether the workflow has it: all recorded regardless.
        for (AuditEventType essential : List.of(AuditEventType.ROUTED, AuditEventType.NOTIFIED,
                AuditEventType.NOTIFY_FAILED, AuditEventType.REMINDED)) {
            assertThat(store.append(id, new AuditEntry(essential, "countersign:request", Json.object()
                    .put("level", 1).put("recipient", "alice@example.com")))).as(essential.name())
                    .isInstanceOf(ChangeResult.Applied.class);
        }
        assertThat(store.decide(new DecisionRequest(id, 1, "alice@example.com", Verdict.APPROVE, LONG_COMMENT,
                Channel.EMAIL_LINK, null))).isInstanceOf(DecideResult.Decided.class);
        // A failure that will be retried is repeatable: no room for it...
        assertThat(store.callbackOutcome(id, new AuditEntry(AuditEventType.CALLBACK_FAILED, "countersign:decision",
                Json.object().put("level", 1).put("error", "ThrottlingException").put("final", false))))
                .isInstanceOf(ChangeResult.NotApplicable.class);
        // ...but the delivery is essential, so the level is settled and never re-sent.
        assertThat(store.callbackOutcome(id, new AuditEntry(AuditEventType.CALLBACK_DELIVERED, "countersign:decision",
                Json.object().put("level", 1).put("outcome", "APPROVED").put("attempts", 1))))
                .isInstanceOf(ChangeResult.Applied.class);
        assertThat(store.get(id).orElseThrow().callbackSettled(1)).isTrue();
        assertThat(DynamoDbItemSize.of(rawItem(id))).isLessThan(ITEM_LIMIT);
        assertThat(store.verifyChain(id)).get().isInstanceOf(ChainVerification.Intact.class);
    }

    @Test
    void worstCaseApproval_everyLevelFullOfReassignmentsAndVotes_staysUnderTheItemLimit_andCanStillEnd() {
        String arn = "arn:aws:states:eu-west-1:123456789012:execution:w:" + UUID.randomUUID()
                + "x".repeat(ApprovalLimits.MAX_EXECUTION_ARN_CHARS);
        NewApproval request = new NewApproval(new ApprovalKey(arn.substring(0, ApprovalLimits.MAX_EXECUTION_ARN_CHARS),
                "g".repeat(ApprovalLimits.MAX_GATE_CHARS)), "w".repeat(ApprovalLimits.MAX_WORKFLOW_CHARS),
                "€".repeat(ApprovalLimits.MAX_SUMMARY_CHARS), RiskLevel.CRITICAL, address("requester"),
                "agent-" + "a".repeat(200), ApprovalRequests.refund("w", 1), 1, recipients("l1-"),
                ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL, clock.instant().plus(Duration.ofHours(1)),
                new TaskToken("t".repeat(ApprovalLimits.MAX_TASK_TOKEN_CHARS)), "countersign:request", null);
        ApprovalId id = store.create(request).approval().approvalId();
        String padding = "v".repeat(ApprovalLimits.MAX_DETAILS_BYTES - 20);
        while (store.append(id, new AuditEntry(AuditEventType.VIEWED, address("viewer"),
                Json.object().put("p", padding))) instanceof ChangeResult.Applied) {
            clock.advance(Duration.ofSeconds(1));
        }
        boolean refusedForSpace = false;
        for (int level = 1; level <= ApprovalLimits.MAX_LEVELS; level++) {
            ApprovalRecord current = store.get(id).orElseThrow();
            List<String> asked = current.current().recipients().stream().map(r -> r.approver()).toList();
            for (int i = 0; i < asked.size(); i++) {
                ChangeResult moved = store.reassign(id, level, asked.get(i), address("l" + level + "-delegate" + i),
                        asked.get(i), LONG_REASON);
                refusedForSpace |= moved instanceof ChangeResult.NotApplicable n
                        && n.reason().equals(ApprovalTransitions.TRAIL_FULL);
            }
            for (var recipient : store.get(id).orElseThrow().current().recipients().subList(0, asked.size() - 1)) {
                DecideResult vote = store.decide(new DecisionRequest(id, level, recipient.approver(), Verdict.APPROVE,
                        LONG_COMMENT, Channel.EMAIL_LINK, null));
                refusedForSpace |= vote instanceof DecideResult.Refused r
                        && r.refusal() == DecideResult.Refusal.TRAIL_FULL;
            }
            if (level < ApprovalLimits.MAX_LEVELS) {
                clock.advance(Duration.ofHours(1));
                ChangeResult escalated = store.escalate(id, level, new NextLevel(recipients("l" + (level + 1) + "-"),
                        ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL, clock.instant().plus(Duration.ofHours(1)),
                        new TaskToken("t".repeat(ApprovalLimits.MAX_TASK_TOKEN_CHARS)), null),
                        "countersign:escalate");
                if (!(escalated instanceof ChangeResult.Applied)) {
                    refusedForSpace = true;
                    break;
                }
            }
        }

        ApprovalRecord beforeEnd = store.get(id).orElseThrow();
        ChangeResult ended = store.timeOut(id, beforeEnd.currentLevel(), Outcome.REJECTED, "countersign:escalate");

        // However full the trail, the approval can always end: timeout and fallback have reserved room.
        assertThat(ended).isInstanceOf(ChangeResult.Applied.class);
        assertThat(refusedForSpace).as("the hard cap was reached").isTrue();
        ApprovalRecord end = store.get(id).orElseThrow();
        assertThat(end.status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(end.trailBytes()).isLessThanOrEqualTo(ApprovalLimits.TERMINAL_TRAIL_BYTES);
        int size = DynamoDbItemSize.of(rawItem(id));
        assertThat(size).isLessThan(ITEM_LIMIT);
        // The trail estimate is an upper bound of what DynamoDB counts for the trail attribute.
        assertThat(DynamoDbItemSize.attribute("trail", rawItem(id).get("trail"))).isLessThanOrEqualTo(end.trailBytes());
        assertThat(store.verifyChain(id)).get().isInstanceOf(ChainVerification.Intact.class);
        System.out.printf("worst-case approval item: %d bytes (%d events, trail estimate %d bytes)%n", size,
                end.auditCount(), end.trailBytes());
    }

    /** DynamoDB's documented item-size rules: names plus values; maps and lists add 3 bytes and 1 per element. */
    static final class DynamoDbItemSize {
        static int of(Map<String, AttributeValue> item) {
            return item.entrySet().stream().mapToInt(e -> attribute(e.getKey(), e.getValue())).sum();
        }

        static int attribute(String name, AttributeValue value) {
            return utf8(name) + value(value);
        }

        static int value(AttributeValue v) {
            if (v.s() != null) {
                return utf8(v.s());
            }
            if (v.n() != null) {
                return v.n().replace("-", "").replace(".", "").length() / 2 + 2;
            }
            if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
                return 1;
            }
            if (v.hasM()) {
                return 3 + v.m().entrySet().stream().mapToInt(e -> 1 + attribute(e.getKey(), e.getValue())).sum();
            }
            if (v.hasL()) {
                return 3 + v.l().stream().mapToInt(e -> 1 + value(e)).sum();
            }
            if (v.b() != null) {
                return v.b().asByteArray().length;
            }
            throw new IllegalArgumentException("attribute type not counted: " + v);
        }

        private static int utf8(String s) {
            return s.getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
