package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.tasks.StepFunctionsStartExecution;

/** The gate as a nested workflow: the CDK task that calls it, the grant a text definition needs, and synth's check. */
class NestedGateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Stack stack(String id) {
        return Synth.gateStack(id);
    }

    private static ApprovalGateWorkflow gateWorkflow(Stack stack) {
        return ApprovalGateWorkflow.Builder.create(stack, "Gates").service(ApprovalService.of(stack)).build();
    }

    /** A caller written as text, as a team with ASL (or SAM, or Terraform) writes it. */
    private static StateMachine textCaller(Stack stack, ApprovalGateWorkflow gates) {
        String definition = "{\"StartAt\": \"Approve\", \"States\": {\"Approve\": {\"Type\": \"Task\","
                + " \"Resource\": \"arn:aws:states:::states:startExecution.sync:2\", \"Parameters\":"
                + " {\"StateMachineArn\": \"${Gate}\", \"Input\": {\"proposal.$\": \"$.proposal\"}}, \"End\": true}}}";
        return StateMachine.Builder.create(stack, "Caller")
                .definitionBody(DefinitionBody.fromString(definition))
                .definitionSubstitutions(Map.of("Gate", gates.stateMachine().getStateMachineArn()))
                .build();
    }

    @Test
    void startTask_callsTheGateWithSync2_linkedToItsCaller_andTheDecisionComesBackBesideTheInput() throws Exception {
        Stack stack = stack("CdkCaller");
        ApprovalGateWorkflow gates = gateWorkflow(stack);
        StepFunctionsStartExecution approve = gates.startTask(stack, "Approve", "$.proposal", "$.approval");
        Choice approved = Choice.Builder.create(stack, "Approved?").build()
                .when(Condition.stringEquals("$.approval.decision.outcome", "APPROVED"),
                        Pass.Builder.create(stack, "Act").build())
                .otherwise(Pass.Builder.create(stack, "DoNotAct").build());
        StateMachine caller = StateMachine.Builder.create(stack, "Caller")
                .definitionBody(DefinitionBody.fromChainable(approve.next(approved))).build();

        var resources = Templates.resources(Synth.template(stack));
        String callerId = Workflows.logicalId(caller);
        JsonNode task = JSON.readTree(DeployedDefinition.resolve(Templates.properties(resources.get(callerId)),
                resources, DeployedDefinition.placeholderArns())).path("States").path("Approve");
        assertThat(task.path("Resource").asText()).isEqualTo("arn:aws:states:::states:startExecution.sync:2");
        JsonNode parameters = task.path("Parameters");
        assertThat(parameters.path("Input").path("proposal.$").asText()).isEqualTo("$.proposal");
        // Linked to its caller: the console shows the child under the parent, and stopping the parent stops it.
        assertThat(parameters.path("Input").path("AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$").asText())
                .isEqualTo("$$.Execution.Id");
        // A retried task rejoins the same child (StartExecution is idempotent by name) instead of asking twice.
        assertThat(parameters.path("Name.$").asText()).startsWith("States.Hash(").contains("$$.Execution.Id")
                .contains("$$.State.Name");
        assertThat(task.path("ResultSelector").path("decision.$").asText()).isEqualTo("$.Output");
        assertThat(task.path("ResultPath").asText()).isEqualTo("$.approval");
        // CDK granted the call: start the gate, describe and stop its executions, the .sync events rule.
        String role = String.valueOf(Templates.properties(resources.get(callerId)).get("RoleArn"));
        assertThat(role).contains("CallerRole");
        String policies = Templates.ofType(resources, "AWS::IAM::Policy").values().toString();
        assertThat(policies).contains("states:StartExecution").contains("states:DescribeExecution")
                .contains("states:StopExecution").contains(ApprovalGateWorkflow.SYNC_EVENTS_RULE);
    }

    @Test
    void synth_refusesATextDefinitionThatCallsTheGate_withoutAllowNestedIn() {
        Stack stack = stack("Ungranted");
        ApprovalGateWorkflow gates = gateWorkflow(stack);
        textCaller(stack, gates);
        assertThatThrownBy(() -> Synth.template(stack))
                .hasMessageContaining("workflow Ungranted/Caller calls the nested approval gate Ungranted/Gates/Default"
                        + " but may not start it: call gateWorkflow.allowNestedIn(workflow)");
    }

    @Test
    void allowNestedIn_grantsWhatAsyncCallNeeds_andSynthAccepts() {
        Stack stack = stack("Granted");
        ApprovalGateWorkflow gates = gateWorkflow(stack);
        StateMachine caller = textCaller(stack, gates);
        gates.allowNestedIn(caller);
        var resources = Templates.resources(Synth.template(stack));
        String callerRole = String.valueOf(Templates.properties(resources.get(Workflows.logicalId(caller)))
                .get("RoleArn"));
        List<Map<?, ?>> statements = Templates.ofType(resources, "AWS::IAM::Policy").values().stream()
                .map(Templates::properties)
                .filter(p -> callerRole.contains(String.valueOf(((List<?>) p.get("Roles")).get(0))
                        .replace("{Ref=", "").replace("}", "")))
                .flatMap(p -> ((List<?>) ((Map<?, ?>) p.get("PolicyDocument")).get("Statement")).stream())
                .<Map<?, ?>>map(s -> (Map<?, ?>) s).toList();
        assertThat(statements).extracting(s -> Templates.strings(s.get("Action")))
                .contains(List.of("states:StartExecution"),
                        List.of("states:DescribeExecution", "states:StopExecution"),
                        List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"));
        assertThat(statements.toString()).contains("rule/" + ApprovalGateWorkflow.SYNC_EVENTS_RULE)
                .contains(":execution:");
    }
}
