package dev.countersign.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * What withdraws the approvals of a gate workflow's execution that was stopped, failed or timed out
 * (docs/local-runtime.md, "Cancellation"): the cancel function may read the workflow's execution histories, and a
 * rule per stack sends it those executions' status changes. Part of {@link ApprovalService}: every construct is
 * created in its scope or the workflow's stack, as the service created them.
 */
final class GateCancellation {
    private final ApprovalService service;
    private final JavaFunction cancelFunction;
    private final List<IStateMachine> gateWorkflows;
    private final Map<Stack, Rule> rules = new LinkedHashMap<>();

    GateCancellation(ApprovalService service, JavaFunction cancelFunction, List<IStateMachine> gateWorkflows) {
        this.service = service;
        this.cancelFunction = cancelFunction;
        this.gateWorkflows = gateWorkflows;
    }

    /**
     * Lets the cancel function read {@code workflow}'s histories and hear its executions end.
     *
     * @param scope the service, or the workflow's stack when the workflow lives in another stack
     */
    void allow(IStateMachine workflow, Construct scope) {
        Stack workflowStack = Stack.of(workflow);
        // The cancel function reads an ended execution's history to find the gates it reached.
        Policy history = Policy.Builder.create(scope, scope == service ? "GateHistory" + gateWorkflows.size()
                        : "CountersignGateHistory" + Workflows.id(workflow))
                .roles(List.of(cancelFunction.role()))
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("states:GetExecutionHistory"))
                        .resources(List.of(workflowStack.formatArn(ArnComponents.builder().service("states")
                                .resource("execution").arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                .resourceName(software.amazon.awscdk.Arn.split(workflow.getStateMachineArn(),
                                        ArnFormat.COLON_RESOURCE_NAME).getResourceName() + ":*").build())))
                        .build()))
                .build();
        Nag.suppress(history, "AwsSolutions-IAM5", "The cancel function reads the history of any execution of this"
                + " one workflow (execution:<workflow>:*): which execution ended is known only from the event.", null);
        executionsEnded(workflowStack, scope);
    }

    /**
     * The rule (one per stack, on the account's default bus, where Step Functions puts them) that sends the status
     * changes of the stack's gate workflows that end a waiting gate — ABORTED, FAILED, TIMED_OUT — to the cancel
     * function. Its pattern lists the workflows as they are added.
     */
    private Rule executionsEnded(Stack stack, Construct scope) {
        return rules.computeIfAbsent(stack, s -> {
            List<String> arns = software.amazon.awscdk.Lazy.list(new software.amazon.awscdk.IStableListProducer() {
                @Override
                public List<String> produce() {
                    return gateWorkflows.stream().filter(w -> Stack.of(w) == s).map(IStateMachine::getStateMachineArn)
                            .toList();
                }
            });
            return Rule.Builder.create(scope, scope == service ? "GateExecutionsEnded" : "CountersignGateExecutionsEnded")
                    .description("Countersign: an execution of a workflow with approval gates was stopped, failed or"
                            + " timed out; its pending approvals are withdrawn (CANCELLED)")
                    .eventPattern(EventPattern.builder().source(List.of("aws.states"))
                            .detailType(List.of(ApprovalService.EXECUTION_STATUS_CHANGE))
                            .detail(new TreeMap<>(Map.of("status", List.copyOf(new java.util.TreeSet<>(
                                    dev.countersign.functions.CancelHandler.ENDINGS)), "stateMachineArn", arns)))
                            .build())
                    .targets(List.of(new LambdaFunction(cancelFunction.function(), LambdaFunctionProps.builder()
                            .retryAttempts(4).maxEventAge(Duration.hours(24)).build())))
                    .build();
        });
    }
}
