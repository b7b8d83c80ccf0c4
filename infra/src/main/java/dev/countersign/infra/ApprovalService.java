package dev.countersign.infra;

import dev.countersign.functions.DecisionHandler;
import dev.countersign.functions.EscalateHandler;
import dev.countersign.functions.RedeliverDecisionsHandler;
import dev.countersign.functions.RepairProjectionsHandler;
import dev.countersign.functions.RequestApprovalHandler;
import dev.countersign.functions.RouteHandler;
import dev.countersign.store.dynamodb.CountersignTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Aspects;
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
import software.amazon.awscdk.services.lambda.Code;
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
 * find it with {@link #of(Construct)}. The functions, their environments and grants are {@link ServiceFunctions}'; the
 * table, the API, the anchors' delivery and the cancellation wiring have classes of their own too. All of them create
 * their constructs in this construct's scope, so the logical ids are the service's.
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
    private final ServiceFunctions functions;
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
        this.functions = new ServiceFunctions(this, config, new ServiceFunctions.Resources(tables, tableArn, auditKey,
                eventBus, routingRules, baseUrl), Objects.requireNonNull(b.code, "code"), b);
        review.routeTo(functions.decision());
        Nag.suppress(auditKey, "AwsSolutions-SMG4", "The audit-chain HMAC key is not rotated: events carry no key"
                + " id yet, so a rotated key would make every existing chain unverifiable.", null);
        this.cancellation = new GateCancellation(this, functions.cancel(), gateWorkflows);
        getNode().addValidation(this::gateWorkflowsWithoutCallbacks);
        // At synth, when every child exists (allowGatesIn adds policies later): the table after all of them.
        Aspects.of(this).add(node -> {
            if (node == this) {
                createTableAfter(this);
            }
        });
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
     * SendTaskFailure, SendTaskHeartbeat on that state machine only), and the cancel function hear its executions end
     * and read their histories. Call it for each workflow with gates.
     */
    public void allowGatesIn(IStateMachine workflow) {
        if (gateWorkflows.contains(workflow)) {
            return;
        }
        gateWorkflows.add(workflow);
        // In the workflow's stack: a policy here naming a workflow of another stack would make each stack need the
        // other's outputs (the workflow already needs the functions'), which CloudFormation cannot deploy.
        Stack workflowStack = Stack.of(workflow);
        Construct scope = workflowStack == Stack.of(this) ? this : workflowStack;
        functions.allowCallbacks(workflow, scope, scope == this ? "GateCallbacks" + gateWorkflows.size()
                : "CountersignGateCallbacks" + Workflows.id(workflow));
        cancellation.allow(workflow, scope);
    }

    /** The function that withdraws the approvals of an execution that ended at a gate ({@code CancelHandler}). */
    public JavaFunction cancelFunction() {
        return functions.cancel();
    }

    /**
     * Synth fails for a workflow that contains a gate (its definition invokes the request function) but was never
     * named with {@link #allowGatesIn}: the functions could not hand it a decision, and the first approval would fail
     * at run time with AccessDeniedException on SendTaskSuccess.
     */
    private List<String> gateWorkflowsWithoutCallbacks() {
        return Workflows.withGatesNotIn(this, Workflows.logicalId(functions.request().invocable()), gateWorkflows);
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
        return functions.route();
    }

    public JavaFunction requestFunction() {
        return functions.request();
    }

    public JavaFunction escalateFunction() {
        return functions.escalate();
    }

    /** The functions a gate's states invoke: route, request, escalate (workflows need invoke on each). */
    public List<JavaFunction> gateFunctions() {
        return functions.gateFunctions();
    }

    public JavaFunction decisionFunction() {
        return functions.decision();
    }

    /** The scheduled projection repair ({@link RepairProjectionsHandler}). */
    public JavaFunction repairFunction() {
        return functions.repair();
    }

    /** The EventBridge rule that runs {@link #repairFunction()} on {@value #REPAIR_SCHEDULE}. */
    public Rule repairSchedule() {
        return functions.repairSchedule();
    }

    /** The scheduled redelivery of stranded decisions ({@link RedeliverDecisionsHandler}). */
    public JavaFunction redeliveryFunction() {
        return functions.redelivery();
    }

    /** The EventBridge rule that runs {@link #redeliveryFunction()} on {@value #REDELIVERY_SCHEDULE}. */
    public Rule redeliverySchedule() {
        return functions.redeliverySchedule();
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
        FunctionOverrides cancelFunctionProps;
        FunctionOverrides routeFunctionProps;
        FunctionOverrides requestFunctionProps;
        FunctionOverrides escalateFunctionProps;
        FunctionOverrides decisionFunctionProps;
        FunctionOverrides repairFunctionProps;
        FunctionOverrides redeliveryFunctionProps;

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
