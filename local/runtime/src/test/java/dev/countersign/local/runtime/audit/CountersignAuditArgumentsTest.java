package dev.countersign.local.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.local.runtime.cli.CommandProblem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The audit command's command line: every mistake names the option and exits 2 before anything is contacted. */
class CountersignAuditArgumentsTest {
    private static final String ID = "ap_abcdefghijklmnopqrstuvwxyz";
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:refund:run-1";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--frobnicate                  | unknown option '--frobnicate'",
            "--gate                        | --gate needs a value",
            "--anchors                     | --anchors needs a value",
            "--data=                       | --data needs a value",
            "--dynamodb-endpoint nope:8000 | --dynamodb-endpoint 'nope:8000' is not an http(s) URL",
            "--dynamodb-endpoint 'a b'     | --dynamodb-endpoint 'a b' is not a URL",
            "--gate refund                 | --gate goes with an execution ARN",
            "ap_second                     | give one approval id"})
    void parse_namesTheOption_whenItIsWrong(String extra, String message) {
        String[] args = (ID + " " + extra).replace("'a b'", "a\u0000b").split(" ");
        for (int i = 0; i < args.length; i++) {
            args[i] = args[i].replace('\u0000', ' ');
        }

        assertThatThrownBy(() -> CountersignAudit.parse(args))
                .isInstanceOfSatisfying(CommandProblem.class, problem -> {
                    assertThat(problem.getMessage()).contains(message).contains("./countersign audit --help");
                });
    }

    @Test
    void parse_asksWhichApproval_whenNoneIsGiven() {
        assertThatThrownBy(() -> CountersignAudit.parse("--json")).hasMessageContaining("which approval?");
    }

    @Test
    void parse_refusesSomethingThatIsNeitherAnIdNorAnArn() {
        assertThatThrownBy(() -> CountersignAudit.parse("ap_TOO_SHORT"))
                .hasMessageContaining("'ap_TOO_SHORT' is neither an approval id");
    }

    @Test
    void parse_needsTheGate_withAnExecutionArn() {
        assertThatThrownBy(() -> CountersignAudit.parse(ARN)).hasMessageContaining("--gate is missing");
    }

    @Test
    void parse_derivesTheApprovalId_fromTheExecutionArnAndGate() {
        CountersignAudit.Options options = CountersignAudit.parse(ARN, "--gate=refund-approval", "--json");

        assertThat(options.approvalId()).isEqualTo(ApprovalId.forKey(new ApprovalKey(ARN, "refund-approval")).value());
        assertThat(options.json()).isTrue();
    }

    @Test
    void parse_defaultsToTheLocalRuntimesDataAndDynalite() {
        CountersignAudit.Options options = CountersignAudit.parse(ID);

        assertThat(options.data()).isEqualTo(Path.of(".countersign"));
        assertThat(options.dynamoDbEndpoint()).hasToString("http://127.0.0.1:8000");
        assertThat(options.anchors()).isNull();
    }

    @Test
    void requireListening_saysToStartTheRuntime_whenNothingListensOnTheDefaultPort() throws IOException {
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + free);

        assertThatThrownBy(() -> dev.countersign.local.runtime.readers.ReadTarget.requireListening(endpoint, false,
                null))
                .hasMessageContaining("nothing is listening at " + endpoint)
                .hasMessageEndingWith("start ./countersign up first, or give --dynamodb-endpoint");
    }

    @Test
    void run_exits2AndPrintsTheMistake_andHelpExits0() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(CountersignAudit.run(new String[] {ID, "--bogus"}, Map.of(), o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("countersign audit: unknown option '--bogus'");
        assertThat(CountersignAudit.run(new String[] {"--help"}, Map.of(), o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: ./countersign audit <approval-id>");
    }
}
