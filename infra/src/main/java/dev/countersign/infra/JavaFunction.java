package dev.countersign.infra;

import java.util.List;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One Lambda function from the functions' shaded jar, as every Countersign function is deployed: the newest Java
 * runtime this CDK knows ({@link #RUNTIME}), arm64, JSON logs into its own log group with bounded retention, X-Ray
 * tracing, and a role of its own that can write only that log group (no managed policies). With SnapStart on, callers
 * invoke the {@code live} alias of the published version ({@link #invocable()}).
 */
public final class JavaFunction extends Construct {
    /** The newest Java runtime aws-cdk-lib 2.263.0 knows; our bytecode targets 17, which it runs. */
    public static final Runtime RUNTIME = Runtime.JAVA_25;
    public static final String LIVE_ALIAS = "live";
    /**
     * C1 only: measured on the shaded jar pinned to one core (./countersign bench footprint), it cuts the first
     * response of a cold review page from ~0.85 s to ~0.59 s and of a request from ~1.33 s to ~0.87 s.
     */
    public static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    private final Function function;
    private final Role role;
    private final LogGroup logGroup;
    private final IFunction invocable;

    /**
     * @param handler     the handler class (a {@code RequestStreamHandler})
     * @param code        the functions' lambda jar
     * @param environment the function's environment variables
     * @param memorySize  MB
     * @param timeout     the invocation limit
     * @param snapStart   publish a version with SnapStart and put the {@code live} alias on it
     * @param retention   the log group's retention
     */
    public JavaFunction(Construct scope, String id, String handler, String description, Code code,
                        Map<String, String> environment, int memorySize, Duration timeout, boolean snapStart,
                        RetentionDays retention) {
        this(scope, id, handler, description, code, environment, memorySize, timeout, snapStart, retention, List.of());
    }

    /** As above, with layers (e.g. {@link RoutingRulesLayer}) mounted under {@code /opt}. */
    public JavaFunction(Construct scope, String id, String handler, String description, Code code,
                        Map<String, String> environment, int memorySize, Duration timeout, boolean snapStart,
                        RetentionDays retention, List<? extends ILayerVersion> layers) {
        super(scope, id);
        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(retention)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // A role of its own with only what grants add: no AWSLambdaBasicExecutionRole (its logs:* reach every group).
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Countersign " + id + ": only the grants its construct adds")
                .build();
        logGroup.grantWrite(role);
        var builder = Function.Builder.create(this, "Function")
                .runtime(RUNTIME)
                .architecture(Architecture.ARM_64)
                .handler(handler)
                .code(code)
                .description(description)
                .memorySize(memorySize)
                .timeout(timeout)
                .environment(withJvmOptions(environment))
                .role(role)
                .logGroup(logGroup)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.WARN)
                .tracing(Tracing.ACTIVE);
        if (!layers.isEmpty()) {
            builder.layers(List.copyOf(layers));
        }
        if (snapStart) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        this.function = builder.build();
        this.invocable = snapStart
                ? Alias.Builder.create(this, "Live").aliasName(LIVE_ALIAS).version(function.getCurrentVersion()).build()
                : function;
        Nag.suppress(role, "AwsSolutions-IAM5", "Active tracing: X-Ray's PutTraceSegments and PutTelemetryRecords"
                + " support no resource-level permissions, so CDK grants them on '*' (no other action is).",
                List.of("Resource::*"));
    }

    private static Map<String, String> withJvmOptions(Map<String, String> environment) {
        Map<String, String> all = new java.util.LinkedHashMap<>(environment);
        all.putIfAbsent("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        return all;
    }

    public Function function() {
        return function;
    }

    public Role role() {
        return role;
    }

    public LogGroup logGroup() {
        return logGroup;
    }

    /** What workflows and the API invoke: the {@code live} alias with SnapStart, else the function. */
    public IFunction invocable() {
        return invocable;
    }

    /** Lets a workflow or service invoke {@link #invocable()}. */
    public void grantInvoke(IGrantable grantee) {
        invocable.grantInvoke(grantee);
    }

    /**
     * An EventBridge schedule that runs this function. A failed run is not retried by Lambda (the next scheduled
     * run is the retry, with fresh work); EventBridge retries a failed delivery twice within four minutes.
     */
    Rule runOnSchedule(Construct scope, String id, String description, String expression) {
        function.configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(0).maxEventAge(Duration.minutes(4)).build());
        return Rule.Builder.create(scope, id)
                .description(description)
                .schedule(Schedule.expression(expression))
                .targets(List.of(new LambdaFunction(function, LambdaFunctionProps.builder()
                        .retryAttempts(2).maxEventAge(Duration.minutes(4)).build())))
                .build();
    }
}
