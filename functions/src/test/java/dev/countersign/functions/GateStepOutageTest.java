package dev.countersign.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.audit.AnchorPublisher;
import dev.countersign.aws.RetryPolicy;
import dev.countersign.routing.Fallback;
import dev.countersign.routing.Quorum;
import dev.countersign.routing.Route;
import dev.countersign.routing.RouteLevel;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.LocalSes;
import dev.countersign.workflow.CallbackResult;
import dev.countersign.workflow.GateProtocol;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A gate step that meets an outage fails with the error the gate's states retry for minutes — the exception's class
 * name is the error Step Functions sees ({@link GateProtocol#TRANSIENT_ERRORS}) — instead of one that fails the gate.
 */
class GateStepOutageTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();
    static final LocalSes ses = new LocalSes();

    HandlerFixture fixture;
    DynamoDbClient unreachableClient;
    FunctionDependencies storeDown;

    @BeforeEach
    void wire() throws Exception {
        fixture = new HandlerFixture(dynalite, ses);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // closed again: nothing listens there, as during an outage
        }
        unreachableClient = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("l", "l"))).build();
        DynamoDbApprovalStore unreachable = DynamoDbApprovalStore.overSdk(unreachableClient, dynalite.tables(),
                dynalite.auditKey(), fixture.clock, AnchorPublisher.OFF).retrying(RetryPolicy.immediate(2));
        FunctionDependencies deps = fixture.dependencies();
        storeDown = new FunctionDependencies(deps.settings(), unreachable, unreachable, deps.mailer(),
                deps.callback(), deps.clock(), deps.log());
    }

    @AfterEach
    void close() {
        unreachableClient.close();
    }

    @AfterAll
    static void stopSes() {
        ses.close();
    }

    @Test
    void theRequestStep_withTheStoreDown_failsWithStoreUnavailable_andEmailsNobody() {
        ObjectNode payload = fixture.requestPayload(HandlerFixture.newExecutionArn(), HandlerFixture.proposal());
        int mails = ses.mailbox().size();

        assertThatThrownBy(() -> new RequestApprovalHandler(storeDown).handle(payload, "req"))
                .isInstanceOf(Countersign.StoreUnavailable.class)
                .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo(GateProtocol.STORE_UNAVAILABLE));
        assertThat(ses.mailbox().size()).isEqualTo(mails);
    }

    @Test
    void theEscalateStep_withTheStoreDown_failsWithStoreUnavailable_andARetryAfterTheOutageMovesOn() {
        String executionArn = HandlerFixture.newExecutionArn();
        Route route = Route.start("one-level", Quorum.ONE, List.of(), Fallback.REJECTED, List.of(),
                List.of(new RouteLevel(1, List.of(HandlerFixture.APPROVER), List.of(), 3600, 0)));
        fixture.requestHandler().handle(fixture.routedPayload(executionArn, HandlerFixture.proposal(), route), "req");
        fixture.clock.advance(java.time.Duration.ofSeconds(3601));

        assertThatThrownBy(() -> new EscalateHandler(storeDown).handle(HandlerFixture.escalateInput(executionArn,
                route), "esc")).isInstanceOf(Countersign.StoreUnavailable.class);
        // Nothing was written: the approval still waits at its level, and the retry applies the fallback.
        assertThat(fixture.approval(HandlerFixture.approvalId(executionArn)).status().isFinal()).isFalse();
        ObjectNode decision = fixture.escalateHandler().handle(HandlerFixture.escalateInput(executionArn, route),
                "esc-retry");
        assertThat(decision.get("outcome").asText()).isEqualTo("TIMED_OUT");
    }

    @Test
    void theRequestStep_whoseWorkflowServiceIsDown_failsWithWorkflowUnavailable_soTheStepIsRetried() {
        fixture.callback.answerNext(new CallbackResult.Unavailable("ServiceUnavailable", "try later", 3));
        ObjectNode invalid = HandlerFixture.proposal().put("workflow", "");

        assertThatThrownBy(() -> fixture.requestHandler().handle(fixture.requestPayload(
                HandlerFixture.newExecutionArn(), invalid), "req"))
                .isInstanceOf(Countersign.WorkflowUnavailable.class)
                .hasMessageContaining("Countersign.InvalidProposal")
                .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo(GateProtocol.WORKFLOW_UNAVAILABLE));
    }
}
