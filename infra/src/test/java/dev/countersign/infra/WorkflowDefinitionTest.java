package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowDefinitionTest {
    @Test
    void gateFile_namesTheFunctionsAndTheBus() {
        assertThat(WorkflowDefinition.load("approval-gate").placeholders())
                .containsExactlyInAnyOrder("RequestFunctionArn", "TimeoutFunctionArn", "EventBusName");
    }

    @Test
    void missingOrUnusedSubstitution_isNamed() {
        WorkflowDefinition gate = WorkflowDefinition.load("approval-gate");
        assertThatThrownBy(() -> gate.checked(Map.of("RequestFunctionArn", "a", "TimeoutFunctionArn", "b",
                "BusName", "c")))
                .hasMessageContaining("no substitution for [EventBusName]")
                .hasMessageContaining("substitutions [BusName] are not used by the file");
    }

    @Test
    void unknownFile_saysHowToBuildIt() {
        assertThatThrownBy(() -> WorkflowDefinition.load("nope"))
                .hasMessageContaining("statemachines/nope.asl.json is not on the classpath");
    }
}
