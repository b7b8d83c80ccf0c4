package dev.countersign.infra;

import dev.countersign.audit.AuditKeys;
import dev.countersign.audit.eventbridge.EventBridgeAnchorPublisher;
import dev.countersign.functions.CountersignSettings;
import dev.countersign.functions.DecisionHandler;
import dev.countersign.functions.EscalateHandler;
import dev.countersign.functions.JsonLog;
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
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegrationProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.interfaces.events.IRuleRef;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetConfig;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.ResourcePolicy;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.IEmailIdentity;
import software.amazon.awscdk.services.ses.Identity;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Everything approval gates share, once per stack: the approvals table (from {@link CountersignTables}), the audit
 * key, the routing rules (a Lambda layer, {@link RoutingRulesLayer}), the route, request, escalate and decision
 * functions, the review pages' HTTP API, the SES sending identity and the event bus that carries "Approval Decided";
 * and the projection repair function with its schedule. {@link ApprovalGate}s find it with {@link #of(Construct)}.
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
    private final List<IStateMachine> gateWorkflows = new ArrayList<>();

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
            this.createdTable = table(tables.approvals());
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
        this.auditAnchors = auditAnchorLog(prefix);
        this.auditAnchorRule = Rule.Builder.create(this, "AuditAnchorRule")
                .eventBus(eventBus)
                .description("Countersign audit anchors ({approvalId, seq, hash, at}) into their own log group")
                .eventPattern(EventPattern.builder().source(List.of(EVENT_SOURCE))
                        .detailType(List.of(EventBridgeAnchorPublisher.DETAIL_TYPE)).build())
                .targets(List.of(new LogGroupTarget(auditAnchors)))
                .build();
        allowAnchorDelivery(prefix);

        this.accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs")
                .retention(config.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.api = HttpApi.Builder.create(this, "Api")
                .apiName(prefix + "-api")
                .description("Countersign review pages (public: the link secret is the credential) and the"
                        + " IAM-authorised POST /proposals")
                .createDefaultStage(false)
                .build();
        this.stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(config.throttleRate()).burstLimit(config.throttleBurst()).build())
                .accessLogSettings(new AccessLogs(new LogGroupLogDestination(accessLogs)))
                .build();

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
        this.decisionFunction = function("DecisionFunction", DECISION_HANDLER,
                "Countersign: review pages and decisions", code, environment, Duration.seconds(29),
                config.snapStart(), List.of(), b.decisionFunctionProps);

        for (JavaFunction function : List.of(requestFunction, escalateFunction, decisionFunction)) {
            grantTable(function);
            auditKey.grantRead(function.role());
            grantSend(function);
            grantAnchors(function);
        }

        HttpLambdaIntegration review = new HttpLambdaIntegration("ReviewPages", decisionFunction.invocable(),
                HttpLambdaIntegrationProps.builder().payloadFormatVersion(PayloadFormatVersion.VERSION_2_0).build());
        api.addRoutes(AddRoutesOptions.builder().path("/review/{secret}")
                .methods(List.of(HttpMethod.GET, HttpMethod.HEAD)).integration(review).build());
        api.addRoutes(AddRoutesOptions.builder().path("/review")
                .methods(List.of(HttpMethod.POST)).integration(review).build());

        Nag.suppress(api, "AwsSolutions-APIG4", "The review routes (GET/HEAD /review/{secret}, POST /review) are"
                + " public by design: the unguessable link secret (256 bits, bound to one approval, recipient and"
                + " level) is the credential, and approvers have no AWS identity. Other routes use IAM.", null);
        Nag.suppress(auditKey, "AwsSolutions-SMG4", "The audit-chain HMAC key is not rotated: events carry no key"
                + " id yet, so a rotated key would make every existing chain unverifiable.", null);

        // The projection repair (docs/data-design.md, "Repair"): the table and nothing else — no key, email or tokens.
        Map<String, String> repairEnvironment = Map.of(CountersignTables.TABLE_VARIABLE,
                tables.approvals().tableName());
        this.repairFunction = function("RepairFunction", REPAIR_HANDLER,
                "Countersign: re-projects the approver lists of approvals whose writer died mid-way (scheduled)",
                code, repairEnvironment, Duration.seconds(60), false, List.of(), b.repairFunctionProps);
        grantTable(repairFunction);
        // A failed sweep is not retried by Lambda: the next scheduled run is the retry, with fresh work.
        repairFunction.function().configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(0).maxEventAge(Duration.minutes(4)).build());
        this.repairSchedule = Rule.Builder.create(this, "RepairSchedule")
                .description("Countersign: runs the projection repair every five minutes")
                .schedule(Schedule.expression(REPAIR_SCHEDULE))
                .targets(List.of(new LambdaFunction(repairFunction.function(), LambdaFunctionProps.builder()
                        .retryAttempts(2).maxEventAge(Duration.minutes(4)).build())))
                .build();
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
        FunctionOverrides o = overrides != null ? overrides : FunctionOverrides.NONE;
        Map<String, String> all = new LinkedHashMap<>(environment);
        all.putAll(o.environment());
        JavaFunction created = new JavaFunction(this, id, handler, description, code, all,
                o.memorySize() != null ? o.memorySize() : config.memorySize(),
                o.timeout() != null ? o.timeout() : timeout,
                o.snapStart() != null ? o.snapStart() : snapStart, config.logRetention(), layers);
        o.applyTo(created);
        return created;
    }

    /** The DynamoDB actions the store calls, on the approvals table and its indexes (by ARN, see above). */
    private void grantTable(JavaFunction function) {
        Policy policy = Policy.Builder.create(this, function.getNode().getId() + "Table")
                .roles(List.of(function.role()))
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(TABLE_ACTIONS)
                        .resources(List.of(tableArn, tableArn + "/index/*"))
                        .build()))
                .build();
        Nag.suppress(policy, "AwsSolutions-IAM5", "The store queries the approvals table's indexes"
                + " (by-approver, by-workflow, by-actor, projection-due); '/index/*' names them all.",
                List.of("Resource::" + Nag.subject(Stack.of(this), tableArn) + "/index/*"));
    }

    /**
     * {@code ses:SendEmail} on every identity of the account, but only with From = the configured sender: in the SES
     * sandbox SES also authorises the recipient's identity ({@code identity/<approver>}) against this policy, so a
     * grant on the sender's identity alone denies every send there. {@code configuration-set/*}: an existing identity
     * may carry a default configuration set, which SES authorises too. The code calls SendEmail only (SES v2).
     */
    private void grantSend(JavaFunction function) {
        Stack stack = Stack.of(this);
        String identities = stack.formatArn(ArnComponents.builder().service("ses").resource("identity")
                .resourceName("*").build());
        String configurationSets = stack.formatArn(ArnComponents.builder().service("ses")
                .resource("configuration-set").resourceName("*").build());
        Policy policy = Policy.Builder.create(this, function.getNode().getId() + "Send")
                .roles(List.of(function.role()))
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("ses:SendEmail"))
                        .resources(List.of(identities, configurationSets))
                        .conditions(Map.of("StringEquals", Map.of("ses:FromAddress", config.senderAddress())))
                        .build()))
                .build();
        Nag.suppress(policy, "AwsSolutions-IAM5", "SES authorises the sender's and, in the sandbox, each"
                + " recipient's identity (and a default configuration set) against this policy; the ses:FromAddress"
                + " condition pins the From address to the configured sender.",
                List.of("Resource::" + Nag.subject(stack, identities),
                        "Resource::" + Nag.subject(stack, configurationSets)));
    }

    /** The audit anchors: PutEvents on this service's bus, only with Countersign's source and the anchor type. */
    private void grantAnchors(JavaFunction function) {
        Policy.Builder.create(this, function.getNode().getId() + "Anchors")
                .roles(List.of(function.role()))
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("events:PutEvents"))
                        .resources(List.of(eventBus.getEventBusArn()))
                        .conditions(Map.of("StringEquals", Map.of(
                                "events:source", EVENT_SOURCE,
                                "events:detail-type", EventBridgeAnchorPublisher.DETAIL_TYPE)))
                        .build()))
                .build();
    }

    /**
     * Creates the table after {@code constructs}' resources (and after the rest of this service): a failed first
     * deploy then rolls back before the table exists, and the table can keep deletion protection from its first
     * moment without blocking that rollback (CloudFormation cannot delete a protected table). Does nothing for an
     * existing table. Nothing may reference the table's attributes for this to work: grants and environment use its
     * name.
     */
    public void createTableAfter(IConstruct... constructs) {
        if (createdTable == null) {
            return;
        }
        for (IConstruct scope : constructs) {
            for (IConstruct child : scope.getNode().getChildren()) {
                if (child != createdTable && !child.getNode().getPath().startsWith(createdTable.getNode().getPath())
                        && !createdTable.getNode().getPath().startsWith(child.getNode().getPath())) {
                    createdTable.getNode().addDependency(child);
                }
            }
        }
    }

    /**
     * The audit chain's anchors (docs/data-design.md): a log group of their own, kept ten years and on stack deletion
     * (and on a replacement), deleted only when the deploy that created it rolls back. Not encrypted with a key of
     * ours, as no other log group of the stack is (CloudWatch Logs encrypts at rest).
     */
    private LogGroup auditAnchorLog(String prefix) {
        return LogGroup.Builder.create(this, "AuditAnchors")
                .logGroupName(prefix + "-audit-anchors")
                .retention(RetentionDays.TEN_YEARS)
                .removalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE)
                .build();
    }

    /**
     * Only EventBridge may write the anchors' group: a plain {@code AWS::Logs::ResourcePolicy}, named after the prefix
     * (resource policy names are per account and region, so two deployments must not share one). No
     * {@code aws:SourceArn} condition: AWS's EventBridge guide documents the condition for other targets, not for
     * CloudWatch Logs, and a condition on a key the service does not send would drop every anchor silently; the
     * rule's FailedInvocations alarm ({@link ApprovalMonitoring}) would show that.
     */
    private void allowAnchorDelivery(String prefix) {
        ResourcePolicy.Builder.create(this, "AuditAnchorsPolicy")
                .resourcePolicyName(prefix + "-audit-anchors")
                .policyStatements(List.of(PolicyStatement.Builder.create()
                        .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
                        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                        .resources(List.of(auditAnchors.getLogGroupArn()))
                        .build()))
                .build();
    }

    /**
     * A rule target that writes to a log group, as {@code aws-events-targets}' CloudWatchLogGroup does, but with the
     * log group's resource policy as a plain {@code AWS::Logs::ResourcePolicy} ({@link #auditAnchorLog}): that
     * target installs the policy through a custom-resource Lambda function with a managed policy and
     * {@code logs:DeleteResourcePolicy} on {@code *}, which this stack's roles must not have.
     */
    private static final class LogGroupTarget implements IRuleTarget {
        private final LogGroup group;

        LogGroupTarget(LogGroup group) {
            this.group = group;
        }

        @Override
        public RuleTargetConfig bind(IRuleRef rule) {
            return bind(rule, null);
        }

        @Override
        public RuleTargetConfig bind(IRuleRef rule, String id) {
            return RuleTargetConfig.builder().arn(Stack.of(group).formatArn(ArnComponents.builder()
                    .service("logs").resource("log-group").arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                    .resourceName(group.getLogGroupName()).build())).build();
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
     * Lets the request and decision functions answer the task tokens of {@code workflow} (SendTaskSuccess,
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
                .roles(List.of(requestFunction.role(), decisionFunction.role()))
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("states:SendTaskSuccess", "states:SendTaskFailure",
                                "states:SendTaskHeartbeat"))
                        .resources(List.of(workflow.getStateMachineArn()))
                        .build()))
                .build();
    }

    /**
     * Synth fails for a workflow that contains a gate (its definition invokes the request function) but was never
     * named with {@link #allowGatesIn}: the functions could not hand it a decision, and the first approval would fail
     * at run time with AccessDeniedException on SendTaskSuccess.
     */
    private List<String> gateWorkflowsWithoutCallbacks() {
        List<String> problems = new ArrayList<>();
        String request = Workflows.logicalId(requestFunction.invocable());
        for (StateMachine machine : Workflows.inStack(this)) {
            if (!gateWorkflows.contains(machine) && Workflows.refersTo(machine, request)) {
                problems.add("workflow " + Workflows.describe(machine) + " contains an approval gate but was never"
                        + " passed to allowGatesIn: call gate.service().allowGatesIn(workflow) after creating it, so"
                        + " the Countersign functions may send it decisions (without it every approval fails at run"
                        + " time with AccessDeniedException on SendTaskSuccess).");
            }
        }
        return problems;
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

    /** The workflows named with {@link #allowGatesIn(IStateMachine)}. */
    public List<IStateMachine> gateWorkflows() {
        return List.copyOf(gateWorkflows);
    }

    private Table table(CountersignTables.TableDefinition definition) {
        // Every approval's audit trail lives here: retained (except when the deploy that created it rolls back),
        // protected from deletion, restorable to any second.
        Table created = Table.Builder.create(this, definition.logicalName())
                .tableName(definition.tableName())
                .partitionKey(attribute(definition.partitionKey()))
                .sortKey(definition.sortKey() == null ? null : attribute(definition.sortKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE)
                .timeToLiveAttribute(definition.ttlAttribute())
                .build();
        for (CountersignTables.IndexDefinition index : definition.indexes()) {
            var props = GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(attribute(index.partitionKey()))
                    .sortKey(index.sortKey() == null ? null : attribute(index.sortKey()))
                    .projectionType(switch (index.projection()) {
                        case ALL -> ProjectionType.ALL;
                        case KEYS_ONLY -> ProjectionType.KEYS_ONLY;
                        case INCLUDE -> ProjectionType.INCLUDE;
                    });
            if (index.projection() == CountersignTables.Projection.INCLUDE) {
                props.nonKeyAttributes(index.nonKeyAttributes());
            }
            created.addGlobalSecondaryIndex(props.build());
        }
        return created;
    }

    private static Attribute attribute(CountersignTables.KeyAttribute key) {
        return Attribute.builder().name(key.name()).type(switch (key.type()) {
            case STRING -> AttributeType.STRING;
            case NUMBER -> AttributeType.NUMBER;
            case BINARY -> AttributeType.BINARY;
        }).build();
    }

    /**
     * The HTTP API's access log: request id, caller, route and status — never {@code $context.path}, which carries
     * the link secret on GET /review/{secret}.
     */
    private static final class AccessLogs implements IAccessLogSettings {
        private final IAccessLogDestination destination;

        AccessLogs(IAccessLogDestination destination) {
            this.destination = destination;
        }

        @Override
        public IAccessLogDestination getDestination() {
            return destination;
        }

        @Override
        public AccessLogFormat getFormat() {
            return AccessLogFormat.custom("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                    + "\"requestTime\":\"$context.requestTime\",\"routeKey\":\"$context.routeKey\","
                    + "\"status\":\"$context.status\",\"responseLength\":\"$context.responseLength\","
                    + "\"integrationError\":\"$context.integrationErrorMessage\","
                    + "\"caller\":\"$context.identity.caller\"}");
        }
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
        private FunctionOverrides routeFunctionProps;
        private FunctionOverrides requestFunctionProps;
        private FunctionOverrides escalateFunctionProps;
        private FunctionOverrides decisionFunctionProps;
        private FunctionOverrides repairFunctionProps;

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

        public ApprovalService build() {
            Objects.requireNonNull(config, "config: pass CountersignConfig.fromContext(...) (read in your app)");
            if (code == null) {
                code = FunctionsJar.code();
            }
            return new ApprovalService(this);
        }
    }
}
