package dev.countersign.infra;

import dev.countersign.audit.AuditKeys;
import dev.countersign.audit.eventbridge.EventBridgeAnchorPublisher;
import dev.countersign.functions.CountersignSettings;
import dev.countersign.functions.DecisionHandler;
import dev.countersign.functions.EscalateHandler;
import dev.countersign.functions.JsonLog;
import dev.countersign.functions.RedeliverDecisionsHandler;
import dev.countersign.functions.RepairProjectionsHandler;
import dev.countersign.functions.RequestApprovalHandler;
import dev.countersign.functions.RouteDependencies;
import dev.countersign.functions.RouteHandler;
import dev.countersign.store.dynamodb.CountersignTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.IEmailIdentity;
import software.amazon.awscdk.services.ses.Identity;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Everything approval gates share, once per stack: the approvals table (from {@link CountersignTables}), the audit
 * key, the routing rules (a Lambda layer, {@link RoutingRulesLayer}), the route, request, escalate and decision
 * functions, the review pages' HTTP API, the SES sending identity and the event bus that carries "Approval Decided";
 * the projection repair function and the redelivery of stranded decisions, each on its schedule. {@link ApprovalGate}s
 * find it with {@link #of(Construct)}.
 *
 * <p>Props in the style of AWS Solutions Constructs ({@link Builder}): {@code existingTableObj},
 * {@code existingEventBusObj} and {@code existingEmailIdentityObj} use resources you already have instead of
 * creating them; {@code routeFunctionProps} and its siblings override each function's defaults ({@link
 * FunctionOverrides}). No construct reads CDK context: the app reads it ({@link CountersignConfig}) and passes it in.
 *
 * <p>Workflows that contain gates must be named with {@link #allowGatesIn(IStateMachine)} so the functions may hand
 * them decisions (SendTaskSuccess/Failure on that state machine only).
 */
public final class ApprovalService extends Construct {
    /** The construct id of the service {@link #of(Construct)} finds at the stack's root. */
    public static final String DEFAULT_ID = "Countersign";

    public static final String ROUTE_HANDLER = RouteHandler.class.getName();
    public static final String REQUEST_HANDLER = RequestApprovalHandler.class.getName();
    public static final String ESCALATE_HANDLER = EscalateHandler.class.getName();
    public static final String DECISION_HANDLER = DecisionHandler.class.getName();
    public static final String REPAIR_HANDLER = RepairProjectionsHandler.class.getName();
    public static final String REDELIVERY_HANDLER = RedeliverDecisionsHandler.class.getName();
    /**
     * How often the redelivery sweep runs: it finds work only when a decision function died or timed out between
     * recording a decision and handing it to the workflow, and then that workflow waits for the next run. Every minute
     * keeps that wait short; an empty run is one Query on a sparse index.
     */
    public static final String REDELIVERY_SCHEDULE = "rate(1 minute)";
    public static final String CANCEL_HANDLER = dev.countersign.functions.CancelHandler.class.getName();
    /** The event Step Functions puts on the account's default bus when an execution's status changes. */
    public static final String EXECUTION_STATUS_CHANGE = "Step Functions Execution Status Change";
    /**
     * How often the projection repair runs: lists are eventually consistent anyway, and a sweep only finds work after
     * a writer died mid-way, so every five minutes costs a fifth of every minute for no visible difference.
     */
    public static final String REPAIR_SCHEDULE = "rate(5 minutes)";

    /** The events the gates publish ({@code source}) and their detail type. */
    public static final String EVENT_SOURCE = "countersign";
    public static final String DECIDED_DETAIL_TYPE = "Approval Decided";
    /**
     * The DynamoDB actions the store calls (GetItem, PutItem, UpdateItem with conditions, Query on the table and its
     * indexes) and nothing else: no Scan, BatchWriteItem or DeleteItem.
     */
    public static final List<String> TABLE_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem", "dynamodb:Query");

    private final CountersignConfig config;
    private final CountersignTables tables;
    private final Table createdTable;
    private final ITable table;
    private final String tableArn;
    private final Secret auditKey;
    private final IEmailIdentity emailIdentity;
    private final IEventBus eventBus;
    private final LogGroup auditAnchors;
    private final Rule auditAnchorRule;
    private final HttpApi api;
    private final HttpStage stage;
    private final LogGroup accessLogs;
    private final LayerVersion routingRules;
    private final JavaFunction routeFunction;
    private final JavaFunction requestFunction;
    private final JavaFunction escalateFunction;
    private final JavaFunction decisionFunction;
    private final JavaFunction repairFunction;
    private final Rule repairSchedule;
    private final JavaFunction redeliveryFunction;
    private final Rule redeliverySchedule;
    private final JavaFunction cancelFunction;
    private final List<IStateMachine> gateWorkflows = new ArrayList<>();
    private final GateCancellation cancellation;

    private ApprovalService(Builder b) {
        super(b.scope, b.id);
        this.config = b.config;
        String prefix = config.resourcePrefix();
        // First: an invalid rules file fails the synth with every problem before anything else is built.
        this.routingRules = config.routingFile() == null ? null
                : RoutingRulesLayer.create(this, "RoutingRules", config.routingFile());

        if (b.existingTable != null) {
            this.createdTable = null;
            this.table = b.existingTable;
            this.tables = CountersignTables.named(table.getTableName());
            this.tableArn = table.getTableArn();
        } else {
            this.tables = CountersignTables.named(prefix + "-approvals");
            this.createdTable = ApprovalTable.create(this, tables.approvals());
            this.table = createdTable;
            // By name, not Fn::GetAtt: nothing may depend on the table, which is created last (createTableLast).
            this.tableArn = Stack.of(this).formatArn(ArnComponents.builder().service("dynamodb").resource("table")
                    .resourceName(tables.approvals().tableName()).build());
        }

        // Base64 alphabet only, 64 characters: AuditKeys decodes it to a 48-byte HMAC key.
        this.auditKey = Secret.Builder.create(this, "AuditKey")
                .description("Countersign audit chain HMAC key (base64). Rotating it makes existing chains"
                        + " unverifiable: keep it.")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64).excludePunctuation(true).includeSpace(false).build())
                .removalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE)
                .build();

        if (b.existingEmailIdentity != null) {
            this.emailIdentity = b.existingEmailIdentity;
        } else {
            this.emailIdentity = EmailIdentity.Builder.create(this, "Sender")
                    .identity(config.senderDomain() != null ? Identity.domain(config.senderDomain())
                            : Identity.email(config.senderAddress()))
                    .build();
            SesRegions.guard(this, "SenderRegionCheck");
        }

        this.eventBus = b.existingEventBus != null ? b.existingEventBus
                : EventBus.Builder.create(this, "Events").eventBusName(prefix + "-events").build();
        this.auditAnchors = AuditAnchorDelivery.logGroup(this, prefix);
        this.auditAnchorRule = AuditAnchorDelivery.rule(this, eventBus, auditAnchors);
        AuditAnchorDelivery.allowDelivery(this, prefix, auditAnchors);

        ReviewApi review = ReviewApi.create(this, config);
        this.accessLogs = review.accessLogs();
        this.api = review.api();
        this.stage = review.stage();

        String baseUrl = config.baseUrl() != null ? config.baseUrl().toString() : api.getApiEndpoint();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(CountersignTables.TABLE_VARIABLE, tables.approvals().tableName());
        environment.put(AuditKeys.SECRET_VARIABLE, auditKey.getSecretArn());
        environment.put(CountersignSettings.SENDER, config.sender());
        environment.put(CountersignSettings.BASE_URL, baseUrl);
        environment.put(EventBridgeAnchorPublisher.BUS_VARIABLE, eventBus.getEventBusName());
        environment.put(JsonLog.DEPLOYMENT_VARIABLE, prefix);

        // The Route function reads only its rules (or, without rules, the default approvers): no table, no key.
        Map<String, String> routing = new LinkedHashMap<>();
        if (routingRules != null) {
            routing.put(RouteDependencies.ROUTING_FILE, RoutingRulesLayer.MOUNTED_PATH);
        } else {
            routing.put(CountersignSettings.DEFAULT_APPROVERS, String.join(",", config.defaultApprovers()));
        }

        Code code = Objects.requireNonNull(b.code, "code");
        this.routeFunction = function("RouteFunction", ROUTE_HANDLER,
                "Countersign: picks who approves a proposal (routing rules, or the gate's approvers)", code, routing,
                Duration.seconds(30), config.snapStart(), routingRules == null ? List.of() : List.of(routingRules),
                b.routeFunctionProps);
        this.requestFunction = function("RequestFunction", REQUEST_HANDLER,
                "Countersign: stores a routed proposal, emails the current level's approvers", code, environment,
                Duration.seconds(60), config.snapStart(), List.of(), b.requestFunctionProps);
        this.escalateFunction = function("EscalateFunction", ESCALATE_HANDLER,
                "Countersign: reminds, escalates to the next level, or applies the fallback when a wait runs out",
                code, environment, Duration.seconds(60), config.snapStart(), List.of(), b.escalateFunctionProps);
        // The decision function routes a proposal an approver changed again, with the same rules (read on the first
        // change only, so a page view's cold start never loads them).
        Map<String, String> decisionEnvironment = new LinkedHashMap<>(environment);
        if (routingRules != null) {
            decisionEnvironment.put(RouteDependencies.ROUTING_FILE, RoutingRulesLayer.MOUNTED_PATH);
        }
        this.decisionFunction = function("DecisionFunction", DECISION_HANDLER,
                "Countersign: review pages and decisions", code, decisionEnvironment, Duration.seconds(29),
                config.snapStart(), routingRules == null ? List.of() : List.of(routingRules),
                b.decisionFunctionProps);

        for (JavaFunction function : List.of(requestFunction, escalateFunction, decisionFunction)) {
            ServiceGrants.table(this, function, tableArn);
            auditKey.grantRead(function.role());
            ServiceGrants.sendEmail(this, function, config.senderAddress());
            ServiceGrants.anchors(this, function, eventBus);
        }

        review.routeTo(decisionFunction);
        Nag.suppress(auditKey, "AwsSolutions-SMG4", "The audit-chain HMAC key is not rotated: events carry no key"
                + " id yet, so a rotated key would make every existing chain unverifiable.", null);

        // The projection repair (docs/data-design.md, "Repair"): the table and nothing else — no key, email or tokens.
        Map<String, String> repairEnvironment = Map.of(CountersignTables.TABLE_VARIABLE,
                tables.approvals().tableName());
        this.repairFunction = function("RepairFunction", REPAIR_HANDLER,
                "Countersign: re-projects the approver lists of approvals whose writer died mid-way (scheduled)",
                code, repairEnvironment, Duration.seconds(60), false, List.of(), b.repairFunctionProps);
        ServiceGrants.table(this, repairFunction, tableArn);
        this.repairSchedule = repairFunction.runOnSchedule(this, "RepairSchedule",
                "Countersign: runs the projection repair every five minutes", REPAIR_SCHEDULE);

        // The redelivery of stranded decisions (docs/handlers.md, "Redelivery function"): it records the callback in
        // the audit chain (the table, the key, the anchors) and sends it (SendTaskSuccess: allowGatesIn); no email.
        this.redeliveryFunction = function("RedeliveryFunction", REDELIVERY_HANDLER,
                "Countersign: hands recorded decisions that never reached their workflow to it (scheduled)", code,
                environment, Duration.seconds(60), false, List.of(), b.redeliveryFunctionProps);
        ServiceGrants.table(this, redeliveryFunction, tableArn);
        auditKey.grantRead(redeliveryFunction.role());
        ServiceGrants.anchors(this, redeliveryFunction, eventBus);
        // A run's events expire within the minute: the next run, a minute later, finds the same work.
        this.redeliverySchedule = redeliveryFunction.runOnSchedule(this, "RedeliverySchedule",
                "Countersign: hands stranded decisions to their workflows every minute", REDELIVERY_SCHEDULE,
                Duration.minutes(1), 1);
        // Withdraws the approvals of an execution stopped, failed or timed out at a gate (docs/local-runtime.md, "Cancellation").
        this.cancelFunction = function("CancelFunction", CANCEL_HANDLER, "Countersign: withdraws the approvals of a"
                + " workflow execution that was stopped, failed or timed out while it waited at a gate", code,
                environment, Duration.seconds(60), false, List.of(), b.cancelFunctionProps);
        ServiceGrants.table(this, cancelFunction, tableArn);
        auditKey.grantRead(cancelFunction.role());
        ServiceGrants.anchors(this, cancelFunction, eventBus);
        this.cancellation = new GateCancellation(this, cancelFunction, gateWorkflows);
        getNode().addValidation(this::gateWorkflowsWithoutCallbacks);
        // At synth, when every child exists (allowGatesIn adds policies later): the table after all of them.
        Aspects.of(this).add(node -> {
            if (node == this) {
                createTableAfter(this);
            }
        });
    }

    private JavaFunction function(String id, String handler, String description, Code code,
                                  Map<String, String> environment, Duration timeout, boolean snapStart,
                                  List<? extends ILayerVersion> layers, FunctionOverrides overrides) {
        return (overrides != null ? overrides : FunctionOverrides.NONE).build(this, id, handler, description, code,
                environment, timeout, snapStart, layers, config);
    }

    /**
     * Creates the table after {@code constructs}' resources (and after the rest of this service): a failed first
     * deploy then rolls back before the table exists, and the table can keep deletion protection from its first
     * moment without blocking that rollback (CloudFormation cannot delete a protected table). Does nothing for an
     * existing table. Nothing may reference the table's attributes for this to work: grants and environment use its
     * name.
     */
    public void createTableAfter(IConstruct... constructs) {
        if (createdTable != null) {
            ApprovalTable.createAfter(createdTable, constructs);
        }
    }

    /**
     * The service of {@code scope}'s stack, at {@value #DEFAULT_ID} (what {@link ApprovalGate} uses when not given one).
     *
     * @throws IllegalStateException saying how to create it when the stack has none
     */
    public static ApprovalService of(Construct scope) {
        Stack stack = Stack.of(scope);
        IConstruct existing = stack.getNode().tryFindChild(DEFAULT_ID);
        if (existing instanceof ApprovalService service) {
            return service;
        }
        if (existing != null) {
            throw new IllegalStateException("construct '" + DEFAULT_ID + "' in stack " + stack.getStackName()
                    + " is not an ApprovalService: give it another id");
        }
        throw new IllegalStateException("stack " + stack.getStackName() + " has no ApprovalService yet: create it"
                + " before the first gate, e.g. ApprovalService.Builder.create(stack, ApprovalService.DEFAULT_ID)"
                + ".config(CountersignConfig.fromSharedContext(app)).build() (your app reads the context; see"
                + " docs/deploy.md), or pass one with ApprovalGate.Builder.service(...)");
    }

    /**
     * Lets the request, decision and redelivery functions answer the task tokens of {@code workflow} (SendTaskSuccess,
     * SendTaskFailure, SendTaskHeartbeat on that state machine only). Call it for each workflow with gates.
     *
     * <p>A policy of its own rather than {@code workflow.grantTaskResponse(role)}: the grant would land in the role's
     * default policy, which each function depends on, while the workflow depends on the functions' ARNs — a cycle.
     */
    public void allowGatesIn(IStateMachine workflow) {
        if (gateWorkflows.contains(workflow)) {
            return;
        }
        gateWorkflows.add(workflow);
        {
            // The gate's LambdaInvoke states grant invoke on <function ARN> and <function ARN>:* (versions).
            Nag.suppress(workflow, "AwsSolutions-IAM5", "An approval gate's Lambda tasks may invoke the Countersign"
                    + " route, request and escalate functions and their versions (<function ARN>:*), as CDK's"
                    + " LambdaInvoke grants.", gateFunctions().stream()
                    .map(f -> "Resource::<" + Nag.logicalId(f.invocable()) + ".Arn>:*").toList());
        }
        // In the workflow's stack: a policy here naming a workflow of another stack would make each stack need the
        // other's outputs (the workflow already needs the functions'), which CloudFormation cannot deploy.
        Stack workflowStack = Stack.of(workflow);
        Construct scope = workflowStack == Stack.of(this) ? this : workflowStack;
        String policyId = scope == this ? "GateCallbacks" + gateWorkflows.size()
                : "CountersignGateCallbacks" + Workflows.id(workflow);
        Policy.Builder.create(scope, policyId)
                .roles(List.of(requestFunction.role(), decisionFunction.role(), redeliveryFunction.role()))
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("states:SendTaskSuccess", "states:SendTaskFailure",
                                "states:SendTaskHeartbeat"))
                        .resources(List.of(workflow.getStateMachineArn()))
                        .build()))
                .build();
        cancellation.allow(workflow, scope);
    }

    /** The function that withdraws the approvals of an execution that ended at a gate ({@code CancelHandler}). */
    public JavaFunction cancelFunction() {
        return cancelFunction;
    }

    /**
     * Synth fails for a workflow that contains a gate (its definition invokes the request function) but was never
     * named with {@link #allowGatesIn}: the functions could not hand it a decision, and the first approval would fail
     * at run time with AccessDeniedException on SendTaskSuccess.
     */
    private List<String> gateWorkflowsWithoutCallbacks() {
        return Workflows.withGatesNotIn(this, Workflows.logicalId(requestFunction.invocable()), gateWorkflows);
    }

    public CountersignConfig config() {
        return config;
    }

    /** The table definitions the stack deployed (names as deployed). */
    public CountersignTables tables() {
        return tables;
    }

    /** The approvals table: the one created here, or {@code existingTableObj}. */
    public ITable table() {
        return table;
    }

    /** The table this service created, or null when it uses {@code existingTableObj}. */
    public Table createdTable() {
        return createdTable;
    }

    public Secret auditKey() {
        return auditKey;
    }

    /** The SES identity the functions send as: created here, or {@code existingEmailIdentityObj}. */
    public IEmailIdentity emailIdentity() {
        return emailIdentity;
    }

    /** The bus for "Approval Decided", audit anchors and "Proposal Submitted": created here or existing. */
    public IEventBus eventBus() {
        return eventBus;
    }

    /** Where the functions' audit anchors end up (the rule {@link #auditAnchorRule()} delivers them). */
    public LogGroup auditAnchors() {
        return auditAnchors;
    }

    public Rule auditAnchorRule() {
        return auditAnchorRule;
    }

    public HttpApi api() {
        return api;
    }

    public HttpStage stage() {
        return stage;
    }

    public LogGroup accessLogs() {
        return accessLogs;
    }

    /** The routing rules layer, or null when the stack is deployed without rules ({@code routingFile=none}). */
    public LayerVersion routingRules() {
        return routingRules;
    }

    public JavaFunction routeFunction() {
        return routeFunction;
    }

    public JavaFunction requestFunction() {
        return requestFunction;
    }

    public JavaFunction escalateFunction() {
        return escalateFunction;
    }

    /** The functions a gate's states invoke: route, request, escalate (workflows need invoke on each). */
    public List<JavaFunction> gateFunctions() {
        return List.of(routeFunction, requestFunction, escalateFunction);
    }

    public JavaFunction decisionFunction() {
        return decisionFunction;
    }

    /** The scheduled projection repair ({@link RepairProjectionsHandler}). */
    public JavaFunction repairFunction() {
        return repairFunction;
    }

    /** The EventBridge rule that runs {@link #repairFunction()} on {@value #REPAIR_SCHEDULE}. */
    public Rule repairSchedule() {
        return repairSchedule;
    }

    /** The scheduled redelivery of stranded decisions ({@link RedeliverDecisionsHandler}). */
    public JavaFunction redeliveryFunction() {
        return redeliveryFunction;
    }

    /** The EventBridge rule that runs {@link #redeliveryFunction()} on {@value #REDELIVERY_SCHEDULE}. */
    public Rule redeliverySchedule() {
        return redeliverySchedule;
    }

    /** The workflows named with {@link #allowGatesIn(IStateMachine)}. */
    public List<IStateMachine> gateWorkflows() {
        return List.copyOf(gateWorkflows);
    }

    /**
     * Builds an {@link ApprovalService}. Only {@link #config} is required; every other prop says its default.
     */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private CountersignConfig config;
        private Code code;
        private ITable existingTable;
        private IEventBus existingEventBus;
        private IEmailIdentity existingEmailIdentity;
        private FunctionOverrides cancelFunctionProps;
        private FunctionOverrides routeFunctionProps;
        private FunctionOverrides requestFunctionProps;
        private FunctionOverrides escalateFunctionProps;
        private FunctionOverrides decisionFunctionProps;
        private FunctionOverrides repairFunctionProps;
        private FunctionOverrides redeliveryFunctionProps;

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** Sender, base URL, approvers, sizes, name prefix (required; the app reads it from context). */
        public Builder config(CountersignConfig config) {
            this.config = config;
            return this;
        }

        /** The functions' lambda jar (default: {@link FunctionsJar#code()}). */
        public Builder code(Code code) {
            this.code = code;
            return this;
        }

        /**
         * An approvals table you already have (default: a new table {@code <prefix>-approvals}, on-demand, encrypted,
         * point-in-time recovery, deletion protection, retained). It must have the keys and indexes of {@link
         * CountersignTables} — e.g. the table a destroyed stack left behind.
         */
        public Builder existingTableObj(ITable table) {
            this.existingTable = table;
            return this;
        }

        /** An event bus you already have (default: a new bus {@code <prefix>-events}). */
        public Builder existingEventBusObj(IEventBus bus) {
            this.existingEventBus = bus;
            return this;
        }

        /**
         * An SES identity that already exists in the account and region (default: the stack creates the identity of
         * the configured sender). The grants are the same either way: SendEmail with From = the sender.
         */
        public Builder existingEmailIdentityObj(IEmailIdentity identity) {
            this.existingEmailIdentity = identity;
            return this;
        }

        /** Overrides for the cancel function (default: 60 s, the config's memory, no SnapStart). */
        public Builder cancelFunctionProps(FunctionOverrides overrides) {
            this.cancelFunctionProps = overrides;
            return this;
        }

        /** Overrides for the route function (default: {@link FunctionOverrides#NONE}: 30 s, the config's memory). */
        public Builder routeFunctionProps(FunctionOverrides overrides) {
            this.routeFunctionProps = overrides;
            return this;
        }

        /** Overrides for the request function (default: 60 s, the config's memory). */
        public Builder requestFunctionProps(FunctionOverrides overrides) {
            this.requestFunctionProps = overrides;
            return this;
        }

        /** Overrides for the escalate function (default: 60 s, the config's memory). */
        public Builder escalateFunctionProps(FunctionOverrides overrides) {
            this.escalateFunctionProps = overrides;
            return this;
        }

        /** Overrides for the decision function (default: 29 s, the HTTP API's limit; the config's memory). */
        public Builder decisionFunctionProps(FunctionOverrides overrides) {
            this.decisionFunctionProps = overrides;
            return this;
        }

        /** Overrides for the projection repair function (default: 60 s, the config's memory, no SnapStart). */
        public Builder repairFunctionProps(FunctionOverrides overrides) {
            this.repairFunctionProps = overrides;
            return this;
        }

        /** Overrides for the redelivery function (default: 60 s, the config's memory, no SnapStart). */
        public Builder redeliveryFunctionProps(FunctionOverrides overrides) {
            this.redeliveryFunctionProps = overrides;
            return this;
        }

        public ApprovalService build() {
            Objects.requireNonNull(config, "config: pass CountersignConfig.fromContext(...) (read in your app)");
            if (code == null) {
                code = FunctionsJar.code();
            }
            return new ApprovalService(this);
        }
    }
}
