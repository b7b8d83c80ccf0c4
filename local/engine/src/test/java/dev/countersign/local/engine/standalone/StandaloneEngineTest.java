package dev.countersign.local.engine.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.local.engine.LambdaFunctions;
import dev.countersign.local.engine.api.SfnClients;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;

/** {@code countersign engine}: definitions registered at start, one-line refusals, a clean stop on SIGTERM. */
class StandaloneEngineTest {
    private static final String PASS = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\"${Greeting}\","
            + "\"End\":true}}}";

    @TempDir
    Path work;

    @Test
    void start_registersEveryDefinitionInTheFolder_withSubstitutionsFilled_andServesThem() throws Exception {
        Path definitions = Files.createDirectories(work.resolve("statemachines"));
        Files.writeString(definitions.resolve("hello.asl.json"), PASS);

        try (StandaloneEngine engine = StandaloneEngine.start(options("--definitions", definitions.toString(),
                "--set", "Greeting=hi"), LambdaFunctions.none());
             SfnClient sfn = SfnClients.against(engine.endpoint())) {
            String machine = "arn:aws:states:us-east-1:123456789012:stateMachine:hello";

            assertThat(sfn.listStateMachines(b -> { }).stateMachines()).extracting(StateMachineListItem::name)
                    .containsExactly("hello");
            assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(machine)).definition()).contains("\"hi\"");
            assertThat(engine.banner()).contains("Step Functions API on " + engine.endpoint())
                    .contains("1 state machine loaded (hello)")
                    .contains("aws stepfunctions --endpoint-url " + engine.endpoint());
        }
    }

    @Test
    void restart_withAChangedDefinitionFile_updatesTheStateMachine() throws Exception {
        Path definitions = Files.createDirectories(work.resolve("statemachines"));
        Files.writeString(definitions.resolve("hello.asl.json"), PASS);
        StandaloneEngine.start(options("--definitions", definitions.toString(), "--set", "Greeting=hi"),
                LambdaFunctions.none()).close();

        try (StandaloneEngine engine = StandaloneEngine.start(options("--definitions", definitions.toString(),
                "--set", "Greeting=hello again"), LambdaFunctions.none());
             SfnClient sfn = SfnClients.against(engine.endpoint())) {
            assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(
                    "arn:aws:states:us-east-1:123456789012:stateMachine:hello")).definition())
                    .contains("\"hello again\"");
        }
    }

    @Test
    void start_refusesAnInvalidDefinition_namingTheFile_andLeavesNothingOpen() throws Exception {
        Path definitions = Files.createDirectories(work.resolve("statemachines"));
        Files.writeString(definitions.resolve("broken.asl.json"), "{\"StartAt\":\"Nowhere\",\"States\":{}}");

        assertThatThrownBy(() -> StandaloneEngine.start(options("--definitions", definitions.toString()),
                LambdaFunctions.none()))
                .isInstanceOf(LaunchException.class)
                .hasMessageStartingWith("refusing to start: ")
                .hasMessageContaining("broken.asl.json is not a definition the engine can run");

        // The directory lock was released: another engine can open it at once.
        StandaloneEngine.start(options(), LambdaFunctions.none()).close();
    }

    @Test
    void start_refusesADataDirectoryAnotherEngineHolds_inOneLine() {
        try (StandaloneEngine first = StandaloneEngine.start(options(), LambdaFunctions.none())) {
            assertThatThrownBy(() -> StandaloneEngine.start(options(), LambdaFunctions.none()))
                    .isInstanceOfSatisfying(LaunchException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(1);
                        assertThat(e.getMessage()).startsWith("cannot use the data directory " + work.resolve("data"))
                                .doesNotContain("\n");
                    });
        }
    }

    @Test
    void start_refusesAPortInUse_beforeTouchingTheDataDirectory() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> StandaloneEngine.start(options("--port", String.valueOf(taken.getLocalPort())),
                    LambdaFunctions.none()))
                    .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.getMessage())
                            .isEqualTo("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use: stop the"
                                    + " program using it, or choose another port with --port"));
        }
        assertThat(work.resolve("data")).doesNotExist();
    }

    @Test
    void sigterm_stopsTheProcessCleanly_andReleasesTheDataDirectory() throws Exception {
        Path data = work.resolve("data");
        EngineProcess process = EngineProcess.start(StandaloneEngine.class, work.resolve("engine.log"),
                Duration.ofSeconds(60), "--port", "0", "--data", data.toString());

        process.close(); // Process.destroy(): SIGTERM

        assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
        assertThat(process.output()).contains("countersign engine: stopped; the journal is closed");
        StandaloneEngine.start(options(), LambdaFunctions.none()).close();
    }

    private LaunchOptions options(String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "--port";
        args[1] = "0";
        args[2] = "--data";
        args[3] = work.resolve("data").toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return LaunchOptions.parse(args);
    }
}
