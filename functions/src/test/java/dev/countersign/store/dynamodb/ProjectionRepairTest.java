package dev.countersign.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.PageRequest;
import dev.countersign.approval.PendingApproval;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AuditEvent;
import dev.countersign.core.Channel;
import dev.countersign.store.dynamodb.internal.ApprovalMapping;
import dev.countersign.store.dynamodb.internal.Items;
import dev.countersign.store.dynamodb.internal.Items.ApprovalItem;
import dev.countersign.store.dynamodb.internal.Projection;
import dev.countersign.store.dynamodb.internal.SdkTransport;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.ApprovalRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.Key;

/**
 * The list projections are written after the approval item. These tests kill the writer between the two writes
 * (a store that never projects inline) and check that the repair sweep, driven by the approval item's outbox marker,
 * brings every list back in line — and that a stale projector cannot undo a newer one.
 */
class ProjectionRepairTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private final MutableClock clock = MutableClock.at("2026-11-24T09:00:00Z");
    private final DynamoDbApprovalStore store = dynalite.store(clock);
    /** Writes the approval item and then "dies": its projections are never written. */
    private final DynamoDbApprovalStore dyingWriter = DyingWriters.neverProjecting(dynalite.client(),
            dynalite.tables(), dynalite.auditKey(), clock);
    private final String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

    private boolean listed(ApprovalId id) {
        return store.pendingForApprover(alice, PageRequest.first(100)).items().stream()
                .map(PendingApproval::approvalId).anyMatch(id::equals);
    }

    private ApprovalItem rawItem(ApprovalId id) {
        return dynalite.enhanced().table(dynalite.tables().approvals().tableName(), ApprovalItem.SCHEMA)
                .getItem(r -> r.key(Key.builder().partitionValue(ApprovalMapping.approvalPk(id))
                        .sortValue(Items.APPROVAL_SK).build()).consistentRead(true));
    }

    @Test
    void writerDyingAfterTheApprovalWrite_leavesAnOutboxMark_thatTheRepairSweepClears() {
        ApprovalRecord approval = dyingWriter.create(ApprovalRequests.request(clock, "refunds", alice)).approval();
        clock.advance(Duration.ofMinutes(1));
        dyingWriter.decide(new DecisionRequest(approval.approvalId(), 1, alice, Verdict.REJECT, "no",
                Channel.EMAIL_LINK, null));

        // The source of truth is complete; the lists lag behind it and the item says so.
        assertThat(store.get(approval.approvalId()).orElseThrow().auditCount()).isEqualTo(2);
        assertThat(rawItem(approval.approvalId()).projectionDue).isEqualTo(Items.DUE);
        assertThat(store.auditEventsByActor(alice, Instant.EPOCH, clock.instant(), PageRequest.first(10)).items())
                .isEmpty();

        int repaired = store.repairProjections(1000);

        assertThat(repaired).isGreaterThanOrEqualTo(1);
        ApprovalItem item = rawItem(approval.approvalId());
        assertThat(item.projectionDue).isNull();
        assertThat(item.projectedSeq).isEqualTo(2);
        assertThat(store.auditEventsByActor(alice, Instant.EPOCH, clock.instant(), PageRequest.first(10)).items())
                .extracting(AuditEvent::type).containsExactly("REJECTED");
        assertThat(listed(approval.approvalId())).isFalse();
        // Nothing is left to repair: the sweep is idempotent.
        assertThat(rawItem(approval.approvalId()).projectionDue).isNull();
    }

    @Test
    void repairSweep_putsAPendingApprovalIntoItsApproversList() {
        ApprovalRecord approval = dyingWriter.create(ApprovalRequests.request(clock, "refunds", alice)).approval();
        assertThat(listed(approval.approvalId())).isFalse();

        store.repairProjections(1000);

        assertThat(listed(approval.approvalId())).isTrue();
    }

    @Test
    void staleProjector_cannotBringBackAnApprovalANewerVersionClosed() {
        ApprovalRecord approval = store.create(ApprovalRequests.request(clock, "refunds", alice)).approval();
        ApprovalItem pendingSnapshot = rawItem(approval.approvalId());
        ApprovalRecord pendingRecord = ApprovalMapping.fromItem(pendingSnapshot).record();
        store.decide(new DecisionRequest(approval.approvalId(), 1, alice, Verdict.APPROVE, null, Channel.EMAIL_LINK,
                null));
        assertThat(listed(approval.approvalId())).isFalse();

        // A sweeper that read the pending version before the decision projects it now, late.
        pendingSnapshot.projectedInboxVersion = -1L;
        new Projection(new SdkTransport(dynalite::client), dynalite.tables().approvals().tableName(), clock)
                .project(pendingRecord, ApprovalMapping.marks(pendingSnapshot));

        // Inbox rows only move forward in version: the closed row of the newer version wins.
        assertThat(listed(approval.approvalId())).isFalse();
        assertThat(rawItem(approval.approvalId()).projectionDue).isNull();
    }
}
