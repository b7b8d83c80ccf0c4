package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Task state and the IAM statements that docs/gate-forms.md and the README tell a team to copy stay true. */
class GateFormsDocsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path root() {
        return Path.of(System.getProperty(FunctionsJar.ROOT_PROPERTY, ".."));
    }

    private static List<String> jsonBlocks(String file) throws Exception {
        Matcher block = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(root().resolve(file), StandardCharsets.UTF_8));
        List<String> blocks = new ArrayList<>();
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }

    /** The example the equivalence test runs: the docs' Task state must be the one that works. */
    private static JsonNode testedTask() throws Exception {
        return JSON.readTree(Files.readString(root().resolve(GateFormsEquivalenceTest.NESTED_EXAMPLE)))
                .path("States").path("Approve");
    }

    @Test
    void theTaskStateToCopy_isTheTestedExamplesTask() throws Exception {
        JsonNode tested = testedTask();
        for (String file : List.of("docs/gate-forms.md", "README.md")) {
            JsonNode documented = blocks(file).stream().filter(b -> b.has("Approve")).findFirst()
                    .orElseThrow(() -> new AssertionError(file + " shows no \"Approve\" Task state")).path("Approve");
            assertThat(documented.path("Resource").asText()).as(file).endsWith(":states:::states:startExecution.sync:2");
            assertThat(documented.path("Parameters").path("Name.$")).as(file)
                    .isEqualTo(tested.path("Parameters").path("Name.$"));
            assertThat(documented.path("Parameters").path("Input").path("AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$"))
                    .as(file).isEqualTo(tested.path("Parameters").path("Input")
                            .path("AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$"));
            assertThat(documented.path("ResultSelector")).as(file).isEqualTo(tested.path("ResultSelector"));
            assertThat(documented.path("ResultPath")).as(file).isEqualTo(tested.path("ResultPath"));
        }
    }

    @Test
    void theCallersIamStatements_areWhatAllowNestedInGrants() throws Exception {
        JsonNode statements = blocks("docs/gate-forms.md").stream().filter(JsonNode::isArray).findFirst()
                .orElseThrow(() -> new AssertionError("docs/gate-forms.md shows no IAM statements"));
        List<String> documented = new ArrayList<>();
        statements.forEach(s -> documented.add(s.path("Action").toString()));
        assertThat(documented).containsExactly("\"states:StartExecution\"",
                "[\"states:DescribeExecution\",\"states:StopExecution\"]",
                "[\"events:PutTargets\",\"events:PutRule\",\"events:DescribeRule\"]");
        assertThat(statements.get(2).path("Resource").asText())
                .endsWith(":rule/" + ApprovalGateWorkflow.SYNC_EVENTS_RULE);
    }

    private static List<JsonNode> blocks(String file) throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        for (String block : jsonBlocks(file)) {
            String text = block.strip();
            // A state shown on its own ("Approve": {...}) is a member list: parse it inside braces.
            parsed.add(JSON.readTree(text.startsWith("\"") ? "{" + text + "}" : text));
        }
        return parsed;
    }
}
