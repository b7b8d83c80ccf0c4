package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Stateful resources keep their CloudFormation logical ids: a changed id makes CloudFormation replace the resource —
 * a new, empty table; a new state machine, which kills every paused execution; a new API, which breaks every link
 * already emailed. The committed list is {@code infra/src/test/resources/stateful-logical-ids.txt}.
 */
class StabilityTest {
    static final Set<String> STATEFUL_TYPES = Set.of("AWS::DynamoDB::Table", "AWS::StepFunctions::StateMachine",
            "AWS::SecretsManager::Secret", "AWS::Events::EventBus", "AWS::SES::EmailIdentity",
            "AWS::ApiGatewayV2::Api");
    /** A retained log group holds records (the audit anchors): renamed, the history would split in two groups. */
    static final String RETAINED_LOG_GROUP = "AWS::Logs::LogGroup";

    @Test
    void statefulResources_keepTheirCommittedLogicalIds() throws IOException {
        Set<String> synthesised = new TreeSet<>();
        Templates.resources(Synth.template(Synth.stack())).forEach((id, resource) -> {
            if (STATEFUL_TYPES.contains((String) resource.get("Type")) || (RETAINED_LOG_GROUP.equals(
                    resource.get("Type")) && String.valueOf(resource.get("DeletionPolicy")).startsWith("Retain"))) {
                synthesised.add(resource.get("Type") + " " + id);
            }
        });
        Set<String> committed = committed();
        List<String> problems = new ArrayList<>();
        for (String entry : committed) {
            if (!synthesised.contains(entry)) {
                problems.add("missing now (renamed or removed): " + entry);
            }
        }
        for (String entry : synthesised) {
            if (!committed.contains(entry)) {
                problems.add("not in the list: " + entry);
            }
        }
        assertThat(problems)
                .as("A construct id of a stateful resource changed, so a deploy would REPLACE it (a new table, a new"
                        + " state machine that kills paused executions, a new API URL that breaks emailed links)."
                        + " Restore the construct id; only if the replacement is intended and planned, update"
                        + " infra/src/test/resources/stateful-logical-ids.txt")
                .isEmpty();
    }

    @Test
    void committedList_coversEveryStatefulType() throws IOException {
        Set<String> types = new TreeSet<>();
        committed().forEach(entry -> types.add(entry.substring(0, entry.indexOf(' '))));
        Set<String> expected = new TreeSet<>(STATEFUL_TYPES);
        expected.add(RETAINED_LOG_GROUP);
        assertThat(types).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static Set<String> committed() throws IOException {
        try (InputStream in = StabilityTest.class.getResourceAsStream("/stateful-logical-ids.txt")) {
            assertThat(in).as("infra/src/test/resources/stateful-logical-ids.txt").isNotNull();
            Set<String> entries = new TreeSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    entries.add(trimmed);
                }
            }
            return entries;
        }
    }

}
