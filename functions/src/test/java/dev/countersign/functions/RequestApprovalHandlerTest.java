package dev.countersign.functions;

import static dev.countersign.testing.HandlerFixture.APPROVER;
import static dev.countersign.testing.HandlerFixture.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.ChainVerification;
import dev.countersign.core.Channel;
import dev.countersign.core.Proposal;
import dev.countersign.core.json.Json;
import dev.countersign.local.ses.CapturedEmail;
import dev.countersign.local.ses.SesFailure;
import dev.countersign.routing.GateApprovers;
import dev.countersign.routing.HintRouting;
import dev.countersign.routing.Route;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.LocalSes;
import dev.countersign.testing.RecordingWorkflowCallback;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestApprovalHandlerTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();
    static final LocalSes ses = new LocalSes();

    HandlerFixture fixture;

    @BeforeEach
    void wire() {
        fixture = new HandlerFixture(dynalite, ses);
    }

    @AfterAll
    static void stopSes() {
        ses.close();
    }

    @Test
    void validProposal_isStoredRoutedAndEmailed_andTheTaskKeepsWaiting() {
        String arn = HandlerFixture.newExecutionArn();
        ObjectNode payload = fixture.requestPayload(arn, HandlerFixture.proposal());
        String token = payload.get("taskToken").asText();

        ObjectNode summary = fixture.requestHandler().handle(payload, "req-1");

        ApprovalId id = HandlerFixture.approvalId(arn);
        assertThat(summary.get("status").asText()).isEqualTo("waiting");
        assertThat(summary.get("approvalId").asText()).isEqualTo(id.value());
        assertThat(summary.get("notified").asInt()).isEqualTo(1);
        ApprovalRecord approval = fixture.approval(id);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(fixture.trailTypes(id)).containsExactly("REQUESTED", "ROUTED", "NOTIFIED");
        AuditEvent routed = approval.auditTrail().get(1);
        assertThat(routed.details().get("rule").asText()).isEqualTo("routing-hints");
        assertThat(routed.details().get("recipients").get(0).asText()).isEqualTo(APPROVER);
        AuditEvent notified = approval.auditTrail().get(2);
        CapturedEmail email = ses.mailbox().to(APPROVER).get(ses.mailbox().to(APPROVER).size() - 1);
        assertThat(notified.details().get("messageId").asText()).isEqualTo(email.messageId());
        assertThat(email.from()).isEqualTo(HandlerFixture.SENDER);
        assertThat(email.subject()).startsWith("Approval needed: Refund EUR 120.00 to order 4711");
        assertThat(email.text()).contains(HandlerFixture.BASE_URL + "/review/" + fixture.linkSecretFor(APPROVER));
        // The token goes to the store only: never into an email.
        assertThat(email.html()).doesNotContain(token);
        assertThat(email.text()).doesNotContain(token);
        assertThat(fixture.store.taskTokenForCallback(id, 1).orElseThrow().value()).isEqualTo(token);
        assertThat(fixture.callback.calls()).isEmpty();
        assertThat(approval.level(1).deadline()).isEqualTo(fixture.clock.instant().plusSeconds(86400)
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(fixture.store.verifyChain(id)).containsInstanceOf(ChainVerification.Intact.class);
    }

    @Test
    void retriedInvocation_sendsNoSecondEmail_butKeepsTheNewestToken() {
        String arn = HandlerFixture.newExecutionArn();
        ObjectNode first = fixture.requestPayload(arn, HandlerFixture.proposal());
        ObjectNode retry = fixture.requestPayload(arn, HandlerFixture.proposal());
        int before = ses.mailbox().to(APPROVER).size();

        fixture.requestHandler().handle(first, "req-1");
        ObjectNode again = fixture.requestHandler().handle(retry, "req-2");

        ApprovalId id = HandlerFixture.approvalId(arn);
        assertThat(ses.mailbox().to(APPROVER)).hasSize(before + 1);
        assertThat(again.get("notified").asInt()).isZero();
        assertThat(again.get("alreadyNotified").asInt()).isEqualTo(1);
        // One REQUESTED, one ROUTED, one NOTIFIED: the retry adds nothing to the trail.
        assertThat(fixture.trailTypes(id)).containsExactly("REQUESTED", "ROUTED", "NOTIFIED");
        // Step Functions issues a token per attempt; the decision must go to the attempt that is waiting.
        assertThat(fixture.store.taskTokenForCallback(id, 1).orElseThrow().value())
                .isEqualTo(retry.get("taskToken").asText());
    }

    @Test
    void retryAfterAFailedEmail_emailsOnlyTheRecipientStillMissingIt() {
        String arn = HandlerFixture.newExecutionArn();
        ObjectNode proposal = HandlerFixture.proposalFor("ann@shop.example", "bob@shop.example");
        fixture.withSettings(fixture.settings().withRetries(dev.countersign.aws.RetryPolicy.immediate(1),
                dev.countersign.aws.RetryPolicy.immediate(1)));
        ses.endpoint().failNextSends(1, SesFailure.INTERNAL);

        fixture.requestHandler().handle(fixture.requestPayload(arn, proposal), "req-1");
        fixture.requestHandler().handle(fixture.requestPayload(arn, proposal), "req-2");

        assertThat(ses.mailbox().to("ann@shop.example")).hasSize(1);
        assertThat(ses.mailbox().to("bob@shop.example")).hasSize(1);
        assertThat(fixture.trailTypes(HandlerFixture.approvalId(arn)))
                .containsExactly("REQUESTED", "ROUTED", "NOTIFY_FAILED", "NOTIFIED", "NOTIFIED");
    }

    @Test
    void invalidProposal_failsTheTaskWithEveryViolation_andWritesAndSendsNothing() {
        String arn = HandlerFixture.newExecutionArn();
        ObjectNode proposal = HandlerFixture.proposal();
        proposal.remove("reasoning");
        ((ObjectNode) proposal.get("risk")).put("level", "High");
        ObjectNode payload = fixture.requestPayload(arn, proposal);
        int mails = ses.mailbox().size();

        ObjectNode summary = fixture.requestHandler().handle(payload, "req-1");

        assertThat(summary.get("status").asText()).isEqualTo("invalid-proposal");
        RecordingWorkflowCallback.Call failure = fixture.callback.failures().get(0);
        assertThat(failure.error()).isEqualTo("Countersign.InvalidProposal");
        assertThat(failure.token().value()).isEqualTo(payload.get("taskToken").asText());
        JsonNode cause = Json.parse(failure.cause());
        assertThat(cause.get("violations").findValuesAsText("path")).contains("$.reasoning", "$.risk.level");
        assertThat(fixture.store.get(HandlerFixture.approvalId(arn))).isEmpty();
        assertThat(ses.mailbox().size()).isEqualTo(mails);
    }

    @Test
    void noApproverAnywhere_failsTheTaskWithNoRoute_namingTheWorkflowAndWhatToSet() {
        ObjectNode proposal = HandlerFixture.proposal();
        proposal.remove("routing");
        String arn = HandlerFixture.newExecutionArn();

        fixture.requestHandler().handle(fixture.requestPayload(arn, proposal), "req-1");

        RecordingWorkflowCallback.Call failure = fixture.callback.failures().get(0);
        assertThat(failure.error()).isEqualTo("Countersign.NoRoute");
        assertThat(failure.cause()).contains("'refunds'").contains("COUNTERSIGN_DEFAULT_APPROVERS")
                .contains("routing.approvers");
        assertThat(fixture.store.get(HandlerFixture.approvalId(arn))).isEmpty();
    }

    @Test
    void withoutRoutingHints_theDefaultApproversAreAsked() {
        fixture.withSettings(fixture.settings().withDefaultApprovers(List.of("kim@shop.example")));
        ObjectNode proposal = HandlerFixture.proposal();
        proposal.remove("routing");

        ApprovalId id = fixture.requestApproval(proposal);

        ApprovalRecord approval = fixture.approval(id);
        assertThat(approval.level(1).isRecipient("kim@shop.example")).isTrue();
        assertThat(approval.auditTrail().get(1).details().get("rule").asText()).isEqualTo("default");
        assertThat(ses.mailbox().to("kim@shop.example")).isNotEmpty();
    }

    @Test
    void theRequesterAndTheProposingAgent_areNeverAsked_evenWhenTheHintsNameThem() {
        ObjectNode proposal = HandlerFixture.proposalFor("Dana@Shop.example", "bot@agents.shop.example",
                "max@shop.example");
        ((ObjectNode) proposal.get("proposedBy")).put("agent", "bot@agents.shop.example");

        ApprovalId id = fixture.requestApproval(proposal);

        ApprovalRecord approval = fixture.approval(id);
        assertThat(approval.level(1).recipients()).extracting(r -> r.approver()).containsExactly("max@shop.example");
        // Separation of duties is visible in the trail, not a silent drop.
        assertThat(approval.auditTrail().get(1).details().get("excluded").toString())
                .isEqualTo("[\"" + REQUESTER + "\",\"bot@agents.shop.example\"]");
    }

    @Test
    void hintsNamingOnlyTheRequester_failWithNoRoute() {
        String arn = HandlerFixture.newExecutionArn();

        fixture.requestHandler().handle(fixture.requestPayload(arn, HandlerFixture.proposalFor(REQUESTER)), "r");

        assertThat(fixture.callback.failures()).singleElement()
                .satisfies(f -> assertThat(f.cause()).contains("may not approve their own proposal"));
    }

    @Test
    void sesFailingTwiceThenSucceeding_sendsOneEmail_andRecordsTwoFailedAttempts() {
        ObjectNode proposal = HandlerFixture.proposalFor("flaky@shop.example");
        ses.endpoint().failNextSends(2, SesFailure.THROTTLED);

        ApprovalId id = fixture.requestApproval(proposal);

        assertThat(ses.mailbox().to("flaky@shop.example")).hasSize(1);
        ApprovalRecord approval = fixture.approval(id);
        assertThat(fixture.trailTypes(id))
                .containsExactly("REQUESTED", "ROUTED", "NOTIFY_FAILED", "NOTIFY_FAILED", "NOTIFIED");
        assertThat(approval.auditTrail().get(2).details().get("error").asText())
                .isEqualTo("TooManyRequestsException");
        assertThat(approval.auditTrail().get(4).details().get("attempt").asInt()).isEqualTo(3);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(fixture.callback.calls()).isEmpty();
    }

    @Test
    void sesFailingAlways_failsTheTaskWithNotificationFailed_andTheRecordSaysSo() {
        ObjectNode proposal = HandlerFixture.proposalFor("down@shop.example");
        ses.endpoint().failNextSends(4, SesFailure.INTERNAL);
        String arn = HandlerFixture.newExecutionArn();

        ObjectNode summary = fixture.requestHandler().handle(fixture.requestPayload(arn, proposal), "r");

        ApprovalId id = HandlerFixture.approvalId(arn);
        assertThat(summary.get("status").asText()).isEqualTo("notification-failed");
        assertThat(ses.mailbox().to("down@shop.example")).isEmpty();
        ApprovalRecord approval = fixture.approval(id);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.CANCELLED);
        assertThat(approval.decision().comment()).startsWith("notification failed");
        assertThat(fixture.trailTypes(id)).containsExactly("REQUESTED", "ROUTED", "NOTIFY_FAILED", "NOTIFY_FAILED",
                "NOTIFY_FAILED", "NOTIFY_FAILED", "CANCELLED");
        RecordingWorkflowCallback.Call failure = fixture.callback.failures().get(0);
        assertThat(failure.error()).isEqualTo("Countersign.NotificationFailed");
        assertThat(failure.cause()).contains("down@shop.example").contains("after 4 attempts")
                .contains("COUNTERSIGN_SENDER");
    }

    @Test
    void sesRejectingTheMessage_isNotRetried() {
        ses.endpoint().failNextSends(1, SesFailure.REJECTED);
        String arn = HandlerFixture.newExecutionArn();

        fixture.requestHandler().handle(fixture.requestPayload(arn,
                HandlerFixture.proposalFor("unverified@shop.example")), "r");

        // A refused message fails the same way again: one attempt, then the task fails.
        assertThat(fixture.trailTypes(HandlerFixture.approvalId(arn)))
                .containsExactly("REQUESTED", "ROUTED", "NOTIFY_FAILED", "CANCELLED");
        assertThat(fixture.callback.failures()).singleElement()
                .satisfies(f -> assertThat(f.cause()).contains("MessageRejected").contains("after 1 attempt"));
    }

    @Test
    void retryAfterTheApprovalWasDecided_handsTheRecordedDecisionToTheNewAttempt() {
        String arn = HandlerFixture.newExecutionArn();
        fixture.requestHandler().handle(fixture.requestPayload(arn, HandlerFixture.proposal()), "r1");
        ApprovalId id = HandlerFixture.approvalId(arn);
        fixture.store.decide(new DecisionRequest(id, 1, APPROVER, Verdict.APPROVE, null, Channel.EMAIL_LINK, null));
        ObjectNode retry = fixture.requestPayload(arn, HandlerFixture.proposal());

        ObjectNode summary = fixture.requestHandler().handle(retry, "r2");

        assertThat(summary.get("status").asText()).isEqualTo("already-approved");
        RecordingWorkflowCallback.Call success = fixture.callback.successes().get(0);
        assertThat(success.token().value()).isEqualTo(retry.get("taskToken").asText());
        assertThat(success.output().get("outcome").asText()).isEqualTo("APPROVED");
        assertThat(success.output().get("decidedBy").asText()).isEqualTo(APPROVER);
    }

    @Test
    void enteredTime_makesTheLinksExpireExactlyWhenTheTaskTimesOut() {
        String arn = HandlerFixture.newExecutionArn();
        ObjectNode payload = fixture.requestPayload(arn, HandlerFixture.proposal());
        Instant entered = fixture.clock.instant().minusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        payload.put("enteredTime", entered.toString());

        fixture.requestHandler().handle(payload, "r");

        assertThat(fixture.approval(HandlerFixture.approvalId(arn)).level(1).deadline())
                .isEqualTo(entered.plus(Duration.ofSeconds(86400)));
    }

    @Test
    void throughTheLambdaStreamInterface_theSummaryIsWrittenAsJson() throws Exception {
        ObjectNode payload = fixture.requestPayload(HandlerFixture.newExecutionArn(), HandlerFixture.proposal());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        fixture.requestHandler().handleRequest(new ByteArrayInputStream(Json.write(payload)
                .getBytes(StandardCharsets.UTF_8)), out, null);

        assertThat(Json.parse(out.toString(StandardCharsets.UTF_8)).get("status").asText()).isEqualTo("waiting");
    }

    static Stream<Arguments> brokenPayloads() {
        return Stream.of(
                Arguments.of("taskToken", (Consumer<ObjectNode>) p -> p.remove("taskToken")),
                Arguments.of("executionArn", (Consumer<ObjectNode>) p -> p.put("executionArn", "refund-1")),
                Arguments.of("gate", (Consumer<ObjectNode>) p -> p.put("gate", " ")),
                Arguments.of("level", (Consumer<ObjectNode>) p -> p.put("level", 0)),
                Arguments.of("level", (Consumer<ObjectNode>) p -> p.put("level", "1")),
                Arguments.of("timeoutSeconds", (Consumer<ObjectNode>) p -> p.remove("timeoutSeconds")),
                Arguments.of("timeoutSeconds", (Consumer<ObjectNode>) p -> p.put("timeoutSeconds", 1.5)),
                Arguments.of("proposal", (Consumer<ObjectNode>) p -> p.remove("proposal")),
                Arguments.of("enteredTime", (Consumer<ObjectNode>) p -> p.put("enteredTime", "yesterday")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenPayloads")
    void malformedPayload_failsTheInvocation_namingTheField_withoutTheToken(String field,
                                                                           Consumer<ObjectNode> breakIt) {
        ObjectNode payload = fixture.requestPayload(HandlerFixture.newExecutionArn(), HandlerFixture.proposal());
        String token = payload.get("taskToken").asText();
        breakIt.accept(payload);

        assertThatThrownBy(() -> fixture.requestHandler().handle(payload, "r"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + field + "'")
                .hasMessageContaining("Payload")
                // The runtime prints the message: it must never carry the token.
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
        assertThat(fixture.callback.calls()).isEmpty();
    }

    @Test
    void aRouteMadeFromTheGatesApprovers_isFollowed_andRecordedWithRuleGate() {
        String arn = HandlerFixture.newExecutionArn();
        ObjectNode proposal = HandlerFixture.proposalFor("zed@shop.example");
        Route route = (Route) new GateApprovers(List.of("Gina@Shop.example"), 3600).route(
                Proposal.fromJson(proposal), "refund-approval", fixture.clock.instant(),
                new HintRouting(List.of(), 86_400));

        fixture.requestHandler().handle(fixture.routedPayload(arn, proposal, route), "req-1");

        AuditEvent routed = fixture.approval(HandlerFixture.approvalId(arn)).auditTrail().get(1);
        assertThat(routed.details().get("rule").asText()).isEqualTo(GateApprovers.RULE);
        // A hint may pick among the gate's approvers but never add someone the workflow's owner did not name.
        assertThat(routed.details().get("recipients")).extracting(JsonNode::asText).containsExactly("gina@shop.example");
        assertThat(ses.mailbox().to("gina@shop.example")).hasSize(1);
        assertThat(ses.mailbox().to("zed@shop.example")).isEmpty();
    }

    @Test
    void gateApproversInTheRequestPayload_failTheInvocation_pointingAtTheRouteStep() {
        ObjectNode payload = fixture.requestPayload(HandlerFixture.newExecutionArn(), HandlerFixture.proposal());
        payload.putArray("approvers").add("ivy@shop.example");

        // Recipients come only from the route: silently ignoring the field would ask someone the owner did not name.
        assertThatThrownBy(() -> fixture.requestHandler().handle(payload, "req-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payload field 'approvers' is not read here")
                .hasMessageContaining("Route step's Parameters");
        assertThat(fixture.callback.calls()).isEmpty();
        assertThat(ses.mailbox().to("ivy@shop.example")).isEmpty();
    }
}
