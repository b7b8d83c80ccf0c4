package dev.countersign.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditEventType;
import dev.countersign.core.Channel;
import dev.countersign.core.Outcome;
import dev.countersign.core.json.Json;
import dev.countersign.testing.ApprovalRequests;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.Written;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of an approval's life on their own: each transition from a state to what a store must write (the next
 * state and the events, in one write) or answer without writing. No store, no I/O.
 */
class ApprovalTransitionsTest {
    private static final String ANN = "ann@example.com";
    private static final String BOB = "bob@example.com";

    private final MutableClock clock = MutableClock.at("2026-11-24T09:00:00Z");
    private final Written written = new Written(clock);

    @Test
    void request_startsPending_atItsLevel_withOneRequestedEvent_andStoresTheTaskToken() {
        NewApproval request = ApprovalRequests.request(clock, "refunds", ANN, BOB);

        Transition.Write<CreateResult> write = ApprovalTransitions.request(request, clock.instant());

        assertThat(write.next().status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(write.next().current().recipients()).extracting(Recipient::approver).containsExactly(ANN, BOB);
        assertThat(write.entries()).extracting(AuditEntry::type).containsExactly(AuditEventType.REQUESTED);
        assertThat(write.token()).isEqualTo(new Transition.TokenChange(1, request.taskToken()));
    }

    @Test
    void request_withADeadlineAlreadyPast_isRefused_sayingWhatToDo() {
        NewApproval request = ApprovalRequests.request(clock, "refunds", ANN);

        assertThatThrownBy(() -> ApprovalTransitions.request(request, request.deadline()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not in the future").hasMessageContaining("give the level time");
    }

    @Test
    void refreshToken_storesARetrysNewToken_withoutAnEvent_butOnlyWhilePendingAtThatLevel() {
        ApprovalRecord approval = created(ANN);
        TaskToken fresh = new TaskToken("token-of-the-retry");

        Transition<CreateResult> pending = ApprovalTransitions.refreshToken(approval, 1, fresh, true);
        Transition<CreateResult> same = ApprovalTransitions.refreshToken(approval, 1, fresh, false);
        Transition<CreateResult> otherLevel = ApprovalTransitions.refreshToken(approval, 2, fresh, true);

        assertThat(pending).isInstanceOfSatisfying(Transition.Write.class, w -> {
            assertThat(w.entries()).isEmpty();
            assertThat(w.token()).isEqualTo(new Transition.TokenChange(1, fresh));
        });
        assertThat(same).isEqualTo(new Transition.Answer<>(new CreateResult.AlreadyExisted(approval)));
        assertThat(otherLevel).isEqualTo(new Transition.Answer<>(new CreateResult.AlreadyExisted(approval)));
    }

    @Test
    void decide_byARecipient_decidesTheLevel_andWritesItsEvent_inOneWrite() {
        ApprovalRecord approval = created(ANN);

        Transition<DecideResult> t = ApprovalTransitions.decide(approval, verdict(approval, ANN, Verdict.APPROVE),
                clock.instant());

        ApprovalRecord after = applied(approval, t);
        assertThat(after.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(after.decision().decidedBy()).isEqualTo(ANN);
        assertThat(after.auditTrail()).extracting(AuditEvent::type).containsExactly("REQUESTED", "APPROVED");
        assertThat(((Transition.Write<DecideResult>) t).result().apply(after)).isInstanceOf(DecideResult.Decided.class);
    }

    @Test
    void decide_onADecidedLevel_answersWhoDecidedWhatAndWhen_withoutWriting() {
        ApprovalRecord decided = created(ANN, BOB);
        decided = applied(decided, ApprovalTransitions.decide(decided, verdict(decided, ANN, Verdict.REJECT),
                clock.instant()));
        clock.advance(Duration.ofMinutes(1));

        Transition<DecideResult> t = ApprovalTransitions.decide(decided, verdict(decided, BOB, Verdict.APPROVE),
                clock.instant());

        assertThat(t).isInstanceOfSatisfying(Transition.Answer.class, a -> assertThat(a.result())
                .isInstanceOfSatisfying(DecideResult.AlreadyDecided.class, already -> {
                    assertThat(already.decidedBy()).isEqualTo(ANN);
                    assertThat(already.outcome()).isEqualTo(Outcome.REJECTED);
                    assertThat(already.decidedAt()).isEqualTo(Instant.parse("2026-11-24T09:00:00Z"));
                }));
    }

    @Test
    void decide_bySomeoneNotAsked_isRefused_andWritesNothing() {
        ApprovalRecord approval = created(ANN);

        Transition<DecideResult> t = ApprovalTransitions.decide(approval,
                verdict(approval, "eve@example.com", Verdict.APPROVE), clock.instant());

        assertThat(t).isInstanceOfSatisfying(Transition.Answer.class, a -> assertThat(a.result())
                .isInstanceOfSatisfying(DecideResult.Refused.class,
                        r -> assertThat(r.refusal()).isEqualTo(DecideResult.Refusal.NOT_A_RECIPIENT)));
    }

    @Test
    void decide_atAQuorumLevel_countsAVote_andDecidesOnlyWhenTheQuorumIsReached() {
        ApprovalRecord approval = applied(null, ApprovalTransitions.request(ApprovalRequests.request(clock,
                "arn:aws:states:eu-west-1:1:execution:wf:quorum", "refunds", 2, ANN, BOB), clock.instant()));

        Transition<DecideResult> first = ApprovalTransitions.decide(approval, verdict(approval, ANN, Verdict.APPROVE),
                clock.instant());
        ApprovalRecord afterFirst = applied(approval, first);
        Transition<DecideResult> second = ApprovalTransitions.decide(afterFirst,
                verdict(afterFirst, BOB, Verdict.APPROVE), clock.instant());
        ApprovalRecord afterSecond = applied(afterFirst, second);

        assertThat(((Transition.Write<DecideResult>) first).result().apply(afterFirst))
                .isInstanceOf(DecideResult.VoteRecorded.class);
        assertThat(afterFirst.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(afterSecond.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(afterSecond.decision().approvers()).containsExactly(ANN, BOB);
    }

    @Test
    void escalate_timesOutTheLevel_andAsksTheNext_withItsTaskToken() {
        ApprovalRecord approval = created(ANN);
        clock.set(approval.current().deadline());
        TaskToken next = new TaskToken("token-of-level-2");

        Transition<ChangeResult> t = ApprovalTransitions.escalate(approval, 1, new NextLevel(List.of(BOB), 1,
                clock.instant().plus(Duration.ofHours(1)), next, null), "countersign:escalate", clock.instant());

        ApprovalRecord after = applied(approval, t);
        assertThat(after.currentLevel()).isEqualTo(2);
        assertThat(after.current().recipients()).extracting(Recipient::approver).containsExactly(BOB);
        assertThat(after.auditTrail()).extracting(AuditEvent::type).endsWith("TIMED_OUT", "ESCALATED");
        assertThat(((Transition.Write<ChangeResult>) t).token()).isEqualTo(new Transition.TokenChange(2, next));
        assertThat(after.escalatedAt(1)).contains(clock.instant());
    }

    @Test
    void timeOut_ofTheLastLevel_endsTimedOut_withTheFallback_andAgainIsAlreadyApplied() {
        ApprovalRecord approval = created(ANN);
        clock.set(approval.current().deadline());

        ApprovalRecord after = applied(approval, ApprovalTransitions.timeOut(approval, 1, Outcome.REJECTED,
                "countersign:escalate", null, clock.instant()));

        assertThat(after.status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(after.decision().fallback()).isEqualTo(Outcome.REJECTED);
        assertThat(after.auditTrail()).extracting(AuditEvent::type).endsWith("TIMED_OUT", "FALLBACK_APPLIED");
        assertThat(ApprovalTransitions.timeOut(after, 1, Outcome.REJECTED, "countersign:escalate", null,
                clock.instant())).isEqualTo(new Transition.Answer<>(new ChangeResult.AlreadyApplied(after)));
    }

    @Test
    void timeOut_withAnApprovingFallback_isRefused_forARiskAboveLow() {
        ApprovalRecord approval = created(ANN);

        // The requests of these tests are medium risk: absence of approval is never approval there.
        assertThatThrownBy(() -> ApprovalTransitions.timeOut(approval, 1, Outcome.APPROVED, "countersign:escalate",
                null, clock.instant())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not allowed");
    }

    @Test
    void cancel_endsTheApproval_recordingWhoAndWhy() {
        ApprovalRecord approval = created(ANN);

        ApprovalRecord after = applied(approval, ApprovalTransitions.cancel(approval, "ops@example.com",
                "order withdrawn", clock.instant()));

        assertThat(after.status()).isEqualTo(ApprovalStatus.CANCELLED);
        assertThat(after.decision().decidedBy()).isEqualTo("ops@example.com");
        assertThat(after.auditTrail()).extracting(AuditEvent::type).endsWith("CANCELLED");
    }

    @Test
    void lateDecision_afterTheEnd_isRecordedAndChangesNothingElse_butNotWhileTheLevelIsPending() {
        ApprovalRecord approval = created(ANN);
        ApprovalRecord cancelled = applied(approval, ApprovalTransitions.cancel(approval, "ops@example.com",
                "order withdrawn", clock.instant()));
        clock.advance(Duration.ofMinutes(5));

        ApprovalRecord after = applied(cancelled, ApprovalTransitions.lateDecision(cancelled, 1, ANN,
                Verdict.APPROVE, "sorry, late", clock.instant()));

        assertThat(after.status()).isEqualTo(ApprovalStatus.CANCELLED);
        assertThat(after.decision()).isEqualTo(cancelled.decision());
        assertThat(after.lastLateDecision(ANN)).contains(clock.instant());
        assertThat(ApprovalTransitions.lateDecision(approval, 1, ANN, Verdict.APPROVE, null, clock.instant()))
                .isInstanceOf(Transition.Answer.class);
    }

    @Test
    void reassign_movesTheRecipientsPlace_andIsRecordedWithWhoAndWhy() {
        ApprovalRecord approval = created(ANN);

        ApprovalRecord after = applied(approval, ApprovalTransitions.reassign(approval, 1, ANN, BOB, ANN,
                "on leave", clock.instant()));

        assertThat(after.current().isRecipient(BOB)).isTrue();
        assertThat(after.current().isRecipient(ANN)).isFalse();
        assertThat(after.lastReassignmentFrom(ANN)).contains(new Reassignment(clock.instant(), ANN, BOB, ANN));
        assertThat(after.lastReassignmentTo(BOB)).isEqualTo(after.lastReassignmentFrom(ANN));
    }

    @Test
    void reassign_toTheRequester_isNotApplicable() {
        ApprovalRecord approval = created(ANN);

        Transition<ChangeResult> t = ApprovalTransitions.reassign(approval, 1, ANN, approval.requester(), ANN,
                "their call", clock.instant());

        assertThat(t).isInstanceOfSatisfying(Transition.Answer.class,
                a -> assertThat(a.result()).isInstanceOf(ChangeResult.NotApplicable.class));
    }

    @Test
    void append_acceptsInformationalEventsOnly() {
        ApprovalRecord approval = created(ANN);

        assertThat(InformationalEvents.append(approval, AuditEntry.of(AuditEventType.REMINDED, "countersign:remind")))
                .isInstanceOf(Transition.Write.class);
        assertThatThrownBy(() -> InformationalEvents.append(approval, AuditEntry.of(AuditEventType.APPROVED, ANN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use decide");
    }

    @Test
    void appendOnce_writesAnEventOncePerTypeActorAndLevel() {
        ApprovalRecord approval = created(ANN);
        AuditEntry viewed = new AuditEntry(AuditEventType.VIEWED, ANN, Json.object().put("level", 1));

        ApprovalRecord after = applied(approval, InformationalEvents.appendOnce(approval, viewed));

        assertThat(after.viewedBy(ANN, 1)).isTrue();
        assertThat(after.viewedBy(ANN, 2)).isFalse();
        assertThat(InformationalEvents.appendOnce(after, viewed))
                .isEqualTo(new Transition.Answer<>(new ChangeResult.AlreadyApplied(after)));
    }

    @Test
    void lateDecision_isRecordedOncePerApproverAndLevel_howeverOftenTheyClick() {
        ApprovalRecord pending = created(ANN);
        ApprovalRecord approval = applied(pending, ApprovalTransitions.timeOut(pending, 1, Outcome.REJECTED,
                "countersign:escalate", clock.instant()));

        ApprovalRecord once = applied(approval, ApprovalTransitions.lateDecision(approval, 1, ANN, Verdict.APPROVE,
                "x".repeat(ApprovalLimits.MAX_COMMENT_CHARS), clock.instant()));

        // A thousand clicks on a stale link are one event: a repeat writes nothing, whatever it says.
        assertThat(ApprovalTransitions.lateDecision(once, 1, ANN, Verdict.REJECT, "changed my mind", clock.instant()))
                .isEqualTo(new Transition.Answer<>(new ChangeResult.AlreadyApplied(once)));
        assertThat(ApprovalTransitions.decide(once, verdict(once, ANN, Verdict.APPROVE), clock.instant()))
                .isEqualTo(new Transition.Answer<>(new DecideResult.TooLate(once, false)));
        assertThat(once.auditTrail()).extracting(AuditEvent::type).filteredOn("LATE_DECISION"::equals).hasSize(1);
    }

    @Test
    void callbackOutcome_settlesALevelOnce_andARetryableFailureIsRecordedOncePerError() {
        ApprovalRecord pending = created(ANN);
        ApprovalRecord decided = applied(pending, ApprovalTransitions.decide(pending, verdict(pending, ANN,
                Verdict.APPROVE), clock.instant()));
        AuditEntry throttled = callback(AuditEventType.CALLBACK_FAILED, Json.object().put("level", 1)
                .put("error", "ThrottlingException").put("final", false));
        AuditEntry delivered = callback(AuditEventType.CALLBACK_DELIVERED, Json.object().put("level", 1)
                .put("outcome", "APPROVED").put("attempts", 1));
        AuditEntry closed = callback(AuditEventType.CALLBACK_FAILED, Json.object().put("level", 1)
                .put("error", "TaskTimedOut").put("final", true));
        assertThat(decided.awaitsCallback()).isTrue();

        ApprovalRecord failedOnce = applied(decided, InformationalEvents.callbackOutcome(decided, throttled));
        assertThat(InformationalEvents.callbackOutcome(failedOnce, throttled)).as("the same failure again")
                .isEqualTo(new Transition.Answer<>(new ChangeResult.AlreadyApplied(failedOnce)));
        assertThat(failedOnce.callbackState(1)).isEqualTo(CallbackState.AWAITED);
        ApprovalRecord settled = applied(failedOnce, InformationalEvents.callbackOutcome(failedOnce, delivered));

        assertThat(settled.callbackState(1)).isEqualTo(CallbackState.DELIVERED);
        assertThat(settled.awaitsCallback()).isFalse();
        // A re-send that finds the task closed cannot add a second, contradicting settlement.
        assertThat(InformationalEvents.callbackOutcome(settled, closed))
                .isEqualTo(new Transition.Answer<>(new ChangeResult.AlreadyApplied(settled)));
        assertThat(settled.auditTrail()).extracting(AuditEvent::type)
                .containsExactly("REQUESTED", "APPROVED", "CALLBACK_FAILED", "CALLBACK_DELIVERED");
    }

    @Test
    void callbackState_tellsAClosedTaskFromOneThatIsGone() {
        ApprovalRecord pending = created(ANN);
        ApprovalRecord decided = applied(pending, ApprovalTransitions.decide(pending, verdict(pending, ANN,
                Verdict.REJECT), clock.instant()));

        ApprovalRecord closed = applied(decided, InformationalEvents.callbackOutcome(decided, callback(
                AuditEventType.CALLBACK_FAILED, Json.object().put("level", 1).put("error", "TaskTimedOut")
                        .put("final", true))));
        ApprovalRecord gone = applied(decided, InformationalEvents.callbackOutcome(decided, callback(
                AuditEventType.CALLBACK_FAILED, Json.object().put("level", 1).put("error", "TaskDoesNotExist")
                        .put("final", true))));

        assertThat(closed.callbackState(1)).isEqualTo(CallbackState.TASK_CLOSED);
        assertThat(gone.callbackState(1)).isEqualTo(CallbackState.TASK_GONE);
        assertThat(closed.awaitsCallback()).isFalse();
        assertThat(gone.awaitsCallback()).isFalse();
    }

    @Test
    void awaitsCallback_onlyForAPersonsDecision_neverForATimeoutOrWhilePending() {
        ApprovalRecord pending = created(ANN);
        ApprovalRecord timedOut = applied(pending, ApprovalTransitions.timeOut(pending, 1, Outcome.REJECTED,
                "countersign:escalate", clock.instant()));

        // The Escalate step returns a timeout's outcome to the workflow itself: no callback waits for it.
        assertThat(pending.awaitsCallback()).isFalse();
        assertThat(timedOut.awaitsCallback()).isFalse();
    }

    @Test
    void essentialEvents_shareTheVotesBudget_repeatableOnesStopAtTheLowerOne() {
        ObjectNode level = Json.object().put("level", 1);
        for (AuditEventType essential : List.of(AuditEventType.ROUTED, AuditEventType.NOTIFIED,
                AuditEventType.NOTIFY_FAILED, AuditEventType.REMINDED, AuditEventType.CALLBACK_DELIVERED)) {
            assertThat(InformationalEvents.budget(new AuditEntry(essential, "countersign:request", level)))
                    .as(essential.name()).isEqualTo(ApprovalLimits.HARD_TRAIL_BYTES);
        }
        assertThat(InformationalEvents.budget(callback(AuditEventType.CALLBACK_FAILED, level.deepCopy()
                .put("final", true)))).isEqualTo(ApprovalLimits.HARD_TRAIL_BYTES);
        assertThat(InformationalEvents.budget(callback(AuditEventType.CALLBACK_FAILED, level.deepCopy()
                .put("final", false)))).isEqualTo(ApprovalLimits.SOFT_TRAIL_BYTES);
        for (AuditEventType repeatable : List.of(AuditEventType.VIEWED, AuditEventType.LATE_DECISION)) {
            assertThat(InformationalEvents.budget(new AuditEntry(repeatable, ANN, level))).as(repeatable.name())
                    .isEqualTo(ApprovalLimits.SOFT_TRAIL_BYTES);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static AuditEntry callback(AuditEventType type, ObjectNode details) {
        return new AuditEntry(type, "countersign:decision", details);
    }

    private ApprovalRecord created(String... recipients) {
        return applied(null, ApprovalTransitions.request(ApprovalRequests.request(clock, "refunds", recipients),
                clock.instant()));
    }

    private static DecisionRequest verdict(ApprovalRecord approval, String approver, Verdict verdict) {
        return new DecisionRequest(approval.approvalId(), approval.currentLevel(), approver, verdict,
                verdict == Verdict.REJECT ? "not this one" : null, Channel.EMAIL_LINK, null);
    }

    private ApprovalRecord applied(ApprovalRecord before, Transition<?> transition) {
        return written.after(before, transition);
    }
}
