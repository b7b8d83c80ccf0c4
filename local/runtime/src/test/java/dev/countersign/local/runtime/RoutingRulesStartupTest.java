package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import dev.countersign.functions.RouteDependencies;
import dev.countersign.local.dynalite.ProjectRoot;
import dev.countersign.routing.Route;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code countersign up} and the routing rules file: loaded by default, checked before anything starts. */
class RoutingRulesStartupTest {
    private static final String INVALID = """
            {"version": 1,
             "teams": [{"name": "finance", "members": []}],
             "rules": [{"name": "big-refunds", "when": "action.params.amount >", "teams": ["finanse"]}],
             "default": {"approvers": ["approver@example.com"], "fallback": "APPROVED"}}""";

    @TempDir
    Path directory;

    @Test
    void up_refusesAnInvalidRulesFile_withOneLineAndEveryProblem_beforeOpeningAnything() throws Exception {
        Path rules = directory.resolve("routing.json");
        Files.writeString(rules, INVALID);
        Path data = directory.resolve("data");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = CountersignUp.run(new String[] {"--routing", rules.toString(), "--data", data.toString(),
                "--port", "0", "--engine-port", "0", "--dynamodb-port", "0"}, CountersignFunctions::create,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("\n",
                "countersign up: the routing rules in " + rules + " are invalid (4 problems); fix them and try again:",
                "  $.default.fallback: APPROVED is refused on the default rule: it would approve proposals of any"
                        + " risk when nobody answers — use REJECTED or FAILED here, and put auto-approval in a rule"
                        + " with \"riskLevels\": [\"low\"]",
                "  $.rules[0].teams[0]: names the team \"finanse\", which is not defined under \"teams\"; did you"
                        + " mean \"finance\"? (defined: finance)",
                "  $.rules[0].when: is not valid JSONata: Unexpected end of expression (JSONata S0207, at character"
                        + " 22) — check the quotes and brackets (write strings in single quotes inside the JSON"
                        + " string: workflow = 'refunds')",
                "  $.teams[0].members: the team \"finance\" has no members: add at least one address, or remove the"
                        + " team and the rules' references to it") + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        // Checked first: no data directory, no lock, no port, no dynalite.
        assertThat(data).doesNotExist();
    }

    @Test
    void up_refusesAMissingRulesFile_namingIt() {
        Path missing = directory.resolve("nowhere.json");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = CountersignUp.run(new String[] {"--routing", missing.toString(), "--data",
                directory.resolve("data").toString()}, CountersignFunctions::create, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("countersign up: the routing rules in " + missing
                + " are invalid (1 problem); fix it and try again:\n  $: cannot be read: there is no file " + missing);
    }

    @Test
    void up_loadsTheProjectRulesFileByDefault_andAnotherOneWithRouting() {
        assertThat(CountersignUp.parse().build().routingFile())
                .isEqualTo(ProjectRoot.locate().resolve("config/routing.json"));
        assertThat(CountersignUp.parse("--routing", "other.json").build().routingFile())
                .isEqualTo(Path.of("other.json").toAbsolutePath());
        assertThatThrownBy(() -> CountersignUp.parse("--routing")).isInstanceOfSatisfying(LaunchProblem.class,
                e -> assertThat(e.exitCode()).isEqualTo(2)).hasMessageContaining("--routing needs a value");
        // The composition root used by tests loads no rules unless asked: the hints-or-default behaviour.
        assertThat(LocalOptions.builder().build().routingFile()).isNull();
    }

    @Test
    void theRuntime_givesTheRouteFunctionTheRulesFile_asADeployedFunctionWouldGetIt() throws Exception {
        Path rules = ProjectRoot.locate().resolve("config/routing.json");
        try (RuntimeUnderTest runtime = RuntimeUnderTest.start(directory.resolve("data"),
                options -> options.routingFile(rules))) {
            assertThat(runtime.local.environment()).containsEntry(RouteDependencies.ROUTING_FILE,
                    rules.toAbsolutePath().toString());
            ObjectNode order = RuntimeUnderTest.order("ORD-7");
            order.put("amount", new java.math.BigDecimal("2500.00"));
            JsonNode proposal = runtime.local.functions().get(Functions.REFUND_AGENT).invoke(order);
            ObjectNode input = Json.object().put("executionArn", "arn:aws:states:us-east-1:123456789012:execution:x:y")
                    .put("gate", "refund-approval");
            input.set("proposal", proposal);

            Route route = Route.fromJson(runtime.local.functions().get(Functions.ROUTE).invoke(input));

            assertThat(route.rule()).isEqualTo("refunds-over-1000");
            assertThat(route.level(2).recipients()).containsExactly("cfo@shop.example");
        }
    }
}
