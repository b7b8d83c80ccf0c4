package dev.countersign.functions;

import dev.countersign.approval.ApprovalStore;
import dev.countersign.audit.AnchorPublisher;
import dev.countersign.audit.AuditKey;
import dev.countersign.audit.eventbridge.EventBridgeAnchorPublisher;
import dev.countersign.audit.AuditKeys;
import dev.countersign.aws.AwsClients;
import dev.countersign.aws.AwsService;
import dev.countersign.aws.AwsSettings;
import dev.countersign.aws.SecretsManagerSecretReader;
import dev.countersign.aws.internal.AwsJsonClient;
import dev.countersign.aws.internal.HttpSecretReader;
import dev.countersign.aws.internal.RequestSigner;
import dev.countersign.functions.internal.AnchorWarnings;
import dev.countersign.functions.internal.DeferredAdapters;
import dev.countersign.functions.internal.OnFirstUse;
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
import java.util.Optional;

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
     * credentials, {@link CountersignSettings} and the audit key. The SES and Step Functions clients are built on
     * first use (a page view builds neither).
     *
     * @param function the function's name in log lines, e.g. {@code countersign-decision}
     */
    public static FunctionDependencies fromEnvironment(Map<String, String> env, String function) {
        CountersignSettings settings = CountersignSettings.fromEnvironment(env);
        Clock clock = Clock.systemUTC();
        AwsClients clients = AwsClients.fromEnvironment(env);
        JsonLog log = JsonLog.stdout(function);
        DynamoDbApprovalStore store = store(env, clients, clock, anchors(env, clients, clock, log));
        return new FunctionDependencies(settings, store, store, new SesMailer(clients::sesV2),
                new StepFunctionsCallback(clients::sfn, settings.callbackRetry()), clock, log);
    }

    /**
     * The decision function's dependencies from an environment map: as {@link #fromEnvironment}, except that the
     * store goes over a small signed-HTTP client ({@link DynamoDbApprovalStore#overHttp}) and the SES and Step
     * Functions clients are built on first use, so a page view builds no SDK client. With credentials from neither
     * the environment (what Lambda provides) nor a local setup, or with
     * FIPS or dual-stack endpoints asked for, it is {@link #fromEnvironment} (the SDK resolves those).
     */
    public static FunctionDependencies forDecisionFunction(Map<String, String> env, String function) {
        AwsSettings aws = AwsSettings.fromEnvironment(env);
        Optional<RequestSigner.Credentials> credentials = signingCredentials(aws);
        if (credentials.isEmpty() || isTrue(env.get("AWS_USE_FIPS_ENDPOINT"))
                || isTrue(env.get("AWS_USE_DUALSTACK_ENDPOINT"))) {
            return fromEnvironment(env, function);
        }
        CountersignSettings settings = CountersignSettings.fromEnvironment(env);
        Clock clock = Clock.systemUTC();
        OnFirstUse<AwsClients> clients = new OnFirstUse<>(() -> new AwsClients(aws));
        AwsJsonClient secrets = new AwsJsonClient(AwsJsonClient.endpoint(aws, AwsService.SECRETS_MANAGER,
                "secretsmanager"), aws.region(), AwsJsonClient.Protocol.SECRETS_MANAGER, credentials.get(), clock);
        AuditKey key = AuditKeys.resolve(env, Path.of("").toAbsolutePath(), new HttpSecretReader(secrets));
        JsonLog log = JsonLog.stdout(function);
        // Built now but called only after a write other than a page view: the review page never reaches EventBridge.
        AnchorPublisher anchors = anchors(env, aws, credentials.get(), clock, log);
        DynamoDbApprovalStore store = DynamoDbApprovalStore.overHttp(new AwsJsonClient(AwsJsonClient.endpoint(aws,
                AwsService.DYNAMODB, "dynamodb"), aws.region(), AwsJsonClient.Protocol.DYNAMODB, credentials.get(),
                clock), CountersignTables.fromEnvironment(env), key, clock, anchors);
        return new FunctionDependencies(settings, store, store,
                DeferredAdapters.mailer(() -> new SesMailer(() -> clients.get().sesV2())),
                DeferredAdapters.callback(() -> new StepFunctionsCallback(() -> clients.get().sfn(),
                        settings.callbackRetry())), clock, log);
    }

    /** Keys to sign requests with, when they come from the environment or the local dummy. */
    private static Optional<RequestSigner.Credentials> signingCredentials(AwsSettings aws) {
        if (aws.credentials() instanceof AwsSettings.Credentials.FromEnvironment c) {
            return Optional.of(new RequestSigner.Credentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
        }
        if (aws.credentials() instanceof AwsSettings.Credentials.LocalDummy) {
            return Optional.of(new RequestSigner.Credentials(AwsSettings.LOCAL_ACCESS_KEY,
                    AwsSettings.LOCAL_ACCESS_KEY, null));
        }
        return Optional.empty();
    }

    private static boolean isTrue(String value) {
        return value != null && value.trim().equalsIgnoreCase("true");
    }

    /** The approval store alone (for functions that neither email nor call back), from an environment map. */
    public static DynamoDbApprovalStore storeFromEnvironment(Map<String, String> env, Clock clock) {
        AwsClients clients = AwsClients.fromEnvironment(env);
        return store(env, clients, clock, anchors(env, clients, clock, JsonLog.stdout("countersign-store")));
    }

    /**
     * Where the chain's anchors go: EventBridge's bus {@value EventBridgeAnchorPublisher#BUS_VARIABLE} (endpoint
     * {@code AWS_ENDPOINT_URL[_EVENTBRIDGE]}), signed with the clients' credentials, failures logged as warnings to
     * {@code log}; {@link AnchorPublisher#OFF} when the variable is absent.
     *
     * @throws IllegalArgumentException when the variable does not name a bus
     */
    public static AnchorPublisher anchors(Map<String, String> env, AwsClients clients, Clock clock, JsonLog log) {
        AwsSettings aws = clients.settings();
        return anchors(env, aws, log, endpoint -> new AwsJsonClient(endpoint, aws.region(),
                AwsJsonClient.Protocol.EVENTBRIDGE, clients::signingCredentials, clock));
    }

    private static AnchorPublisher anchors(Map<String, String> env, AwsSettings aws,
                                           RequestSigner.Credentials credentials, Clock clock, JsonLog log) {
        return anchors(env, aws, log, endpoint -> new AwsJsonClient(endpoint, aws.region(),
                AwsJsonClient.Protocol.EVENTBRIDGE, credentials, clock));
    }

    /** The publisher on the bus the environment names, through {@code client} (fixed or refreshed credentials). */
    private static AnchorPublisher anchors(Map<String, String> env, AwsSettings aws, JsonLog log,
                                           java.util.function.Function<java.net.URI, AwsJsonClient> client) {
        String bus = env.get(EventBridgeAnchorPublisher.BUS_VARIABLE);
        if (bus == null || bus.isBlank()) {
            return AnchorPublisher.OFF;
        }
        AwsJsonClient events = client.apply(AwsJsonClient.endpoint(aws, AwsService.EVENTBRIDGE, "events"));
        return new EventBridgeAnchorPublisher(events, bus.trim(), new AnchorWarnings(log, bus.trim()));
    }

    private static DynamoDbApprovalStore store(Map<String, String> env, AwsClients clients, Clock clock,
                                               AnchorPublisher anchors) {
        // The Secrets Manager client is built only when the key lives there (the deployed stack), not for an inline key.
        AuditKey key = AuditKeys.resolve(env, Path.of("").toAbsolutePath(),
                secretId -> new SecretsManagerSecretReader(clients.secretsManager()).read(secretId));
        return DynamoDbApprovalStore.fromEnvironment(clients, env, key, clock, anchors);
    }
}
