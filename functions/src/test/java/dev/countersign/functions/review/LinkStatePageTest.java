package dev.countersign.functions.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalTransitions;
import dev.countersign.approval.InformationalEvents;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.NextLevel;
import dev.countersign.approval.Transition;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEventType;
import dev.countersign.core.Channel;
import dev.countersign.core.Outcome;
import dev.countersign.link.LinkGrant;
import dev.countersign.link.LinkSecretHash;
import dev.countersign.testing.ApprovalRequests;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.Written;
import dev.countersign.views.ApprovalRef;
import dev.countersign.views.ExpiredView;
import dev.countersign.views.WorkflowResumption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page a link shows when it no longer decides, chosen from the approval alone: no HTTP, no store. */
class LinkStatePageTest {
    private static final String ANN = "ann@example.com";
    private static final String BOB = "bob@example.com";
    private static final ApprovalRef REF = new ApprovalRef("ap_x", "refunds", "refund", "Refund order 4711");

    private final MutableClock clock = MutableClock.at("2026-11-24T09:00:00Z");
    private final Written written = new Written(clock);
    private ApprovalRecord approval = apply(null, ApprovalTransitions.request(
            ApprovalRequests.request(clock, "refunds", ANN), clock.instant()));

    @Test
    void aCancelledApproval_showsWhoCancelledItAndWhy() {
        clock.advance(Duration.ofMinutes(5));
        approval = apply(approval, ApprovalTransitions.cancel(approval, "ops@example.com", "order withdrawn",
                clock.instant()));

        LinkStatePage page = LinkStatePage.of(approval, grant(ANN, 1), REF);

        assertThat(page).isInstanceOfSatisfying(LinkStatePage.Cancelled.class, c -> {
            assertThat(c.view().cancelledBy()).isEqualTo("ops@example.com");
            assertThat(c.view().reason()).isEqualTo("order withdrawn");
            assertThat(c.view().cancelledAt()).isEqualTo(clock.instant());
        });
    }

    @Test
    void aLevelDecidedByThisRecipient_saysItWasTheirs() {
        approval = apply(approval, ApprovalTransitions.decide(approval, new DecisionRequest(approval.approvalId(), 1,
                ANN, Verdict.REJECT, "too much", Channel.EMAIL_LINK, null), clock.instant()));

        LinkStatePage page = LinkStatePage.of(approval, grant(ANN, 1), REF);

        assertThat(page).isInstanceOfSatisfying(LinkStatePage.AlreadyDecided.class, d -> {
            assertThat(d.view().outcome()).isEqualTo(dev.countersign.views.OutcomeText.REJECTED);
            assertThat(d.view().decidedByYou()).isTrue();
            assertThat(d.view().comment()).isEqualTo("too much");
        });
    }

    @Test
    void anEscalatedLevel_namesTheNextLevelAndWhenItEscalated() {
        clock.advance(Duration.ofHours(1));
        Instant escalatedAt = clock.instant();
        approval = apply(approval, ApprovalTransitions.escalate(approval, 1, new NextLevel(List.of(BOB), 1,
                escalatedAt.plus(Duration.ofHours(2)), null, null), "countersign:escalate", escalatedAt));
        clock.advance(Duration.ofMinutes(3));

        LinkStatePage page = LinkStatePage.of(approval, grant(ANN, 1), REF);

        assertThat(page).isInstanceOfSatisfying(LinkStatePage.Escalated.class, e -> {
            assertThat(e.view().escalatedAt()).isEqualTo(escalatedAt);
            assertThat(e.view().toLevel()).isEqualTo(2);
            assertThat(e.view().to()).containsExactly(BOB);
        });
    }

    @Test
    void aRecipientWhoHandedOver_isToldToWhomAndByWhom() {
        clock.advance(Duration.ofMinutes(2));
        approval = apply(approval, ApprovalTransitions.reassign(approval, 1, ANN, BOB, ANN, "on leave",
                clock.instant()));

        LinkStatePage page = LinkStatePage.of(approval, grant(ANN, 1), REF);

        assertThat(page).isInstanceOfSatisfying(LinkStatePage.Reassigned.class, r -> {
            assertThat(r.view().to()).isEqualTo(BOB);
            assertThat(r.view().by()).isEqualTo(ANN);
            assertThat(r.view().reassignedAt()).isEqualTo(clock.instant());
        });
    }

    @Test
    void aLinkForSomeoneNeverAsked_isTheGenericNotValidPage() {
        // A grant whose recipient is not at the level and was never reassigned (a forged or stale grant).
        assertThat(LinkStatePage.of(approval, grant("eve@example.com", 1), REF))
                .isInstanceOf(LinkStatePage.NotValid.class);
    }

    @Test
    void aTimedOutLastLevel_isExpired_withTheRejectingFallback() {
        Instant deadline = approval.current().deadline();
        clock.set(deadline);
        approval = apply(approval, ApprovalTransitions.timeOut(approval, 1, Outcome.REJECTED, "countersign:escalate",
                null, clock.instant()));

        LinkStatePage page = LinkStatePage.of(approval, grant(ANN, 1), REF);

        assertThat(page).isInstanceOfSatisfying(LinkStatePage.Expired.class, e -> {
            assertThat(e.view().expiredAt()).isEqualTo(deadline);
            assertThat(e.view().then()).isEqualTo(new ExpiredView.FallbackApplied(
                    dev.countersign.views.OutcomeText.REJECTED));
        });
    }

    @Test
    void aVerdictAfterTheTimeout_saysWhatWasRecordedAndHowTheApprovalEnded() {
        clock.set(approval.current().deadline());
        approval = apply(approval, ApprovalTransitions.timeOut(approval, 1, Outcome.REJECTED, "countersign:escalate",
                null, clock.instant()));
        Instant closedAt = clock.instant();
        clock.advance(Duration.ofMinutes(10));
        approval = apply(approval, ApprovalTransitions.lateDecision(approval, 1, ANN, Verdict.APPROVE, null,
                clock.instant()));

        LinkStatePage page = LinkStatePage.late(approval, grant(ANN, 1), REF, Verdict.APPROVE, true,
                clock.instant().plusSeconds(60));

        assertThat(page).isInstanceOfSatisfying(LinkStatePage.LateDecision.class, l -> {
            assertThat(l.view().attempted()).isEqualTo(dev.countersign.views.OutcomeText.APPROVED);
            // The LATE_DECISION event's time, not the moment the page was built.
            assertThat(l.view().recordedAt()).isEqualTo(clock.instant());
            assertThat(l.view().closedAs()).isEqualTo(dev.countersign.views.OutcomeText.TIMED_OUT);
            assertThat(l.view().closedAt()).isEqualTo(closedAt);
            assertThat(l.view().repeated()).isFalse();
        });
    }

    @Test
    void aRepeatedLateVerdict_isNotRecordedAgain_andThePageSaysWhenTheFirstOneWas() {
        clock.set(approval.current().deadline());
        approval = apply(approval, ApprovalTransitions.timeOut(approval, 1, Outcome.REJECTED, "countersign:escalate",
                null, clock.instant()));
        clock.advance(Duration.ofMinutes(10));
        Instant first = clock.instant();
        approval = apply(approval, ApprovalTransitions.lateDecision(approval, 1, ANN, Verdict.APPROVE, null, first));
        clock.advance(Duration.ofMinutes(1));

        // The second click writes nothing: one LATE_DECISION is kept per person and level.
        Transition<?> again = ApprovalTransitions.lateDecision(approval, 1, ANN, Verdict.REJECT, "no", clock.instant());
        assertThat(again).isInstanceOf(Transition.Answer.class);
        LinkStatePage page = LinkStatePage.late(approval, grant(ANN, 1), REF, Verdict.REJECT, false, clock.instant());

        assertThat(page).isInstanceOfSatisfying(LinkStatePage.LateDecision.class, l -> {
            assertThat(l.view().repeated()).isTrue();
            assertThat(l.view().recordedAt()).isEqualTo(first);
            assertThat(l.view().attempted()).isEqualTo(dev.countersign.views.OutcomeText.REJECTED);
        });
    }

    @Test
    void aPendingLevelPastItsDeadline_saysNothingFollowedYet_ratherThanNamingAFallback() {
        // The timeout step has not run (or waits out a store outage): no fallback has applied, so none is named.
        clock.set(approval.current().deadline().plusSeconds(1));

        LinkStatePage page = LinkStatePage.of(approval, grant(ANN, 1), REF);

        assertThat(page).isInstanceOfSatisfying(LinkStatePage.Expired.class,
                e -> assertThat(e.view().then()).isEqualTo(new ExpiredView.NotYetApplied()));
    }

    @Test
    void aDecidedLevel_saysWhetherTheWorkflowHasTheDecision() {
        approval = apply(approval, ApprovalTransitions.decide(approval, new DecisionRequest(approval.approvalId(), 1,
                ANN, Verdict.APPROVE, null, Channel.EMAIL_LINK, null), clock.instant()));
        assertThat(((LinkStatePage.AlreadyDecided) LinkStatePage.of(approval, grant(ANN, 1), REF)).view()
                .resumption()).as("recorded, not yet handed over").isEqualTo(WorkflowResumption.PENDING);

        approval = apply(approval, InformationalEvents.callbackOutcome(approval, new AuditEntry(
                AuditEventType.CALLBACK_DELIVERED, "countersign:decision", dev.countersign.core.json.Json.object()
                .put("level", 1).put("outcome", "APPROVED").put("attempts", 1))));

        assertThat(((LinkStatePage.AlreadyDecided) LinkStatePage.of(approval, grant(ANN, 1), REF)).view()
                .resumption()).isEqualTo(WorkflowResumption.RESUMED);
    }

    @Test
    void aLateVerdictOnAnApprovalStillPending_fallsBackToTheLinksStatePage() {
        assertThat(LinkStatePage.late(approval, grant("eve@example.com", 1), REF, Verdict.APPROVE, true,
                clock.instant()))
                .isInstanceOf(LinkStatePage.NotValid.class);
    }

    private LinkGrant grant(String recipient, int level) {
        return new LinkGrant(new LinkSecretHash("h".repeat(43)), approval.approvalId().value(), recipient, level,
                approval.level(level).deadline(), approval.createdAt());
    }

    private ApprovalRecord apply(ApprovalRecord before, Transition<?> transition) {
        return written.after(before, transition);
    }
}
