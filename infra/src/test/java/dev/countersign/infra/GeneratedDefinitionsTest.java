package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code statemachines/*.asl.json} are what the stack deploys: the local runtime runs those files, so a file that
 * drifted from the {@link ApprovalGate} construct would be tested locally and never deployed.
 */
class GeneratedDefinitionsTest {
    private static Path committed() {
        return Path.of(System.getProperty(FunctionsJar.ROOT_PROPERTY, "..")).resolve("statemachines");
    }

    @Test
    void committedDefinitions_areWhatTheStackSynthesises() {
        CountersignExamplesStack examples = Synth.examples();
        Map<String, String> generated = GeneratedDefinitions.fromStacks(List.of((CountersignStack)
                examples.service().getNode().getScope(), examples));
        assertThat(generated).containsOnlyKeys(CountersignStack.GATE_WORKFLOW, CountersignStack.REFUND_WORKFLOW,
                "payout-workflow", "publish-workflow", "customer-reply-workflow", "customer-data-erasure-workflow",
                GeneratedDefinitions.EVENT_RULES);
        assertThat(GeneratedDefinitions.differences(committed(), generated))
                .as("statemachines/ is generated from the CDK stack: run " + GeneratedDefinitions.COMMAND
                        + " and commit the files")
                .isEmpty();
    }

    @Test
    void exampleDefinitions_writeWhatTheyImportFromTheCountersignStack_asItsPlaceholders() {
        CountersignExamplesStack examples = Synth.examples();
        String payout = GeneratedDefinitions.fromStacks(List.of((CountersignStack)
                examples.service().getNode().getScope(), examples)).get("payout-workflow");
        assertThat(payout).contains("\"Resource\": \"${RouteFunctionArn}\"")
                .contains("\"FunctionName\": \"${PayoutAgentFunctionArn}\"")
                .contains("\"TableName\": \"${ExampleRecordsTableName}\"")
                .doesNotContain("arn:aws:").doesNotContain("Fn::").doesNotContain("ImportValue");
    }

    @Test
    void generatedDefinitions_leaveEveryDeploymentValueAsAPlaceholder() {
        String gate = GeneratedDefinitions.fromStack(Synth.stack()).get(CountersignStack.GATE_WORKFLOW);
        assertThat(gate).contains("\"Resource\": \"${RouteFunctionArn}\"")
                .contains("\"FunctionName\": \"${RequestFunctionArn}\"")
                .contains("\"Resource\": \"arn:${Partition}:states:::lambda:invoke.waitForTaskToken\"")
                .contains("\"EventBusName\": \"${EventBusArn}\"")
                .doesNotContain("arn:aws:").doesNotContain("Fn::").doesNotContain("Ref=");
    }

    @Test
    void differences_nameEachFileAndWhatIsWrong(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("approval-gate.asl.json"), "{}\n");
        Files.writeString(folder.resolve("old-workflow.asl.json"), "{}\n");
        List<String> problems = GeneratedDefinitions.differences(folder, Map.of("approval-gate", "{\"a\": 1}\n",
                "refund-workflow", "{}\n"));
        assertThat(problems).containsExactlyInAnyOrder(
                folder.resolve("approval-gate.asl.json") + " differs from what the stack synthesises",
                folder.resolve("refund-workflow.asl.json") + " is missing",
                folder.resolve("old-workflow.asl.json") + " is not a workflow of the stack any more");
        GeneratedDefinitions.write(folder, Map.of("approval-gate", "{\"a\": 1}\n", "refund-workflow", "{}\n"));
        assertThat(GeneratedDefinitions.differences(folder, Map.of("approval-gate", "{\"a\": 1}\n",
                "refund-workflow", "{}\n"))).isEmpty();
    }

    @Test
    void render_writesOneMemberPerLine_inReadingOrder() {
        assertThat(GeneratedDefinitions.render("{\"States\":{\"A\":{\"End\":true,\"Type\":\"Pass\"}},"
                + "\"StartAt\":\"A\",\"Comment\":\"c\"}")).isEqualTo("""
                {
                  "Comment": "c",
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Pass",
                      "End": true
                    }
                  }
                }
                """);
    }
}
