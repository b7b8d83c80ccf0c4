package dev.countersign.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.CfnStateMachine;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;
import software.constructs.IConstruct;

/** How the stack's workflows are deployed, and what a synth-time check needs to know about any workflow. */
final class Workflows {
    private Workflows() {
    }

    /**
     * A Standard workflow built from {@code definition}, with its own log group (every event, never execution data:
     * proposals, decisions and task tokens stay out of the logs) and X-Ray tracing.
     */
    static StateMachine standard(Construct scope, String id, String name, String comment, IChainable definition,
                                 RetentionDays retention) {
        LogGroup logs = LogGroup.Builder.create(scope, id + "Logs")
                .logGroupName("/aws/vendedlogs/states/" + name)
                .retention(retention)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        return StateMachine.Builder.create(scope, id)
                .stateMachineName(name)
                .comment(comment)
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromChainable(definition))
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(false).build())
                .tracingEnabled(true)
                .build();
    }

    /**
     * One message per workflow of {@code scope}'s stack that contains a gate (its definition invokes the request
     * function, {@code requestLogicalId}) but is not in {@code allowed}.
     */
    static List<String> withGatesNotIn(IConstruct scope, String requestLogicalId, List<IStateMachine> allowed) {
        List<String> problems = new ArrayList<>();
        for (StateMachine machine : inStack(scope)) {
            if (!allowed.contains(machine) && refersTo(machine, requestLogicalId)) {
                problems.add("workflow " + describe(machine) + " contains an approval gate but was never passed to"
                        + " allowGatesIn: call gate.service().allowGatesIn(workflow) after creating it, so the"
                        + " Countersign functions may send it decisions (without it every approval fails at run time"
                        + " with AccessDeniedException on SendTaskSuccess).");
            }
        }
        return problems;
    }

    /** Every state machine (L2) in {@code scope}'s stack. */
    static List<StateMachine> inStack(IConstruct scope) {
        List<StateMachine> machines = new ArrayList<>();
        for (IConstruct construct : Stack.of(scope).getNode().findAll()) {
            if (construct instanceof StateMachine machine) {
                machines.add(machine);
            }
        }
        return machines;
    }

    /**
     * Whether {@code machine}'s definition refers to the resource with {@code logicalId} (a {@code Ref} or
     * {@code Fn::GetAtt} in its DefinitionString or DefinitionSubstitutions), as CloudFormation will see it.
     */
    static boolean refersTo(StateMachine machine, String logicalId) {
        CfnStateMachine cfn = (CfnStateMachine) machine.getNode().getDefaultChild();
        Stack stack = Stack.of(machine);
        return refersTo(stack.resolve(cfn.getDefinitionString()), logicalId)
                || refersTo(stack.resolve(cfn.getDefinitionSubstitutions()), logicalId);
    }

    /** Whether a resolved CloudFormation value holds {@code {"Ref": id}} or {@code {"Fn::GetAtt": [id, …]}}. */
    static boolean refersTo(Object resolved, String logicalId) {
        if (resolved instanceof Map<?, ?> map) {
            if (logicalId.equals(map.get("Ref"))) {
                return true;
            }
            if (map.get("Fn::GetAtt") instanceof List<?> getAtt && !getAtt.isEmpty()
                    && logicalId.equals(getAtt.get(0))) {
                return true;
            }
            return map.values().stream().anyMatch(value -> refersTo(value, logicalId));
        }
        if (resolved instanceof List<?> list) {
            return list.stream().anyMatch(value -> refersTo(value, logicalId));
        }
        return false;
    }

    /** The CloudFormation logical id of a construct's main resource. */
    static String logicalId(IConstruct construct) {
        Stack stack = Stack.of(construct);
        IConstruct child = construct.getNode().getDefaultChild();
        return String.valueOf(stack.resolve(stack.getLogicalId((CfnElement) (child != null ? child : construct))));
    }

    /**
     * Whether a policy that belongs to {@code role} (its default policy, where CDK's tasks put what a workflow's
     * definition needs) allows {@code action} on a resource that refers to the resource with {@code logicalId}.
     */
    static boolean roleAllows(IRole role, String action, String logicalId) {
        if (role == null) {
            return false;
        }
        for (IConstruct construct : role.getNode().findAll()) {
            if (!(construct instanceof Policy policy)) {
                continue;
            }
            Object document = Stack.of(policy).resolve(policy.getDocument().toJSON());
            if (!(document instanceof Map<?, ?> map) || !(map.get("Statement") instanceof List<?> statements)) {
                continue;
            }
            for (Object statement : statements) {
                if (statement instanceof Map<?, ?> s && "Allow".equals(s.get("Effect"))
                        && mentions(s.get("Action"), action) && refersTo(s.get("Resource"), logicalId)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mentions(Object actions, String action) {
        return action.equals(actions) || (actions instanceof List<?> list && list.contains(action));
    }

    /**
     * The construct id that names a workflow: its own, or — for a state machine that is its construct's "Default"
     * child, as in {@link ApprovalGateWorkflow} — its construct's.
     */
    static String id(IConstruct machine) {
        IConstruct named = machine.getNode().getId().equals("Default") ? machine.getNode().getScope() : machine;
        return named.getNode().getId();
    }

    /** A workflow's name as a person finds it in the template or the console. */
    static String describe(IStateMachine machine) {
        return machine.getNode().getPath();
    }
}
