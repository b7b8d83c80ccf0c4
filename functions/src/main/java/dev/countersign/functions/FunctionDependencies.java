package dev.countersign.functions;

import dev.countersign.approval.ApprovalStore;
import dev.countersign.audit.AnchorPublisher;
import dev.countersign.audit.AuditKey;
import dev.countersign.audit.eventbridge.EventBridgeAnchorPublisher;
import dev.countersign.audit.AuditKeys;
import dev.countersign.aws.AwsClients;
import dev.countersign.aws.AwsJsonClients;
import dev.countersign.aws.internal.HttpSecretReader;
import dev.countersign.functions.internal.AnchorWarnings;
import dev.countersign.link.LinkStore;
import dev.countersign.mail.Mailer;
import dev.countersign.mail.ses.SesMailer;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import dev.countersign.workflow.WorkflowCallback;
import dev.countersign.workflow.sfn.StepFunctionsCallback;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a handler works with, built once per process. A handler's no-arg constructor (what Lambda calls) builds
 * it from the environment; tests and the local runtime build their own (a store on dynalite, the local SES endpoint,
 * a recording callback, a movable clock, a captured log).
 *
 * @param settings the handlers' configuration
 * @param store    approvals and their audit trails
 * @param links    link grants (the DynamoDB store is both)
 * @param mailer   sends email (SES v2 on AWS)
 * @param callback hands results to waiting workflow tasks (Step Functions)
 * @param clock    "now" for deadlines, link expiry and audit times
 * @param log      JSON lines on stdout
 */
public record FunctionDependencies(CountersignSettings settings, ApprovalStore store, LinkStore links, Mailer mailer,
                                   WorkflowCallback callback, Clock clock, JsonLog log) {
    public FunctionDependencies {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(links, "links");
        Objects.requireNonNull(mailer, "mailer");
        Objects.requireNonNull(callback, "callback");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(log, "log");
    }

    /**
     * Real dependencies from an environment map: {@code AWS_REGION}, {@code AWS_ENDPOINT_URL[_<SERVICE>]},
     * credentials, {@link CountersignSettings} and the audit key. Every AWS call — DynamoDB, Secrets Manager, SES v2,
     * Step Functions, EventBridge — is a signed JSON request over {@link AwsJsonClients}: no SDK client is built, so
     * a cold start loads none of the SDK's classes (docs/handlers.md, "Cold start").
     *
     * @param function the function's name in log lines, e.g. {@code countersign-decision}
     */
    public static FunctionDependencies fromEnvironment(Map<String, String> env, String function) {
        CountersignSettings settings = CountersignSettings.fromEnvironment(env);
        Clock clock = Clock.systemUTC();
        AwsJsonClients aws = AwsJsonClients.fromEnvironment(env, clock);
        JsonLog log = JsonLog.stdout(function);
        DynamoDbApprovalStore store = store(env, aws, clock, anchors(env, aws, log));
        return new FunctionDependencies(settings, store, store, new SesMailer(aws.sesV2()),
                new StepFunctionsCallback(aws.stepFunctions(), settings.callbackRetry()), clock, log);
    }

    /** The approval store alone (for functions that neither email nor call back), from an environment map. */
    public static DynamoDbApprovalStore storeFromEnvironment(Map<String, String> env, Clock clock) {
        AwsJsonClients aws = AwsJsonClients.fromEnvironment(env, clock);
        return store(env, aws, clock, anchors(env, aws, JsonLog.stdout("countersign-store")));
    }

    /**
     * Where the chain's anchors go: EventBridge's bus {@value EventBridgeAnchorPublisher#BUS_VARIABLE} (endpoint
     * {@code AWS_ENDPOINT_URL[_EVENTBRIDGE]}), signed with the clients' credentials, failures logged as warnings to
     * {@code log}; {@link AnchorPublisher#OFF} when the variable is absent.
     *
     * @throws IllegalArgumentException when the variable does not name a bus
     */
    public static AnchorPublisher anchors(Map<String, String> env, AwsClients clients, Clock clock, JsonLog log) {
        return anchors(env, clients.json(clock), log);
    }

    private static AnchorPublisher anchors(Map<String, String> env, AwsJsonClients aws, JsonLog log) {
        String bus = env.get(EventBridgeAnchorPublisher.BUS_VARIABLE);
        if (bus == null || bus.isBlank()) {
            return AnchorPublisher.OFF;
        }
        return new EventBridgeAnchorPublisher(aws.eventBridge(), bus.trim(), new AnchorWarnings(log, bus.trim()));
    }

    /** The store over signed HTTP, with the audit key from the environment or (deployed) from Secrets Manager. */
    private static DynamoDbApprovalStore store(Map<String, String> env, AwsJsonClients aws, Clock clock,
                                               AnchorPublisher anchors) {
        AuditKey key = AuditKeys.resolve(env, Path.of("").toAbsolutePath(), new HttpSecretReader(aws.secretsManager()));
        return DynamoDbApprovalStore.overHttp(aws.dynamoDb(), CountersignTables.fromEnvironment(env), key, clock,
                anchors);
    }
}
