package dev.countersign.store.dynamodb;

import dev.countersign.testing.TestRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.ApprovalStoreException;
import dev.countersign.approval.ChangeResult;
import dev.countersign.approval.DecideResult;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.LevelTerms;
import dev.countersign.approval.NewApproval;
import dev.countersign.approval.NextLevel;
import dev.countersign.approval.PageRequest;
import dev.countersign.approval.TaskToken;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AnchorPublisher;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditEventType;
import dev.countersign.audit.ChainVerification;
import dev.countersign.aws.internal.AwsJsonClient;
import dev.countersign.aws.internal.RequestSigner;
import dev.countersign.core.Channel;
import dev.countersign.core.Outcome;
import dev.countersign.core.RiskLevel;
import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.Json;
import dev.countersign.link.LinkGrant;
import dev.countersign.link.LinkSecretHash;
import dev.countersign.store.dynamodb.internal.ApprovalMapping;
import dev.countersign.store.dynamodb.internal.HttpTransport;
import dev.countersign.store.dynamodb.internal.Items;
import dev.countersign.store.dynamodb.internal.Items.ApprovalItem;
import dev.countersign.testing.ApprovalRequests;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.Key;

/**
 * The store over the signed-HTTP transport (the decision function's) against the store over the SDK on the same
 * dynalite table: what one wrote, the other reads as the very same records; what the HTTP path appends, the SDK path
 * reads back as its own, with the chain, the seqs, the once-only rule and the projections intact. The shapes include
 * everything issue 5 stores: quorum votes under majority terms, changed parameters with the approved proposal's hash,
 * hand-overs, reminders, escalations with level terms and no token yet, and the APPROVED and FAILED fallbacks.
 */
class HttpTransportTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private final MutableClock clock = MutableClock.at("2026-11-24T10:00:00Z");
    private final DynamoDbApprovalStore store = dynalite.store(clock);
    private final DynamoDbApprovalStore lean = lean(dynalite.tables().approvals().tableName());

    private DynamoDbApprovalStore lean(String table) {
        URI endpoint = dynalite.client().serviceClientConfiguration().endpointOverride().orElseThrow();
        AwsJsonClient client = new AwsJsonClient(endpoint, "us-east-1", AwsJsonClient.Protocol.DYNAMODB,
                new RequestSigner.Credentials("countersign-local", "countersign-local", "a-session-token"), clock);
        return DynamoDbApprovalStore.overHttp(client, CountersignTables.named(table), dynalite.auditKey(), clock,
                AnchorPublisher.OFF);
    }

    private static final String ANN = "ann@example.com";
    private static final String BOB = "bob@example.com";
    private static final String CID = "cid@example.com";
    private static final String DEE = "dee@example.com";

    private ApprovalRecord create(int quorum, String... recipients) {
        return store.create(ApprovalRequests.request(clock, "arn:aws:states:eu-west-1:123456789012:execution:wf:"
                + UUID.randomUUID(), "refunds", quorum, recipients)).approval();
    }

    /** An approval created as the routed request step creates it: the level's terms in REQUESTED's routing. */
    private ApprovalRecord createRouted(int quorum, LevelTerms terms, RiskLevel risk, String... recipients) {
        return store.create(new NewApproval(new ApprovalKey("arn:aws:states:eu-west-1:123456789012:execution:wf:"
                + UUID.randomUUID(), "ApproveRefund"), "refunds", "Refund order 4711", risk, "carol@example.com",
                "refund-agent", ApprovalRequests.refund("refunds", 120), 1, List.of(recipients), quorum,
                clock.instant().plus(Duration.ofHours(1)), new TaskToken("AQB" + UUID.randomUUID()),
                "countersign:request", terms.writeInto(Json.object().put("rule", "refunds-over-100"))))
                .approval();
    }

    private DecideResult decide(ApprovalId id, int level, String approver, Verdict verdict, String comment,
                                ObjectNode modifications) {
        clock.advance(Duration.ofSeconds(7));
        return store.decide(new DecisionRequest(id, level, approver, verdict, comment, Channel.EMAIL_LINK,
                modifications));
    }

    private static AuditEntry viewed(String who, int level) {
        return new AuditEntry(AuditEventType.VIEWED, who, Json.object().put("level", level));
    }

    /** Approvals in every status and shape the store can write, each with a link grant for its first recipient. */
    private Map<String, ApprovalId> everyShape() {
        Map<String, ApprovalId> shapes = new LinkedHashMap<>();
        shapes.put("pending", create(1, ANN).approvalId());

        ApprovalId notified = create(1, ANN, BOB).approvalId();
        store.append(notified, new AuditEntry(AuditEventType.NOTIFIED, "countersign:request",
                Json.object().put("level", 1).put("messageId", "m-1")));
        store.appendOnce(notified, viewed(ANN, 1));
        shapes.put("pending, notified and viewed", notified);

        ApprovalId quorum = create(2, ANN, BOB, CID).approvalId();
        decide(quorum, 1, BOB, Verdict.APPROVE, "fine by me", null);
        shapes.put("pending, quorum 2 of 3 with one vote", quorum);

        ApprovalId reassigned = create(1, ANN, BOB).approvalId();
        store.reassign(reassigned, 1, BOB, CID, "countersign:admin", "Bob is on leave");
        shapes.put("pending, reassigned", reassigned);

        ApprovalId escalated = create(1, ANN).approvalId();
        clock.advance(Duration.ofMinutes(61));
        store.escalate(escalated, 1, new NextLevel(List.of(BOB, CID), 1, clock.instant().plus(Duration.ofHours(2)),
                new TaskToken("AQBlevel-two"), Json.object().put("rule", "escalation")), "countersign:timeout");
        shapes.put("pending at level 2 after escalation", escalated);

        ApprovalId approved = create(1, ANN).approvalId();
        decide(approved, 1, ANN, Verdict.APPROVE, null, Json.object().put("amount", 100));
        shapes.put("approved with modifications", approved);

        ApprovalId quorumApproved = create(2, ANN, BOB).approvalId();
        decide(quorumApproved, 1, ANN, Verdict.APPROVE, "yes", null);
        decide(quorumApproved, 1, BOB, Verdict.APPROVE, "yes too", null);
        shapes.put("approved by a quorum of 2", quorumApproved);

        ApprovalId rejected = create(1, ANN).approvalId();
        decide(rejected, 1, ANN, Verdict.REJECT, "Not with this evidence — ask the carrier first.\nThanks", null);
        shapes.put("rejected with a comment", rejected);

        ApprovalId timedOut = create(1, ANN).approvalId();
        store.timeOut(timedOut, 1, Outcome.REJECTED, "countersign:timeout");
        store.lateDecision(timedOut, 1, ANN, Verdict.APPROVE, "sorry, late");
        shapes.put("timed out, then a late decision", timedOut);

        ApprovalId cancelled = create(1, ANN).approvalId();
        store.cancel(cancelled, "countersign:request", "notification failed: SES refused");
        shapes.put("cancelled", cancelled);
        shapes.putAll(issue5Shapes());
        return shapes;
    }

    /** What issue 5 added, each through the store's own transitions. */
    private Map<String, ApprovalId> issue5Shapes() {
        Map<String, ApprovalId> shapes = new LinkedHashMap<>();
        LevelTerms majority = new LevelTerms(true, List.of(), true);

        ApprovalId voting = createRouted(2, majority, RiskLevel.MEDIUM, ANN, BOB, CID).approvalId();
        decide(voting, 1, ANN, Verdict.REJECT, "not without the carrier's report", null);
        decide(voting, 1, BOB, Verdict.APPROVE, "fine", null);
        shapes.put("pending, majority 2 of 3 with a rejection and an approval", voting);

        ApprovalId quorumMet = createRouted(2, majority, RiskLevel.MEDIUM, ANN, BOB, CID).approvalId();
        decide(quorumMet, 1, ANN, Verdict.REJECT, "no", null);
        decide(quorumMet, 1, BOB, Verdict.APPROVE, "yes", null);
        decide(quorumMet, 1, CID, Verdict.APPROVE, null, null);
        shapes.put("approved by a majority 2 of 3 after a rejection", quorumMet);

        ApprovalId outvoted = createRouted(2, majority, RiskLevel.MEDIUM, ANN, BOB, CID).approvalId();
        decide(outvoted, 1, ANN, Verdict.REJECT, "no", null);
        decide(outvoted, 1, CID, Verdict.REJECT, "no either", null);
        shapes.put("rejected once a majority 2 of 3 could not be reached", outvoted);

        ApprovalId changed = createRouted(1, new LevelTerms(false, List.of(TestRules.AMOUNT), true), RiskLevel.MEDIUM, ANN)
                .approvalId();
        ObjectNode asApproved = ApprovalRequests.refund("refunds", 120);
        ((ObjectNode) asApproved.path("action").path("params")).put("amount", 95);
        clock.advance(Duration.ofSeconds(7));
        store.decide(new DecisionRequest(changed, 1, ANN, Verdict.APPROVE, "95 is what the carrier pays",
                Channel.EMAIL_LINK, Json.object().put("amount", 95), Json.object().put("amount", 120),
                CanonicalJson.sha256Hex(asApproved)));
        shapes.put("approved with a changed amount and the approved proposal's hash", changed);

        ApprovalId handedOver = createRouted(1, new LevelTerms(false, List.of(), true), RiskLevel.MEDIUM, ANN, BOB)
                .approvalId();
        store.reassign(handedOver, 1, ANN, DEE, ANN, "On leave until Monday");
        store.append(handedOver, new AuditEntry(AuditEventType.NOTIFIED, "countersign:decision", Json.object()
                .put("level", 1).put("recipient", DEE).put("kind", "hand-over").put("messageId", "m-2")));
        shapes.put("pending, handed over by the recipient", handedOver);

        ApprovalId handedBack = createRouted(1, new LevelTerms(false, List.of(), true), RiskLevel.MEDIUM, ANN)
                .approvalId();
        store.reassign(handedBack, 1, ANN, DEE, ANN, "Dee knows the customer");
        store.reassign(handedBack, 1, DEE, ANN, "countersign:decision", "the hand-over email could not be sent");
        shapes.put("pending, handed over and handed back", handedBack);

        ApprovalId reminded = createRouted(1, new LevelTerms(false, List.of(TestRules.AMOUNT), true), RiskLevel.MEDIUM,
                ANN, BOB).approvalId();
        clock.advance(Duration.ofMinutes(45));
        store.appendOnce(reminded, new AuditEntry(AuditEventType.REMINDED, "countersign:escalate", Json.object()
                .put("level", 1).set("recipients", Json.nodes().arrayNode().add(ANN).add(BOB))));
        store.append(reminded, new AuditEntry(AuditEventType.NOTIFIED, "countersign:escalate", Json.object()
                .put("level", 1).put("recipient", ANN).put("kind", "reminder").put("messageId", "m-3")));
        shapes.put("pending, reminded", reminded);

        ApprovalId escalated = createRouted(1, new LevelTerms(false, List.of(TestRules.AMOUNT), true), RiskLevel.MEDIUM, ANN)
                .approvalId();
        clock.advance(Duration.ofMinutes(61));
        store.escalate(escalated, 1, new NextLevel(List.of(BOB, CID), 2, clock.instant().plus(Duration.ofHours(2)),
                null, majority.writeInto(Json.object().put("rule", "refunds-over-100"))), "countersign:escalate");
        decide(escalated, 2, CID, Verdict.REJECT, "needs the CFO", null);
        shapes.put("pending at level 2 with majority terms, escalated before its token, one rejection", escalated);

        ApprovalId autoApproved = createRouted(1, new LevelTerms(false, List.of(), true), RiskLevel.LOW, ANN)
                .approvalId();
        clock.advance(Duration.ofMinutes(61));
        store.timeOut(autoApproved, 1, Outcome.APPROVED, "countersign:escalate", Json.object()
                .put("rule", "low-risk-refunds").put("policy", "APPROVED"));
        shapes.put("timed out to the low-risk fallback APPROVED", autoApproved);

        ApprovalId failed = createRouted(1, new LevelTerms(false, List.of(), true), RiskLevel.HIGH, ANN)
                .approvalId();
        clock.advance(Duration.ofMinutes(61));
        store.timeOut(failed, 1, Outcome.TIMED_OUT, "countersign:escalate", Json.object()
                .put("rule", "large-refunds").put("policy", "FAILED"));
        shapes.put("timed out to the fallback FAILED", failed);
        return shapes;
    }

    @Test
    void reads_giveTheSdkStoresRecords_forApprovalsInEveryStatus() {
        Map<String, ApprovalId> shapes = everyShape();

        for (Map.Entry<String, ApprovalId> shape : shapes.entrySet()) {
            ApprovalId id = shape.getValue();
            ApprovalRecord expected = store.get(id).orElseThrow();

            assertThat(lean.get(id)).as(shape.getKey()).contains(expected);
            assertThat(lean.proposal(id, expected.proposalHash())).as(shape.getKey())
                    .isEqualTo(store.proposal(id, expected.proposalHash()));
            assertThat(lean.proposal(id)).as(shape.getKey()).isEqualTo(store.proposal(id)).isPresent();
            // What the pages and the gate's output derive from it: the terms per level and the Decision.
            ApprovalRecord read = lean.get(id).orElseThrow();
            for (int level = 1; level <= expected.levels().size(); level++) {
                assertThat(read.terms(level)).as(shape.getKey()).isEqualTo(expected.terms(level));
            }
            assertThat(read.decisionJson()).as(shape.getKey()).isEqualTo(expected.decisionJson());
        }
        // The shapes really are different: every status appears, with levels, votes, reassignments and a decision.
        List<ApprovalRecord> records = shapes.values().stream().map(id -> store.get(id).orElseThrow()).toList();
        assertThat(records).extracting(ApprovalRecord::status).containsAll(List.of(ApprovalStatus.values()));
        assertThat(records).anySatisfy(r -> assertThat(r.levels()).hasSize(2));
        assertThat(records).anySatisfy(r -> assertThat(r.level(1).votes()).isNotEmpty());
        assertThat(records).anySatisfy(r -> assertThat(r.level(1).reassignments()).isEqualTo(1));
        assertThat(records).filteredOn(r -> r.decision() != null)
                .anySatisfy(r -> assertThat(r.decision().modificationsJson()).isNotNull())
                .anySatisfy(r -> assertThat(r.decision().fallback()).isEqualTo(Outcome.REJECTED))
                .anySatisfy(r -> assertThat(r.decision().fallback()).isEqualTo(Outcome.APPROVED))
                .anySatisfy(r -> assertThat(r.decision().fallback()).isEqualTo(Outcome.TIMED_OUT))
                .anySatisfy(r -> assertThat(r.decision().approvedProposalHash()).matches("[0-9a-f]{64}"))
                .anySatisfy(r -> assertThat(r.decisionJson().orElseThrow().get("approvals")).hasSize(2));
        assertThat(records).anySatisfy(r -> assertThat(r.terms(1).majority()).isTrue())
                .anySatisfy(r -> assertThat(r.terms(1).modifiable()).containsExactly(TestRules.AMOUNT))
                .anySatisfy(r -> assertThat(r.terms(2)).isEqualTo(new LevelTerms(true, List.of(), true)))
                .anySatisfy(r -> assertThat(r.auditTrail()).extracting(AuditEvent::type).contains("REMINDED"))
                .anySatisfy(r -> assertThat(r.auditTrail()).extracting(AuditEvent::type)
                        .containsSubsequence("REASSIGNED", "REASSIGNED"))
                .anySatisfy(r -> assertThat(r.level(1).votes()).extracting(v -> v.verdict()).contains(Verdict.APPROVE,
                        Verdict.REJECT));
        assertThat(lean.transport()).as("no read needed the SDK").isInstanceOf(HttpTransport.class);
    }

    @Test
    void appendOnce_throughTheHttpPath_onEveryShape_keepsEverythingTheStoreWrote() {
        Map<String, ApprovalId> shapes = everyShape();
        clock.advance(Duration.ofMinutes(1));

        for (Map.Entry<String, ApprovalId> shape : shapes.entrySet()) {
            ApprovalId id = shape.getValue();
            ApprovalRecord before = store.get(id).orElseThrow();

            ChangeResult result = lean.appendOnce(id, viewed("auditor@example.com", before.currentLevel()));

            // The HTTP path rewrites levels and decision from what it decoded: anything it failed to decode (a vote,
            // a hand-over, the approved proposal's hash…) would be lost here.
            assertThat(result).as(shape.getKey()).isInstanceOf(ChangeResult.Applied.class);
            ApprovalRecord after = store.get(id).orElseThrow();
            assertThat(after).as(shape.getKey()).isEqualTo(((ChangeResult.Applied) result).approval());
            assertThat(after.status()).as(shape.getKey()).isEqualTo(before.status());
            assertThat(after.levels()).as(shape.getKey()).isEqualTo(before.levels());
            assertThat(after.decision()).as(shape.getKey()).isEqualTo(before.decision());
            assertThat(after.decisionJson()).as(shape.getKey()).isEqualTo(before.decisionJson());
            assertThat(after.auditTrail()).as(shape.getKey()).startsWith(before.auditTrail().toArray(AuditEvent[]::new))
                    .hasSize(before.auditTrail().size() + 1);
            for (int level = 1; level <= before.levels().size(); level++) {
                assertThat(after.terms(level)).as(shape.getKey()).isEqualTo(before.terms(level));
            }
            assertThat(store.verifyChain(id)).as(shape.getKey()).containsInstanceOf(ChainVerification.Intact.class);
            assertThat(rawItem(id).pendingWorkflow).as(shape.getKey())
                    .isEqualTo(before.status() == ApprovalStatus.PENDING ? before.workflow() : null);
        }
    }

    @Test
    void findLink_givesTheSdkStoresGrant() {
        ApprovalId id = create(1, ANN).approvalId();
        LinkSecretHash hash = new LinkSecretHash("n4bQgYhMfWWaL-qgxVrQFaO_" + UUID.randomUUID().toString()
                .replace("-", "").substring(0, 19));
        store.saveLink(new LinkGrant(hash, id.value(), ANN, 1, clock.instant().plus(Duration.ofHours(1)),
                clock.instant()));

        assertThat(lean.findLink(hash)).isEqualTo(store.findLink(hash)).isPresent();
    }

    @Test
    void unknownItems_readAsAbsent_andAnAppendToNoApproval_isNotFound() {
        ApprovalId unknown = new ApprovalId("ap_abcdefghijklmnopqrstuvwxyz");

        assertThat(lean.get(unknown)).isEmpty();
        assertThat(lean.proposal(unknown)).isEmpty();
        assertThat(lean.proposal(unknown, "0".repeat(64))).isEmpty();
        assertThat(lean.findLink(new LinkSecretHash("no-such-link-hash-0000000000000000000000000"))).isEmpty();
        assertThat(lean.appendOnce(unknown, viewed(ANN, 1))).isEqualTo(new ChangeResult.NotFound(unknown));
    }

    @Test
    void appendOnce_writesTheEventTheStoreWould_withChainSeqAndProjections() {
        ApprovalId id = create(1, ANN, BOB).approvalId();
        store.append(id, new AuditEntry(AuditEventType.NOTIFIED, "countersign:request", Json.object()
                .put("level", 1)));
        clock.advance(Duration.ofMinutes(3));

        ChangeResult first = lean.appendOnce(id, viewed(ANN, 1));
        ChangeResult again = lean.appendOnce(id, viewed(ANN, 1));

        assertThat(first).isInstanceOf(ChangeResult.Applied.class);
        ApprovalRecord written = ((ChangeResult.Applied) first).approval();
        // What the HTTP path says it wrote is exactly what the store reads back.
        assertThat(store.get(id)).contains(written);
        assertThat(again).isEqualTo(new ChangeResult.AlreadyApplied(written));
        AuditEvent event = written.auditTrail().get(written.auditTrail().size() - 1);
        assertThat(event.seq()).isEqualTo(3);
        assertThat(event.type()).isEqualTo("VIEWED");
        assertThat(event.actor()).isEqualTo(ANN);
        assertThat(event.at()).isEqualTo(clock.instant());
        assertThat(store.verifyChain(id)).containsInstanceOf(ChainVerification.Intact.class);
        // The event item is projected and the outbox mark cleared, as after the store's own write.
        assertThat(store.auditEventsByActor(ANN, Instant.EPOCH, clock.instant(), PageRequest.first(100)).items())
                .filteredOn(e -> e.approvalId().equals(id.value())).containsExactly(event);
        ApprovalItem raw = rawItem(id);
        assertThat(raw.projectionDue).isNull();
        assertThat(raw.projectedSeq).isEqualTo(3);
        assertThat(raw.version).isEqualTo(written.version());
        // The store's next write follows on from the HTTP path's: seq 4, chain still intact.
        assertThat(store.appendOnce(id, viewed(BOB, 1))).isInstanceOf(ChangeResult.Applied.class);
        assertThat(store.get(id).orElseThrow().auditCount()).isEqualTo(4);
        assertThat(store.verifyChain(id)).containsInstanceOf(ChainVerification.Intact.class);
    }

    @Test
    void append_onADecidedApproval_writesLikeTheStore_andKeepsTheDecision() {
        ApprovalId id = create(1, ANN).approvalId();
        decide(id, 1, ANN, Verdict.APPROVE, "ok", null);

        ChangeResult delivered = lean.appendOnce(id, new AuditEntry(AuditEventType.CALLBACK_DELIVERED,
                "countersign:decision", Json.object().put("level", 1).put("outcome", "APPROVED").put("attempts", 1)));
        ChangeResult failed = lean.append(id, new AuditEntry(AuditEventType.CALLBACK_FAILED, "countersign:decision",
                Json.object().put("level", 1).put("error", "Throttling").put("final", false)));

        assertThat(delivered).isInstanceOf(ChangeResult.Applied.class);
        assertThat(failed).isInstanceOf(ChangeResult.Applied.class);
        ApprovalRecord after = store.get(id).orElseThrow();
        assertThat(after.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(after.auditTrail()).extracting(AuditEvent::type)
                .containsExactly("REQUESTED", "APPROVED", "CALLBACK_DELIVERED", "CALLBACK_FAILED");
        assertThat(store.verifyChain(id)).containsInstanceOf(ChainVerification.Intact.class);
        // A decided approval's pending-workflow key stays removed by the HTTP path's writes too.
        assertThat(rawItem(id).pendingWorkflow).isNull();
    }

    @Test
    void concurrentAppendOnce_throughBothPaths_recordsOneEvent_andKeepsTheChainIntact() throws Exception {
        ApprovalId id = create(1, ANN).approvalId();
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ChangeResult>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                boolean viaHttp = i % 2 == 0;
                results.add(pool.submit(() -> {
                    start.await();
                    return viaHttp ? lean.appendOnce(id, viewed(ANN, 1)) : store.appendOnce(id, viewed(ANN, 1));
                }));
            }
            start.countDown();
            int applied = 0;
            for (Future<ChangeResult> result : results) {
                applied += result.get() instanceof ChangeResult.Applied ? 1 : 0;
            }

            assertThat(applied).isEqualTo(1);
            ApprovalRecord after = store.get(id).orElseThrow();
            assertThat(after.auditTrail()).extracting(AuditEvent::type).containsExactly("REQUESTED", "VIEWED");
            assertThat(after.auditTrail()).extracting(AuditEvent::seq).containsExactly(1, 2);
            assertThat(store.verifyChain(id)).containsInstanceOf(ChainVerification.Intact.class);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyCall_goesOverHttp_theDecisionAndTheTaskTokenToo() {
        ApprovalId id = create(1, ANN).approvalId();
        lean.get(id);
        lean.appendOnce(id, viewed(ANN, 1));

        DecideResult result = lean.decide(new DecisionRequest(id, 1, ANN, Verdict.APPROVE, null, Channel.EMAIL_LINK,
                null));
        lean.taskTokenForCallback(id, 1);

        assertThat(result).isInstanceOf(DecideResult.Decided.class);
        assertThat(lean.get(id).orElseThrow().status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(lean.taskTokenForCallback(id, 1)).isEqualTo(store.taskTokenForCallback(id, 1)).isPresent();
    }

    @Test
    void issue5Transitions_throughTheHttpPathsStore_areTheSdkStoresTransitions() {
        ApprovalId low = createRouted(1, new LevelTerms(false, List.of(), true), RiskLevel.LOW, ANN).approvalId();
        ApprovalId escalating = create(1, ANN).approvalId();
        clock.advance(Duration.ofMinutes(61));

        ChangeResult fallback = lean.timeOut(low, 1, Outcome.APPROVED, "countersign:escalate",
                Json.object().put("rule", "low-risk-refunds").put("policy", "APPROVED"));
        ChangeResult escalated = lean.escalate(escalating, 1, new NextLevel(List.of(BOB), 1,
                clock.instant().plus(Duration.ofHours(1)), null, null), "countersign:escalate");

        assertThat(fallback).isInstanceOf(ChangeResult.Applied.class);
        assertThat(escalated).isInstanceOf(ChangeResult.Applied.class);
        // The policy reached the FALLBACK_APPLIED event, and no token was invented for the escalated level.
        ApprovalRecord timedOut = lean.get(low).orElseThrow();
        assertThat(timedOut.decisionOutput().orElseThrow().outcome()).isEqualTo(Outcome.APPROVED);
        assertThat(timedOut.auditTrail().get(timedOut.auditTrail().size() - 1).details().get("rule").asText())
                .isEqualTo("low-risk-refunds");
        assertThat(lean.taskTokenForCallback(escalating, 2)).isEmpty();
        assertThat(lean.get(escalating).orElseThrow()).isEqualTo(store.get(escalating).orElseThrow());
    }

    @Test
    void aMissingTable_failsWithAMessageNamingTheTableAndWhatToCheck() {
        DynamoDbApprovalStore nowhere = lean("no-such-table-" + UUID.randomUUID());

        assertThatThrownBy(() -> nowhere.get(new ApprovalId("ap_abcdefghijklmnopqrstuvwxyz")))
                .isInstanceOf(ApprovalStoreException.class)
                .hasMessageContaining("no-such-table-")
                .hasMessageContaining("ResourceNotFoundException")
                .hasMessageContaining("AWS_ENDPOINT_URL_DYNAMODB");
    }

    private ApprovalItem rawItem(ApprovalId id) {
        return dynalite.enhanced().table(dynalite.tables().approvals().tableName(), ApprovalItem.SCHEMA)
                .getItem(r -> r.key(Key.builder().partitionValue(ApprovalMapping.approvalPk(id))
                        .sortValue(Items.APPROVAL_SK).build()).consistentRead(true));
    }
}
