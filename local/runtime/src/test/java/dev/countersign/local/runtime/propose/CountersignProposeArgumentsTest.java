package dev.countersign.local.runtime.propose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.example.ExampleWorkflow;
import dev.countersign.local.runtime.cli.CommandProblem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The propose command's command line, parsed as every command's is ({@code readers.Arguments}): each mistake names the
 * option and says where the options are listed, exit 2, before anything is read or contacted.
 */
class CountersignProposeArgumentsTest {
    private static final String ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:cs-payout-workflow";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--frobnicate                            | unknown option '--frobnicate'",
            "--timeout                               | --timeout needs a value",
            "--name=                                 | --name needs a value",
            "--name a --name b                       | --name is given twice",
            "--wait=yes                              | --wait takes no value",
            "--timeout 5m                            | --timeout goes with --wait",
            "--wait --timeout soon                   | --timeout 'soon' is not a duration",
            "--endpoint localhost                    | --endpoint 'localhost' is not an http(s) URL",
            "--state-machine-arn arn:aws:s3:::bucket | is not a state machine ARN",
            "--state-machine-arn " + ARN + " --mailbox http://127.0.0.1:8080/mailbox | drop --endpoint and --mailbox",
            "extra.json                              | give a workflow and one proposal file"})
    void parse_namesTheOption_whenItIsWrong(String extra, String message) {
        String[] args = ("payout-workflow examples/proposals/payout.json " + extra).split(" ");
        assertThatThrownBy(() -> CountersignPropose.parse(args))
                .isInstanceOfSatisfying(CommandProblem.class, problem -> {
                    assertThat(problem.exitCode()).isEqualTo(2);
                    assertThat(problem.getMessage()).contains(message).endsWith(
                            "(run ./countersign propose --help for the options)");
                });
    }

    @Test
    void parse_readsEveryOption_inEitherSpelling() {
        CountersignPropose.Options options = CountersignPropose.parse("payout-workflow", "-", "--wait",
                "--timeout=90s", "--name", "run-1", "--endpoint=http://127.0.0.1:9083");
        assertThat(options.workflow()).isEqualTo("payout-workflow");
        assertThat(options.file()).isNull();
        assertThat(options.waitForDecision()).isTrue();
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.name()).isEqualTo("run-1");
        assertThat(options.target().endpoint()).hasToString("http://127.0.0.1:9083");
        assertThat(CountersignPropose.parse("payout-workflow", "p.json", "--state-machine-arn", ARN).target()
                .stateMachineArn()).isEqualTo(ARN);
    }

    @Test
    void help_goesToStandardOutput_withExitZero_andAMistakeToStandardErrorWithTheCommandName() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int help = CountersignPropose.run(new String[] {"--help"}, Path.of("."), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(help).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(CountersignPropose.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();

        int mistake = CountersignPropose.run(new String[] {"payout-workflow", "--bogus"}, Path.of("."),
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(mistake).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("countersign propose: unknown option '--bogus'");
    }

    @Test
    void help_isTheLaunchersFile_andNamesEveryWorkflowItsShortNameAndTheDefaults() {
        // The launcher prints propose-usage.txt with cat (no build); this keeps that file true to the code.
        String usage = CountersignPropose.USAGE;
        for (ExampleWorkflow example : ExampleWorkflow.values()) {
            String machine = example.stateMachine();
            assertThat(usage).as(machine).contains(machine);
            assertThat(CountersignPropose.Workflow.named(machine.replaceFirst("-workflow$", "")).name())
                    .isEqualTo(machine);
        }
        assertThat(usage).contains(CountersignPropose.Workflow.GATE, ExampleWorkflow.SAMPLES + "/*.json",
                CountersignPropose.Target.DEFAULT_ENDPOINT, CountersignPropose.Target.DEFAULT_MAILBOX);
        assertThat(usage.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(120));
    }
}
