package dev.countersign.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.InvalidPageTokenException;
import dev.countersign.approval.NextLevel;
import dev.countersign.approval.ListPage;
import dev.countersign.approval.PageRequest;
import dev.countersign.approval.PendingApproval;
import dev.countersign.approval.TaskToken;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AuditEvent;
import dev.countersign.core.Channel;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.ApprovalRequests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Access patterns 5 and 6: pending lists and audit events by actor, newest/oldest first, paginated. */
class ApprovalListsTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private final MutableClock clock = MutableClock.at("2026-11-24T09:00:00Z");
    private final DynamoDbApprovalStore store = dynalite.store(clock);
    /** Fresh names per test: the table is shared by the class. */
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    private String person(String name) {
        return name + "-" + tag + "@example.com";
    }

    private <T> List<T> all(Function<PageRequest, ListPage<T>> list, int pageSize, List<String> tokens) {
        List<T> items = new ArrayList<>();
        PageRequest request = PageRequest.first(pageSize);
        while (true) {
            ListPage<T> page = list.apply(request);
            assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
            items.addAll(page.items());
            if (!page.hasNext()) {
                return items;
            }
            tokens.add(page.nextPageToken());
            request = request.next(page);
        }
    }

    @Test
    void pendingForApprover_isNewestFirst_paginated_andDropsDecidedApprovals() {
        String alice = person("alice");
        List<ApprovalId> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(1));
            created.add(store.create(ApprovalRequests.request(clock, "refunds-" + tag, alice, person("bob"))).approval()
                    .approvalId());
        }
        ApprovalRecord third = store.get(created.get(2)).orElseThrow();
        store.decide(new DecisionRequest(third.approvalId(), 1, person("bob"), Verdict.APPROVE, null,
                Channel.EMAIL_LINK, null));

        List<String> tokens = new ArrayList<>();
        List<PendingApproval> pending = all(p -> store.pendingForApprover(alice.toUpperCase(), p), 2, tokens);

        assertThat(pending).extracting(PendingApproval::approvalId)
                .containsExactly(created.get(4), created.get(3), created.get(1), created.get(0));
        assertThat(pending.get(0).workflow()).isEqualTo("refunds-" + tag);
        assertThat(pending.get(0).level()).isEqualTo(1);
        assertThat(tokens).isNotEmpty();
        for (String token : tokens) {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1);
            // Tokens are sealed: no approval id, address or key name readable in them.
            assertThat(token + decoded).doesNotContain("ap_", tag, "APPROVAL", "INBOX", "approverKey");
        }
    }

    @Test
    void pendingForWorkflow_isNewestFirst_andFollowsEscalation() {
        String workflow = "payouts-" + tag;
        List<ApprovalId> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(1));
            created.add(store.create(ApprovalRequests.request(clock, workflow, person("alice"))).approval().approvalId());
        }
        store.cancel(created.get(0), "countersign:api", "withdrawn");
        store.escalate(created.get(1), 1, new NextLevel(List.of(person("erin")), 1,
                clock.instant().plus(Duration.ofHours(2)), new TaskToken("t2"), null), "countersign:escalate");

        List<PendingApproval> pending = all(p -> store.pendingForWorkflow(workflow, p), 1, new ArrayList<>());

        assertThat(pending).extracting(PendingApproval::approvalId).containsExactly(created.get(2), created.get(1));
        assertThat(pending.get(1).level()).isEqualTo(2);
        assertThat(store.pendingForApprover(person("alice"), PageRequest.first(10)).items())
                .extracting(PendingApproval::approvalId).containsExactly(created.get(2));
        assertThat(store.pendingForApprover(person("erin"), PageRequest.first(10)).items())
                .extracting(PendingApproval::approvalId).containsExactly(created.get(1));
    }

    @Test
    void pageToken_ofOneList_isRefusedByAnother_andWhenEdited() {
        String alice = person("alice");
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(1));
            store.create(ApprovalRequests.request(clock, "refunds-" + tag, alice));
        }
        String token = store.pendingForApprover(alice, PageRequest.first(1)).nextPageToken();
        assertThat(token).isNotNull();

        // Replaying alice's token on bob's list must not let bob page through alice's keys.
        assertThatThrownBy(() -> store.pendingForApprover(person("bob"), new PageRequest(1, token)))
                .isInstanceOf(InvalidPageTokenException.class)
                .hasMessageContaining("first page again");
        char[] edited = token.toCharArray();
        edited[edited.length / 2] = edited[edited.length / 2] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> store.pendingForApprover(alice, new PageRequest(1, new String(edited))))
                .isInstanceOf(InvalidPageTokenException.class);
        assertThatThrownBy(() -> store.pendingForApprover(alice, new PageRequest(1, "not a token!")))
                .isInstanceOf(InvalidPageTokenException.class);
    }

    @Test
    void auditEventsByActor_returnsOneApproversEventsInATimeRange_oldestFirst_acrossApprovals() {
        String alice = person("alice");
        List<ApprovalId> ids = new ArrayList<>();
        List<Instant> decidedAt = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(10));
            ApprovalRecord approval = store.create(ApprovalRequests.request(clock, "refunds-" + tag, alice)).approval();
            clock.advance(Duration.ofMinutes(1));
            store.decide(new DecisionRequest(approval.approvalId(), 1, alice, i % 2 == 0 ? Verdict.APPROVE
                    : Verdict.REJECT, "ok", Channel.EMAIL_LINK, null));
            ids.add(approval.approvalId());
            decidedAt.add(clock.instant());
        }

        List<AuditEvent> inRange = all(p -> store.auditEventsByActor(alice, decidedAt.get(1), decidedAt.get(3), p), 1,
                new ArrayList<>());

        assertThat(inRange).extracting(AuditEvent::approvalId)
                .containsExactly(ids.get(1).value(), ids.get(2).value(), ids.get(3).value());
        assertThat(inRange).extracting(AuditEvent::type).containsExactly("REJECTED", "APPROVED", "REJECTED");
        assertThat(inRange).extracting(AuditEvent::at).containsExactly(decidedAt.get(1), decidedAt.get(2),
                decidedAt.get(3));
        // The projected copies are the chain's own events, hashes included.
        assertThat(inRange.get(0)).isEqualTo(store.auditTrail(ids.get(1)).get(1));
        assertThat(store.auditEventsByActor(person("nobody"), decidedAt.get(0), decidedAt.get(3),
                PageRequest.first(10)).items()).isEmpty();
        assertThatThrownBy(() -> store.auditEventsByActor(alice, decidedAt.get(3), decidedAt.get(0),
                PageRequest.first(10))).hasMessageContaining("from <= to");
    }
}
