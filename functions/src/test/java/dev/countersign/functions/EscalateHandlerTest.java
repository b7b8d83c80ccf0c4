package dev.countersign.functions;

import dev.countersign.testing.TestRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.ChainVerification;
import dev.countersign.core.Decision;
import dev.countersign.core.json.Json;
import dev.countersign.local.ses.CapturedEmail;
import dev.countersign.routing.Fallback;
import dev.countersign.routing.Phase;
import dev.countersign.routing.PhaseKind;
import dev.countersign.routing.Quorum;
import dev.countersign.routing.Route;
import dev.countersign.routing.RouteLevel;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.LocalSes;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Escalate step with the request and decision functions around it, on dynalite and the local SES endpoint: what
 * the gate's ASL does between RequestApproval's timeouts, driven by hand with a movable clock.
 */
class EscalateHandlerTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();
    static final LocalSes ses = new LocalSes();

    HandlerFixture fixture;
    EscalateHandler escalate;
    String lead;
    String cfo;
    String executionArn;

    @BeforeEach
    void wire() {
        fixture = new HandlerFixture(dynalite, ses);
        // Whole seconds, as Step Functions' timers and the store's millisecond timestamps line up then.
        fixture.clock.set(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        escalate = fixture.escalateHandler();
        // Fresh addresses per test: the SES endpoint's mailbox is shared by the class.
        String run = UUID.randomUUID().toString().substring(0, 8);
        lead = "lead-" + run + "@shop.example";
        cfo = "cfo-" + run + "@shop.example";
        executionArn = HandlerFixture.newExecutionArn();
    }

    @AfterAll
    static void stopSes() {
        ses.close();
    }

    /** Level 1 (the lead, 1 h, reminder after 45 min) then level 2 (the CFO, 2 h, no reminder). */
    private Route twoLevels(Fallback fallback) {
        return Route.start("refunds-over-1000", Quorum.ONE, List.of(TestRules.AMOUNT), fallback, List.of(),
                List.of(new RouteLevel(1, List.of(lead), List.of(), 3600, 2700),
                        new RouteLevel(2, List.of(cfo), List.of(), 7200, 0)));
    }

    private ApprovalId request(Route route) {
        return request(route, HandlerFixture.proposal());
    }

    private ApprovalId request(Route route, JsonNode proposal) {
        fixture.requestHandler().handle(fixture.routedPayload(executionArn, proposal, route), "req");
        return HandlerFixture.approvalId(executionArn);
    }

    private Route escalateAfter(Route route) {
        return Route.fromJson(escalate.handle(HandlerFixture.escalateInput(executionArn, route), "esc"));
    }

    private List<CapturedEmail> mailTo(String address) {
        return ses.mailbox().to(address);
    }

    private List<String> subjects(String address) {
        return mailTo(address).stream().map(CapturedEmail::subject).toList();
    }

    @Test
    void remindPhase_remindsOnce_andWaitsForTheRestOfTheLevel_withoutASecondRequestEmail() {
        Route route = twoLevels(Fallback.REJECTED);
        ApprovalId id = request(route);
        fixture.clock.advance(Duration.ofSeconds(2700));

        Route next = escalateAfter(route);
        Route again = escalateAfter(route);
        // RequestApproval is entered again with a new task token for the DEADLINE phase.
        fixture.requestHandler().handle(fixture.routedPayload(executionArn, HandlerFixture.proposal(), next), "req2");

        assertThat(next.phase()).isEqualTo(new Phase(1, PhaseKind.DEADLINE, 900));
        assertThat(again).as("a retried Escalate answers the same").isEqualTo(next);
        assertThat(subjects(lead)).hasSize(2);
        assertThat(subjects(lead).get(0)).startsWith("Approval needed");
        assertThat(subjects(lead).get(1)).startsWith("Reminder (15 minutes left)");
        // The reminder carries a working link of its own (link secrets are stored only as hashes).
        String reminderSecret = fixture.linkSecretFor(lead);
        assertThat(fixture.decisionHandler().handle(HandlerFixture.get(reminderSecret), "g")
                .get("statusCode").asInt()).isEqualTo(200);
        // The reminder's secret and the task tokens never reach a log line.
        assertThat(fixture.logLines()).noneMatch(line -> line.contains(reminderSecret))
                .noneMatch(line -> fixture.tokensHandedOut().stream().anyMatch(line::contains));
        assertThat(fixture.trailTypes(id)).containsSubsequence("REQUESTED", "ROUTED", "NOTIFIED", "REMINDED",
                "NOTIFIED").filteredOn("REMINDED"::equals).hasSize(1);
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void deadlinePhase_timesTheLevelOut_andAsksTheNextLevel_whoIsEmailedThatItWasEscalated() {
        Route route = twoLevels(Fallback.REJECTED);
        ApprovalId id = request(route);
        String levelOneLink = fixture.linkSecretFor(lead);
        fixture.clock.advance(Duration.ofSeconds(2700));
        Route deadline = escalateAfter(route);
        fixture.clock.advance(Duration.ofSeconds(900));

        Route levelTwo = escalateAfter(deadline);
        fixture.requestHandler().handle(fixture.routedPayload(executionArn, HandlerFixture.proposal(), levelTwo),
                "req3");

        assertThat(levelTwo.phase()).isEqualTo(new Phase(2, PhaseKind.DEADLINE, 7200));
        ApprovalRecord approval = fixture.approval(id);
        assertThat(approval.currentLevel()).isEqualTo(2);
        assertThat(approval.level(1).status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(approval.level(2).deadline()).isEqualTo(fixture.clock.instant().plusSeconds(7200));
        assertThat(fixture.trailTypes(id)).containsSubsequence("TIMED_OUT", "ESCALATED", "ROUTED", "NOTIFIED");
        CapturedEmail escalation = mailTo(cfo).get(0);
        assertThat(escalation.subject()).startsWith("Escalated to you");
        assertThat(escalation.text().replaceAll("\\s+", " ")).contains("ESCALATED to you from " + lead + " after 1 hour without a decision",
                "The request has waited 1 hour");
        // The level-1 link no longer decides: it says where the request went.
        ObjectNode page = fixture.decisionHandler().handle(HandlerFixture.approve(levelOneLink), "p");
        assertThat(page.get("statusCode").asInt()).isEqualTo(410);
        assertThat(Jsoup.parse(page.get("body").asText()).text()).contains("escalated", cfo);
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.PENDING);
        // The level-2 recipient decides, and the decision goes to the task token of level 2's wait.
        fixture.decisionHandler().handle(HandlerFixture.approve(fixture.linkSecretFor(cfo)), "d");
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(fixture.callback.successes()).hasSize(1);
        assertThat(fixture.callback.successes().get(0).token().value())
                .isEqualTo(fixture.tokensHandedOut().get(fixture.tokensHandedOut().size() - 1));
        assertThat(fixture.callback.successes().get(0).output().get("level").asInt()).isEqualTo(2);
    }

    @Test
    void lastLevel_appliesTheFallbackRejected_andReturnsANotApprovedDecisionSayingSo() {
        Route route = twoLevels(Fallback.REJECTED);
        ApprovalId id = request(route);
        Route last = route.withPhase(new Phase(2, PhaseKind.DEADLINE, 7200));
        fixture.clock.advance(Duration.ofSeconds(3600));
        escalateAfter(route.withPhase(new Phase(1, PhaseKind.DEADLINE, 900)));
        fixture.clock.advance(Duration.ofSeconds(7200));

        ObjectNode output = escalate.handle(HandlerFixture.escalateInput(executionArn, last), "e");
        ObjectNode retried = escalate.handle(HandlerFixture.escalateInput(executionArn, last), "e2");

        Decision decision = Decision.fromJson(output);
        assertThat(decision.outcome().wireName()).isEqualTo("TIMED_OUT");
        assertThat(decision.approved()).isFalse();
        assertThat(decision.channel().wireName()).isEqualTo("policy");
        assertThat(decision.level()).isEqualTo(2);
        assertThat(output.get("fallback").asText()).isEqualTo("REJECTED");
        assertThat(output.has("phase")).as("no phase: the gate's Choice takes the Decision").isFalse();
        assertThat(retried).isEqualTo(output);
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        AuditEvent applied = fixture.approval(id).auditTrail().stream()
                .filter(e -> e.type().equals("FALLBACK_APPLIED")).findFirst().orElseThrow();
        assertThat(applied.details().get("rule").asText()).isEqualTo("refunds-over-1000");
        assertThat(applied.details().get("policy").asText()).isEqualTo("REJECTED");
        assertThat(fixture.store.verifyChain(id)).get().isInstanceOf(ChainVerification.Intact.class);
    }

    @Test
    void fallbackFailed_failsTheGate_withNoDecision() {
        Route route = Route.start("deletes", Quorum.ONE, List.of(), Fallback.FAILED, List.of(),
                List.of(new RouteLevel(1, List.of(lead), List.of(), 600, 0)));
        ApprovalId id = request(route);
        fixture.clock.advance(Duration.ofSeconds(600));

        ObjectNode output = escalate.handle(HandlerFixture.escalateInput(executionArn, route), "e");

        assertThat(output.at("/failed/error").asText()).isEqualTo("Countersign.NoDecision");
        assertThat(output.at("/failed/cause").asText()).contains(id.value(), "fallback FAILED", "'deletes'");
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(escalate.handle(HandlerFixture.escalateInput(executionArn, route), "e2")).isEqualTo(output);
    }

    @Test
    void fallbackApproved_approvesALowRiskProposalByPolicy_butNeverARiskierOne() {
        Route route = Route.start("low-risk-auto", Quorum.ONE, List.of(), Fallback.APPROVED, List.of(),
                List.of(new RouteLevel(1, List.of(lead), List.of(), 600, 0)));
        ObjectNode lowRisk = HandlerFixture.proposal();
        ((ObjectNode) lowRisk.get("risk")).put("level", "low");
        request(route, lowRisk);
        fixture.clock.advance(Duration.ofSeconds(600));

        Decision approved = Decision.fromJson(escalate.handle(HandlerFixture.escalateInput(executionArn, route), "e"));

        assertThat(approved.outcome().wireName()).isEqualTo("APPROVED");
        assertThat(approved.channel().wireName()).isEqualTo("policy");
        assertThat(approved.decidedBy()).isEqualTo(EscalateHandler.ACTOR);

        // The same rule on a medium-risk proposal (a rules file the loader would refuse): silence does not approve.
        executionArn = HandlerFixture.newExecutionArn();
        request(route, HandlerFixture.proposal());
        fixture.clock.advance(Duration.ofSeconds(600));
        ObjectNode refused = escalate.handle(HandlerFixture.escalateInput(executionArn, route), "e3");
        assertThat(refused.get("outcome").asText()).isEqualTo("TIMED_OUT");
        assertThat(refused.get("fallback").asText()).isEqualTo("REJECTED");
    }

    @Test
    void aLevelDecidedBeforeTheTimer_returnsTheRecordedDecision_andSendsNoReminder() {
        Route route = twoLevels(Fallback.REJECTED);
        ApprovalId id = request(route);
        // The approver decides; the callback loses the race with the REMIND timer (the task already timed out).
        fixture.callback.answerNext(new dev.countersign.workflow.CallbackResult.TaskClosed("TaskTimedOut", "Task Timed Out"));
        fixture.decisionHandler().handle(HandlerFixture.approve(fixture.linkSecretFor(lead)), "d");
        fixture.clock.advance(Duration.ofSeconds(2700));

        ObjectNode output = escalate.handle(HandlerFixture.escalateInput(executionArn, route), "e");

        assertThat(output.get("outcome").asText()).isEqualTo("APPROVED");
        assertThat(output.get("decidedBy").asText()).isEqualTo(lead);
        assertThat(subjects(lead)).noneMatch(s -> s.startsWith("Reminder"));
        assertThat(fixture.trailTypes(id)).doesNotContain("REMINDED", "TIMED_OUT");
    }

    @Test
    void aReminderDueAfterTheDeadline_isNotSent_andTheLevelTimesOutAtOnce() {
        Route route = twoLevels(Fallback.REJECTED);
        ApprovalId id = request(route);
        // The runtime was stopped past the whole level: the REMIND timer fires only now.
        fixture.clock.advance(Duration.ofHours(5));

        Route next = escalateAfter(route);

        assertThat(next.phase().level()).isEqualTo(2);
        assertThat(fixture.trailTypes(id)).doesNotContain("REMINDED").contains("TIMED_OUT", "ESCALATED");
        assertThat(subjects(lead)).noneMatch(s -> s.startsWith("Reminder"));
    }

    @Test
    void aMalformedInput_namesTheField() {
        ObjectNode input = Json.object().put("executionArn", executionArn).put("gate", "refund-approval");
        assertThatThrownBy(() -> escalate.handle(input, "e")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'approval' is missing").hasMessageContaining("\"approval.$\": \"$.approval\"");
        input.set("approval", Json.object().put("version", 1));
        assertThatThrownBy(() -> escalate.handle(input, "e")).hasMessageContaining("is not a route");
    }
}
