package dev.countersign.functions;

import dev.countersign.approval.ApprovalStore;
import dev.countersign.audit.AuditKey;
import dev.countersign.audit.AuditKeys;
import dev.countersign.aws.AwsClients;
import dev.countersign.aws.SecretsManagerSecretReader;
import dev.countersign.link.LinkStore;
import dev.countersign.mail.Mailer;
import dev.countersign.mail.ses.SesMailer;
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
     * credentials, {@link CountersignSettings} and the audit key. The SES and Step Functions clients are built on
     * first use (a page view builds neither).
     *
     * @param function the function's name in log lines, e.g. {@code countersign-decision}
     */
    public static FunctionDependencies fromEnvironment(Map<String, String> env, String function) {
        CountersignSettings settings = CountersignSettings.fromEnvironment(env);
        Clock clock = Clock.systemUTC();
        AwsClients clients = AwsClients.fromEnvironment(env);
        DynamoDbApprovalStore store = store(env, clients, clock);
        return new FunctionDependencies(settings, store, store, new SesMailer(clients::sesV2),
                new StepFunctionsCallback(clients::sfn, settings.callbackRetry()), clock, JsonLog.stdout(function));
    }

    /** The approval store alone (for functions that neither email nor call back), from an environment map. */
    public static DynamoDbApprovalStore storeFromEnvironment(Map<String, String> env, Clock clock) {
        return store(env, AwsClients.fromEnvironment(env), clock);
    }

    private static DynamoDbApprovalStore store(Map<String, String> env, AwsClients clients, Clock clock) {
        // The Secrets Manager client is built only when the key lives there (the deployed stack), not for an inline key.
        AuditKey key = AuditKeys.resolve(env, Path.of("").toAbsolutePath(),
                secretId -> new SecretsManagerSecretReader(clients.secretsManager()).read(secretId));
        return DynamoDbApprovalStore.fromEnvironment(clients, env, key, clock);
    }
}
