package dev.countersign.infra;

import dev.countersign.audit.AuditKeys;
import dev.countersign.audit.eventbridge.EventBridgeAnchorPublisher;
import dev.countersign.functions.CountersignSettings;
import dev.countersign.functions.JsonLog;
import dev.countersign.functions.RouteDependencies;
import dev.countersign.store.dynamodb.CountersignTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * The seven functions of an {@link ApprovalService} — route, request, escalate, decision, and the scheduled projection
 * repair, redelivery and cancellation — each with its environment and exactly the grants its handler needs
 * (docs/handlers.md), and the task-response policy a gate workflow gives three of them. Part of the service: every
 * construct is created in the service's scope, with the ids the service used, so logical ids do not move.
 */
final class ServiceFunctions {
    private final ApprovalService service;
    private final CountersignConfig config;
    private final JavaFunction route;
    private final JavaFunction request;
    private final JavaFunction escalate;
    private final JavaFunction decision;
    private final JavaFunction repair;
    private final Rule repairSchedule;
    private final JavaFunction redelivery;
    private final Rule redeliverySchedule;
    private final JavaFunction cancel;

    /** What the functions share: where they keep approvals, sign the trail, publish, and link to. */
    record Resources(CountersignTables tables, String tableArn, Secret auditKey, IEventBus eventBus,
                     LayerVersion routingRules, String baseUrl) {
    }

    ServiceFunctions(ApprovalService service, CountersignConfig config, Resources shared, Code code,
                     ApprovalService.Builder props) {
        this.service = service;
        this.config = config;
        String tableArn = shared.tableArn();
        Secret auditKey = shared.auditKey();
        IEventBus eventBus = shared.eventBus();
        LayerVersion routingRules = shared.routingRules();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(CountersignTables.TABLE_VARIABLE, shared.tables().approvals().tableName());
        environment.put(AuditKeys.SECRET_VARIABLE, auditKey.getSecretArn());
        environment.put(CountersignSettings.SENDER, config.sender());
        environment.put(CountersignSettings.BASE_URL, shared.baseUrl());
        environment.put(EventBridgeAnchorPublisher.BUS_VARIABLE, eventBus.getEventBusName());
        environment.put(JsonLog.DEPLOYMENT_VARIABLE, config.resourcePrefix());

        // The Route function reads only its rules (or, without rules, the default approvers): no table, no key.
        Map<String, String> routing = new LinkedHashMap<>();
        if (routingRules != null) {
            routing.put(RouteDependencies.ROUTING_FILE, RoutingRulesLayer.MOUNTED_PATH);
        } else {
            routing.put(CountersignSettings.DEFAULT_APPROVERS, String.join(",", config.defaultApprovers()));
        }
        List<LayerVersion> rulesLayer = routingRules == null ? List.of() : List.of(routingRules);

        this.route = function("RouteFunction", ApprovalService.ROUTE_HANDLER,
                "Countersign: picks who approves a proposal (routing rules, or the gate's approvers)", code, routing,
                Duration.seconds(30), config.snapStart(), rulesLayer, props.routeFunctionProps);
        this.request = function("RequestFunction", ApprovalService.REQUEST_HANDLER,
                "Countersign: stores a routed proposal, emails the current level's approvers", code, environment,
                Duration.seconds(60), config.snapStart(), List.of(), props.requestFunctionProps);
        this.escalate = function("EscalateFunction", ApprovalService.ESCALATE_HANDLER,
                "Countersign: reminds, escalates to the next level, or applies the fallback when a wait runs out",
                code, environment, Duration.seconds(60), config.snapStart(), List.of(), props.escalateFunctionProps);
        // The decision function routes a proposal an approver changed again, with the same rules (read on the first
        // change only, so a page view's cold start never loads them).
        Map<String, String> decisionEnvironment = new LinkedHashMap<>(environment);
        if (routingRules != null) {
            decisionEnvironment.put(RouteDependencies.ROUTING_FILE, RoutingRulesLayer.MOUNTED_PATH);
        }
        this.decision = function("DecisionFunction", ApprovalService.DECISION_HANDLER,
                "Countersign: review pages and decisions", code, decisionEnvironment, Duration.seconds(29),
                config.snapStart(), rulesLayer, props.decisionFunctionProps);

        for (JavaFunction function : List.of(request, escalate, decision)) {
            ServiceGrants.table(service, function, tableArn);
            auditKey.grantRead(function.role());
            ServiceGrants.sendEmail(service, function, config.senderAddress());
            ServiceGrants.anchors(service, function, eventBus);
        }

        // The projection repair (docs/data-design.md, "Repair"): the table and nothing else — no key, email or tokens.
        this.repair = function("RepairFunction", ApprovalService.REPAIR_HANDLER,
                "Countersign: re-projects the approver lists of approvals whose writer died mid-way (scheduled)",
                code, Map.of(CountersignTables.TABLE_VARIABLE, shared.tables().approvals().tableName()),
                Duration.seconds(60), false, List.of(), props.repairFunctionProps);
        ServiceGrants.table(service, repair, tableArn);
        this.repairSchedule = repair.runOnSchedule(service, "RepairSchedule",
                "Countersign: runs the projection repair every five minutes", ApprovalService.REPAIR_SCHEDULE);

        // The redelivery of stranded decisions (docs/handlers.md, "Redelivery function"): it records the callback in
        // the audit chain (the table, the key, the anchors) and sends it (SendTaskSuccess: allowCallbacks); no email.
        this.redelivery = function("RedeliveryFunction", ApprovalService.REDELIVERY_HANDLER,
                "Countersign: hands recorded decisions that never reached their workflow to it (scheduled)", code,
                environment, Duration.seconds(60), false, List.of(), props.redeliveryFunctionProps);
        ServiceGrants.table(service, redelivery, tableArn);
        auditKey.grantRead(redelivery.role());
        ServiceGrants.anchors(service, redelivery, eventBus);
        // A run's events expire within the minute: the next run, a minute later, finds the same work.
        this.redeliverySchedule = redelivery.runOnSchedule(service, "RedeliverySchedule",
                "Countersign: hands stranded decisions to their workflows every minute",
                ApprovalService.REDELIVERY_SCHEDULE, Duration.minutes(1), 1);

        // Withdraws the approvals of an execution stopped, failed or timed out at a gate (docs/local-runtime.md,
        // "Cancellation"): the table, the key and the anchors; its rule and history reads are GateCancellation's.
        this.cancel = function("CancelFunction", ApprovalService.CANCEL_HANDLER, "Countersign: withdraws the"
                + " approvals of a workflow execution that was stopped, failed or timed out while it waited at a gate",
                code, environment, Duration.seconds(60), false, List.of(), props.cancelFunctionProps);
        ServiceGrants.table(service, cancel, tableArn);
        auditKey.grantRead(cancel.role());
        ServiceGrants.anchors(service, cancel, eventBus);
    }

    private JavaFunction function(String id, String handler, String description, Code code,
                                  Map<String, String> environment, Duration timeout, boolean snapStart,
                                  List<? extends ILayerVersion> layers, FunctionOverrides overrides) {
        return (overrides != null ? overrides : FunctionOverrides.NONE).build(service, id, handler, description, code,
                environment, timeout, snapStart, layers, config);
    }

    /**
     * Lets the request, decision and redelivery functions answer {@code workflow}'s task tokens (SendTaskSuccess,
     * SendTaskFailure, SendTaskHeartbeat on that state machine only), and says why the workflow may invoke the gate
     * functions' versions.
     *
     * <p>A policy of its own rather than {@code workflow.grantTaskResponse(role)}: the grant would land in the role's
     * default policy, which each function depends on, while the workflow depends on the functions' ARNs — a cycle.
     *
     * @param scope    the service, or the workflow's stack when the workflow lives in another stack
     * @param policyId the policy's construct id in {@code scope}
     */
    void allowCallbacks(IStateMachine workflow, Construct scope, String policyId) {
        // The gate's LambdaInvoke states grant invoke on <function ARN> and <function ARN>:* (versions).
        Nag.suppress(workflow, "AwsSolutions-IAM5", "An approval gate's Lambda tasks may invoke the Countersign"
                + " route, request and escalate functions and their versions (<function ARN>:*), as CDK's"
                + " LambdaInvoke grants.", gateFunctions().stream()
                .map(f -> "Resource::<" + Nag.logicalId(f.invocable()) + ".Arn>:*").toList());
        Policy.Builder.create(scope, policyId)
                .roles(List.of(request.role(), decision.role(), redelivery.role()))
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("states:SendTaskSuccess", "states:SendTaskFailure",
                                "states:SendTaskHeartbeat"))
                        .resources(List.of(workflow.getStateMachineArn()))
                        .build()))
                .build();
    }

    /** The functions a gate's states invoke: route, request, escalate (workflows need invoke on each). */
    List<JavaFunction> gateFunctions() {
        return List.of(route, request, escalate);
    }

    JavaFunction route() {
        return route;
    }

    JavaFunction request() {
        return request;
    }

    JavaFunction escalate() {
        return escalate;
    }

    JavaFunction decision() {
        return decision;
    }

    JavaFunction repair() {
        return repair;
    }

    Rule repairSchedule() {
        return repairSchedule;
    }

    JavaFunction redelivery() {
        return redelivery;
    }

    Rule redeliverySchedule() {
        return redeliverySchedule;
    }

    JavaFunction cancel() {
        return cancel;
    }
}
