package dev.countersign.local.engine.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.local.engine.FsyncPolicy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void parse_givesTheDocumentedDefaults_whenNoOptionIsGiven() {
        LaunchOptions options = LaunchOptions.parse();

        assertThat(options.port()).isEqualTo(8083);
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.dataDirectory()).isEqualTo(Path.of(".countersign/engine"));
        assertThat(options.definitions()).isNull();
        assertThat(options.substitutions()).isEmpty();
        assertThat(options.fsyncPolicy()).isEqualTo(FsyncPolicy.ALWAYS);
        assertThat(options.region()).isEqualTo("us-east-1");
    }

    @Test
    void parse_readsEveryOption_inBothSpacedAndEqualsForms() {
        LaunchOptions options = LaunchOptions.parse("--port", "9000", "--data=/tmp/engine", "--definitions",
                "statemachines", "--set", "RequestFunctionArn=request", "--set=EscalateFunctionArn=arn:aws:x=y",
                "--fsync", "never", "--region", "eu-west-1", "--account-id", "000000000000", "--host", "0.0.0.0");

        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.dataDirectory()).isEqualTo(Path.of("/tmp/engine"));
        assertThat(options.definitions()).isEqualTo(Path.of("statemachines"));
        // The value keeps everything after the first '=' (ARNs and URLs may contain '=').
        assertThat(options.substitutions()).isEqualTo(Map.of("RequestFunctionArn", "request",
                "EscalateFunctionArn", "arn:aws:x=y"));
        assertThat(options.fsyncPolicy()).isEqualTo(FsyncPolicy.NEVER);
        assertThat(options.region()).isEqualTo("eu-west-1");
        assertThat(options.accountId()).isEqualTo("000000000000");
        assertThat(options.host()).isEqualTo("0.0.0.0");
    }

    @Test
    void parse_refusesAPortThatIsNotANumber_withExitCode2() {
        assertThatThrownBy(() -> LaunchOptions.parse("--port", "http"))
                .isInstanceOfSatisfying(LaunchException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("--port 'http' is not a port number").contains("--help");
                });
    }

    @Test
    void parse_refusesAnUnknownOption_namingIt() {
        assertThatThrownBy(() -> LaunchOptions.parse("--prot", "8083"))
                .isInstanceOf(LaunchException.class).hasMessageContaining("unknown option '--prot'");
    }

    @Test
    void parse_refusesAnOptionWithoutItsValue() {
        assertThatThrownBy(() -> LaunchOptions.parse("--data"))
                .isInstanceOf(LaunchException.class).hasMessageContaining("--data needs a value");
    }

    @Test
    void parse_refusesASetWithoutName() {
        assertThatThrownBy(() -> LaunchOptions.parse("--set", "=value"))
                .isInstanceOf(LaunchException.class).hasMessageContaining("is not Name=value");
    }

    @Test
    void parse_refusesAnUnknownFsyncPolicy() {
        assertThatThrownBy(() -> LaunchOptions.parse("--fsync", "sometimes"))
                .isInstanceOf(LaunchException.class).hasMessageContaining("must be always or never");
    }

    @Test
    void help_isAnExitCodeZeroMessage_withTheUsage() {
        assertThatThrownBy(() -> LaunchOptions.parse("--help"))
                .isInstanceOfSatisfying(LaunchException.class, e -> {
                    assertThat(e.exitCode()).isZero();
                    assertThat(e.getMessage()).startsWith("usage: countersign engine");
                });
    }
}
