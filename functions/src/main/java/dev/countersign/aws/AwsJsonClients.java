package dev.countersign.aws;

import dev.countersign.aws.internal.AwsJsonClient;
import dev.countersign.aws.internal.RequestSigner;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Every AWS call of a function, without the SDK: one signed JSON client ({@link AwsJsonClient}) per service, at the
 * endpoint {@link AwsSettings#endpointOf} resolves, signed with the process's credentials. This is what the Lambda
 * functions' cold paths use (docs/handlers.md, "Cold start"); {@link AwsClients} builds the SDK's clients for the
 * tools that need them (table creation, the repair sweep, the local runtime's own checks).
 *
 * <p>Credentials: the keys Lambda puts in the environment (or the local dummy keys) are used as they are; otherwise
 * the SDK's default chain is asked on each call (it caches and refreshes), and only then is any SDK class loaded.
 */
public final class AwsJsonClients {
    private final AwsSettings settings;
    private final Supplier<RequestSigner.Credentials> credentials;
    private final Clock clock;

    public AwsJsonClients(AwsSettings settings, Supplier<RequestSigner.Credentials> credentials, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Clients for the settings an environment map gives, with the credentials {@link #credentials} picks. */
    public static AwsJsonClients fromEnvironment(Map<String, String> env, Clock clock) {
        AwsSettings settings = AwsSettings.fromEnvironment(env);
        return new AwsJsonClients(settings, credentials(settings), clock);
    }

    /**
     * Fixed keys from the environment or the local dummy keys; else the SDK's default chain (profile, container,
     * instance role…), built on first use.
     */
    public static Supplier<RequestSigner.Credentials> credentials(AwsSettings settings) {
        if (settings.credentials() instanceof AwsSettings.Credentials.FromEnvironment c) {
            return new Fixed(new RequestSigner.Credentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
        }
        if (settings.credentials() instanceof AwsSettings.Credentials.LocalDummy) {
            return new Fixed(new RequestSigner.Credentials(AwsSettings.LOCAL_ACCESS_KEY, AwsSettings.LOCAL_ACCESS_KEY,
                    null));
        }
        return new DefaultChain(settings);
    }

    public AwsSettings settings() {
        return settings;
    }

    public AwsJsonClient dynamoDb() {
        return client(AwsService.DYNAMODB, AwsJsonClient.Protocol.DYNAMODB);
    }

    public AwsJsonClient secretsManager() {
        return client(AwsService.SECRETS_MANAGER, AwsJsonClient.Protocol.SECRETS_MANAGER);
    }

    public AwsJsonClient eventBridge() {
        return client(AwsService.EVENTBRIDGE, AwsJsonClient.Protocol.EVENTBRIDGE);
    }

    public AwsJsonClient stepFunctions() {
        return client(AwsService.SFN, AwsJsonClient.Protocol.STEP_FUNCTIONS);
    }

    /** Secrets Manager's GetSecretValue as the audit key's reader needs it (no SDK). */
    public dev.countersign.audit.SecretReader secretReader() {
        return new dev.countersign.aws.internal.HttpSecretReader(secretsManager());
    }

    public AwsJsonClient sesV2() {
        return client(AwsService.SESV2, AwsJsonClient.Protocol.SES_V2);
    }

    private AwsJsonClient client(AwsService service, AwsJsonClient.Protocol protocol) {
        return new AwsJsonClient(settings.endpointOf(service), settings.region(), protocol, credentials, clock);
    }

    /** A named class rather than a lambda: each lambda costs a fresh JVM a generated class. */
    private record Fixed(RequestSigner.Credentials value) implements Supplier<RequestSigner.Credentials> {
        @Override
        public RequestSigner.Credentials get() {
            return value;
        }
    }

    /** The SDK's default chain, through {@link AwsClients} (which caches and refreshes), built on the first call. */
    private static final class DefaultChain implements Supplier<RequestSigner.Credentials> {
        private final AwsSettings settings;
        private volatile AwsClients clients;

        DefaultChain(AwsSettings settings) {
            this.settings = settings;
        }

        @Override
        public RequestSigner.Credentials get() {
            AwsClients c = clients;
            if (c == null) {
                synchronized (this) {
                    c = clients;
                    if (c == null) {
                        c = new AwsClients(settings);
                        clients = c;
                    }
                }
            }
            return c.signingCredentials();
        }
    }
}
