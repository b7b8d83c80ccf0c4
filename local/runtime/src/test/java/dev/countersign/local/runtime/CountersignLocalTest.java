package dev.countersign.local.runtime;

import static dev.countersign.local.runtime.RuntimeUnderTest.APPROVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.approval.ApprovalStatus;
import dev.countersign.local.dynalite.ProjectRoot;
import dev.countersign.local.engine.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** Starting, restarting and refusing to start: what `countersign up` relies on. */
class CountersignLocalTest {
    @TempDir
    Path data;

    /** A port free right now (the web port must stay the same across a restart for old links to work). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static UnaryOperator<LocalOptions.Builder> persistent(int webPort) {
        return options -> options.dynamoDbInMemory(false).webPort(webPort).startExample(true);
    }

    @Test
    void aFreshStart_startsOneExampleRefund_andTheBannerSaysWhatToDoNext() {
        try (RuntimeUnderTest runtime = RuntimeUnderTest.start(data, options -> options.startExample(true))) {
            runtime.idle();
            CountersignLocal.Startup startup = runtime.local.startup();
            assertThat(startup).isInstanceOf(CountersignLocal.Startup.ExampleStarted.class);
            String execution = ((CountersignLocal.Startup.ExampleStarted) startup).executionArn();
            assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
            assertThat(runtime.approval(execution).status()).isEqualTo(ApprovalStatus.PENDING);
            assertThat(runtime.emailsTo(APPROVER)).hasSize(1);

            String banner = CountersignUp.banner(runtime.local);
            assertThat(banner).contains("started fresh", execution)
                    .contains(runtime.local.mailboxUrl().toString())
                    .contains("console         " + runtime.local.consoleUrl())
                    .contains("./countersign pending", "./countersign audit export")
                    .contains(runtime.local.reviewBaseUrl() + "/review/")
                    .contains("aws stepfunctions --endpoint-url " + runtime.local.stepFunctionsEndpoint())
                    .contains("open the mailbox", "Review and decide")
                    // How to start each use case, with this runtime's (free, so not default) endpoints.
                    .contains("./countersign propose payout-workflow examples/proposals/payout.json --endpoint "
                            + runtime.local.stepFunctionsEndpoint() + " --mailbox " + runtime.local.mailboxUrl())
                    .contains("./countersign propose publish-workflow examples/proposals/article.json",
                            "./countersign propose customer-reply-workflow examples/proposals/customer-reply.json",
                            "./countersign propose customer-data-erasure-workflow"
                                    + " examples/proposals/customer-data-erasure.json",
                            "\"Proposal Submitted\"", CountersignLocal.DECISIONS_FILE);
        }
    }

    @Test
    void aRestart_findsThePausedApprovalStillPending_startsNoNewExample_andTheOldLinkStillDecides()
            throws IOException {
        int webPort = freePort();
        ManualClock clock = new ManualClock();
        String execution;
        String link;
        try (RuntimeUnderTest first = RuntimeUnderTest.start(data, clock, persistent(webPort))) {
            first.idle();
            execution = ((CountersignLocal.Startup.ExampleStarted) first.local.startup()).executionArn();
            link = RuntimeUnderTest.reviewLink(first.requestEmail(APPROVER));
            assertThat(first.get(link).statusCode()).isEqualTo(200);
        }
        clock.advance(Duration.ofHours(2));

        try (RuntimeUnderTest second = RuntimeUnderTest.start(data, clock, persistent(webPort))) {
            second.idle();
            assertThat(second.local.startup()).isEqualTo(new CountersignLocal.Startup.Resumed(1));
            assertThat(CountersignUp.banner(second.local)).contains("resumed: 1 execution was still waiting")
                    .contains("no new example was started");
            assertThat(second.local.runningExecutions()).singleElement()
                    .satisfies(e -> assertThat(e.executionArn()).isEqualTo(execution));
            // The mailbox kept the email, and its link (same port, same data) still opens and decides.
            assertThat(second.emailsTo(APPROVER)).hasSize(1);
            assertThat(second.approval(execution).status()).isEqualTo(ApprovalStatus.PENDING);
            assertThat(second.get(link).statusCode()).isEqualTo(200);
            HttpResponse<String> decided = second.decide(RuntimeUnderTest.secretOf(link), "approve", "after a restart");
            assertThat(decided.statusCode()).isEqualTo(200);
            second.idle();
            assertThat(second.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(second.output(execution).at("/result/refund/status").asText()).isEqualTo("ISSUED");
            assertThat(second.auditTypes(second.approval(execution))).containsExactly("REQUESTED", "ROUTED",
                    "NOTIFIED", "VIEWED", "APPROVED", "CALLBACK_DELIVERED");
        }
    }

    @Test
    void aTimeoutThatFellDueWhileStopped_firesWhenTheRuntimeComesBack() throws IOException {
        int webPort = freePort();
        ManualClock clock = new ManualClock();
        String execution;
        try (RuntimeUnderTest first = RuntimeUnderTest.start(data, clock, persistent(webPort))) {
            first.idle();
            execution = ((CountersignLocal.Startup.ExampleStarted) first.local.startup()).executionArn();
        }
        clock.advance(Duration.ofDays(2));

        try (RuntimeUnderTest second = RuntimeUnderTest.start(data, clock, persistent(webPort))) {
            second.idle();
            assertThat(second.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(second.output(execution).at("/decision/outcome").asText()).isEqualTo("TIMED_OUT");
            assertThat(second.approval(execution).status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        }
    }

    @Test
    void aSecondRuntimeOnTheSameData_isRefusedInOneLine() {
        try (RuntimeUnderTest first = RuntimeUnderTest.start(data)) {
            assertThatThrownBy(() -> RuntimeUnderTest.start(data))
                    .isInstanceOfSatisfying(LaunchProblem.class, e -> assertThat(e.exitCode()).isEqualTo(1))
                    .hasMessage("another countersign up is using " + data + ": stop it first (Ctrl-C in its window),"
                            + " or give this one another directory with --data");
            assertThat(first.get(first.local.mailboxUrl().toString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPortInUse_isRefusedInOneLineNamingTheOption_andNothingStaysOpen() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> RuntimeUnderTest.start(data, o -> o.webPort(port)))
                    .isInstanceOf(LaunchProblem.class).hasMessage("port " + port + " (the review pages, the mailbox"
                            + " and the local SES API) is already in use: stop the program using it (another"
                            + " countersign up?), or choose another port with --port");
            assertThatThrownBy(() -> RuntimeUnderTest.start(data, o -> o.enginePort(port)))
                    .isInstanceOf(LaunchProblem.class).hasMessageContaining("port " + port
                            + " (the Step Functions API) is already in use")
                    .hasMessageEndingWith("--engine-port");
            assertThatThrownBy(() -> RuntimeUnderTest.start(data, o -> o.dynamoDbPort(port)))
                    .isInstanceOf(LaunchProblem.class).hasMessage("port " + port + " (DynamoDB, dynalite) is already"
                            + " in use: stop the program using it, or choose another port with --dynamodb-port");
        }
        // Each refusal released what it had opened: the same directory starts now.
        try (RuntimeUnderTest runtime = RuntimeUnderTest.start(data)) {
            assertThat(runtime.local.stateMachines()).contains("approval-gate", "refund-workflow");
        }
    }

    @Test
    void dynaliteNotInstalled_saysToRunNpmCi() throws IOException {
        Path bareClone = Files.createTempDirectory("countersign-no-node-modules");
        Files.createDirectories(bareClone.resolve("statemachines"));
        try (var files = Files.list(ProjectRoot.locate().resolve("statemachines"))) {
            for (Path file : files.toList()) {
                Files.copy(file, bareClone.resolve("statemachines").resolve(file.getFileName()));
            }
        }

        assertThatThrownBy(() -> RuntimeUnderTest.start(data, o -> o.projectRoot(bareClone)))
                .isInstanceOf(LaunchProblem.class)
                .hasMessage("dynalite is not installed in " + bareClone.resolve("node_modules") + ": run `npm ci` in "
                        + bareClone + " (it installs the pinned dynalite 4.0.0)");
    }

    @Test
    void decisionsUrl_takesAUrlOnThisMachine_andRefusesAnyOtherWithWhatToGive() {
        assertThat(CountersignUp.parse("--decisions-url", "http://127.0.0.1:9000/decisions").build().decisionsUrl())
                .hasToString("http://127.0.0.1:9000/decisions");
        assertThatThrownBy(() -> CountersignUp.parse("--decisions-url", "https://hooks.example.com/x"))
                .isInstanceOf(LaunchProblem.class).hasMessageContaining("--decisions-url")
                .hasMessageContaining("http://127.0.0.1:9000/decisions");
    }
}
