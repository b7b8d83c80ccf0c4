package dev.countersign.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.AuditWindow;
import dev.countersign.approval.DecidedApproval;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.EventRef;
import dev.countersign.approval.InvalidPageTokenException;
import dev.countersign.approval.ListPage;
import dev.countersign.approval.PageRequest;
import dev.countersign.approval.PendingApproval;
import dev.countersign.approval.PendingFilter;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AuditEvent;
import dev.countersign.core.Channel;
import dev.countersign.core.Outcome;
import dev.countersign.store.dynamodb.internal.PageTokens;
import dev.countersign.store.dynamodb.internal.SdkTransport;
import dev.countersign.testing.ApprovalRequests;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lists the readers use (countersign pending, audit export, the local console): every pending approval, one
 * approver's in one workflow, recent decisions, and audit events of a window across days — with sealed and readable
 * page tokens. The table is shared by the class, so each test looks at the approvals it made.
 */
class ReaderListsTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private final MutableClock clock = MutableClock.at("2026-11-24T22:00:00Z");
    private final DynamoDbApprovalStore store = dynalite.store(clock);
    /** What an operator's countersign pending uses: the table alone, no audit key. */
    private final DynamoDbApprovalLists readable = new DynamoDbApprovalLists(new SdkTransport(dynalite::client),
            dynalite.tables(), PageTokens.readable());
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    private String person(String name) {
        return name + "-" + tag + "@example.com";
    }

    private ApprovalId create(String workflow, String... approvers) {
        clock.advance(Duration.ofMinutes(1));
        return store.create(ApprovalRequests.request(clock, workflow, approvers)).approval().approvalId();
    }

    private void decide(ApprovalId id, String approver, Verdict verdict) {
        clock.advance(Duration.ofMinutes(1));
        store.decide(new DecisionRequest(id, 1, approver, verdict, "fine", Channel.EMAIL_LINK, null));
    }

    private static <T> List<T> all(Function<PageRequest, ListPage<T>> list, int pageSize) {
        List<T> items = new ArrayList<>();
        PageRequest request = PageRequest.first(pageSize);
        while (true) {
            ListPage<T> page = list.apply(request);
            assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
            items.addAll(page.items());
            if (!page.hasNext()) {
                return items;
            }
            request = request.next(page);
        }
    }

    private static <T> List<T> ours(List<T> rows, Function<T, ApprovalId> id, List<ApprovalId> created) {
        Set<ApprovalId> mine = Set.copyOf(created);
        return rows.stream().filter(r -> mine.contains(id.apply(r))).toList();
    }

    @Test
    void everyPendingApproval_isListedNewestFirst_acrossWorkflowsAndApprovers_withoutEndedOnes() {
        ApprovalId refund = create("refunds-" + tag, person("alice"));
        ApprovalId payout = create("payouts-" + tag, person("bob"));
        ApprovalId ended = create("refunds-" + tag, person("alice"));
        ApprovalId newest = create("content-" + tag, person("carol"), person("dave"));
        decide(ended, person("alice"), Verdict.REJECT);

        List<PendingApproval> pending = ours(all(p -> store.pending(PendingFilter.all(), p), 2),
                PendingApproval::approvalId, List.of(refund, payout, ended, newest));

        assertThat(pending).extracting(PendingApproval::approvalId).containsExactly(newest, payout, refund);
        assertThat(pending.get(0).workflow()).isEqualTo("content-" + tag);
        assertThat(pending.get(0).summary()).isEqualTo("Refund order 4711");
        assertThat(pending.get(0).deadline()).isEqualTo(pending.get(0).createdAt().plus(Duration.ofHours(1)));
        // The same rows with the operator's readable tokens.
        assertThat(ours(all(p -> readable.pending(PendingFilter.all(), p), 1), PendingApproval::approvalId,
                List.of(refund, payout, ended, newest))).isEqualTo(pending);
    }

    @Test
    void oneApproversPendingApprovals_inOneWorkflow_leaveOutTheirOtherWorkflows() {
        String alice = person("alice");
        ApprovalId refund1 = create("refunds-" + tag, alice);
        ApprovalId payout = create("payouts-" + tag, alice);
        ApprovalId refund2 = create("refunds-" + tag, alice, person("bob"));
        create("refunds-" + tag, person("bob"));

        List<PendingApproval> rows = all(p -> readable.pending(new PendingFilter(alice.toUpperCase(),
                "refunds-" + tag), p), 1);

        assertThat(rows).extracting(PendingApproval::approvalId).containsExactly(refund2, refund1);
        assertThat(all(p -> readable.pending(PendingFilter.approver(alice), p), 5))
                .extracting(PendingApproval::approvalId).containsExactly(refund2, payout, refund1);
    }

    @Test
    void recentDecisions_comeMostRecentlyEndedFirst_withWhoDecidedAndHow() {
        String alice = person("alice");
        ApprovalId older = create("refunds-" + tag, alice);
        ApprovalId newer = create("refunds-" + tag, alice);
        ApprovalId cancelled = create("payouts-" + tag, alice);
        ApprovalId stillPending = create("payouts-" + tag, alice);
        decide(newer, alice, Verdict.APPROVE);
        decide(older, alice, Verdict.REJECT);
        clock.advance(Duration.ofMinutes(1));
        store.cancel(cancelled, "countersign:api", "withdrawn by the agent");

        List<DecidedApproval> decided = ours(all(store::recentDecisions, 2), DecidedApproval::approvalId,
                List.of(older, newer, cancelled, stillPending));

        // Ordered by when they ended, not by when they were asked.
        assertThat(decided).extracting(DecidedApproval::approvalId).containsExactly(cancelled, older, newer);
        assertThat(decided).extracting(DecidedApproval::status).containsExactly(ApprovalStatus.CANCELLED,
                ApprovalStatus.REJECTED, ApprovalStatus.APPROVED);
        DecidedApproval rejected = decided.get(1);
        assertThat(rejected.decision().outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(rejected.decision().decidedBy()).isEqualTo(alice);
        assertThat(rejected.decision().comment()).isEqualTo("fine");
        assertThat(rejected.workflow()).isEqualTo("refunds-" + tag);
        assertThat(rejected.decision().decidedAt()).isEqualTo(store.get(older).orElseThrow().decision().decidedAt());
    }

    @Test
    void auditEventsOfAWindow_spanDays_oldestFirst_pagedAcrossDays_toTheMillisecond() {
        String alice = person("alice");
        String workflow = "refunds-" + tag;
        // Asked on the 24th and the 25th, decided on the 27th: events on three days, and a day without any.
        ApprovalId first = create(workflow, alice);
        clock.advance(Duration.ofHours(3));
        ApprovalId second = create("payouts-" + tag, alice);
        clock.advance(Duration.ofDays(2));
        decide(first, alice, Verdict.APPROVE);
        decide(second, alice, Verdict.REJECT);
        ApprovalRecord a = store.get(first).orElseThrow();
        ApprovalRecord b = store.get(second).orElseThrow();
        Instant from = a.auditTrail().get(0).at();
        Instant to = b.auditTrail().get(b.auditTrail().size() - 1).at();

        List<EventRef> window = ours(all(p -> store.auditEvents(new AuditWindow(from, to, null, null), p), 1),
                EventRef::approvalId, List.of(first, second));

        assertThat(window).extracting(e -> e.approvalId().value() + "/" + e.seq()).containsExactly(
                first.value() + "/1", second.value() + "/1", first.value() + "/2", second.value() + "/2");
        assertThat(window.get(0).at()).isEqualTo(from);
        assertThat(window.get(3).at()).isEqualTo(to);
        // Bounds are inclusive to the millisecond, and a millisecond less leaves the event out.
        assertThat(ours(all(p -> readable.auditEvents(new AuditWindow(from.plusMillis(1), to.minusMillis(1), null,
                null), p), 10), EventRef::approvalId, List.of(first, second))).hasSize(2);
        assertThat(all(p -> readable.auditEvents(new AuditWindow(from, to, null, workflow), p), 1))
                .extracting(e -> e.seq()).containsExactly(1, 2);
        assertThat(all(p -> readable.auditEvents(new AuditWindow(from, to, alice.toUpperCase(), null), p), 1))
                .extracting(EventRef::approvalId).containsExactly(first, second);
        assertThat(all(p -> readable.auditEvents(new AuditWindow(from, to, "countersign:request", workflow), p), 1))
                .containsExactly(window.get(0));
    }

    @Test
    void eventRefs_pointAtTheTrailsEvents() {
        ApprovalId id = create("refunds-" + tag, person("alice"));
        decide(id, person("alice"), Verdict.APPROVE);
        List<AuditEvent> trail = store.auditTrail(id);

        List<EventRef> refs = all(p -> readable.auditEvents(new AuditWindow(trail.get(0).at(),
                trail.get(trail.size() - 1).at(), null, "refunds-" + tag), p), 10);

        assertThat(refs).extracting(r -> trail.get(r.seq() - 1).at()).containsExactlyElementsOf(
                refs.stream().map(EventRef::at).collect(Collectors.toList()));
        assertThat(refs).extracting(EventRef::approvalId).containsOnly(id);
    }

    @Test
    void readableTokens_areRefusedByAnotherList_butNeedNoKey() {
        String alice = person("alice");
        for (int i = 0; i < 3; i++) {
            create("refunds-" + tag, alice);
        }
        String token = readable.pending(PendingFilter.approver(alice), PageRequest.first(1)).nextPageToken();

        assertThat(token).isNotNull();
        assertThat(readable.pending(PendingFilter.approver(alice), new PageRequest(1, token)).items()).hasSize(1);
        assertThatThrownBy(() -> readable.pending(PendingFilter.approver(person("bob")), new PageRequest(1, token)))
                .isInstanceOf(InvalidPageTokenException.class).hasMessageContaining("first page again");
        // A readable token is no sealed token: the store's lists refuse it.
        assertThatThrownBy(() -> store.pending(PendingFilter.approver(alice), new PageRequest(1, token)))
                .isInstanceOf(InvalidPageTokenException.class);
        Instant now = clock.instant();
        String dayToken = "eyJ4IjoieSJ9";
        assertThatThrownBy(() -> readable.auditEvents(new AuditWindow(now.minusSeconds(60), now, null, null),
                new PageRequest(1, dayToken))).isInstanceOf(InvalidPageTokenException.class);
    }

    @Test
    void aWindowThatEndsBeforeItStarts_isRefusedNamingBothEnds() {
        Instant now = clock.instant();
        assertThatThrownBy(() -> new AuditWindow(now, now.minusSeconds(1), null, null))
                .hasMessageContaining("ends").hasMessageContaining("before it starts");
    }
}
