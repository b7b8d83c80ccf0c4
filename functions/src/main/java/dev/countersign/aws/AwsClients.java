package dev.countersign.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import dev.countersign.aws.internal.RequestSigner;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The SDK's DynamoDB clients of a process, built in one place from {@link AwsSettings}: one URL-connection HTTP client,
 * each client built on first use and then reused; and the credentials of the SDK's default chain for
 * {@link AwsJsonClients}. The Lambda functions' own calls (DynamoDB, SES, Step Functions, Secrets Manager,
 * EventBridge) go through {@link AwsJsonClients}, not through SDK clients (cold start); these serve table creation,
 * the repair sweep, tests and the local runtime.
 */
public final class AwsClients implements AutoCloseable {
    private final AwsSettings settings;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Memo<DynamoDbClient> dynamoDb;
    private final Memo<DynamoDbEnhancedClient> dynamoDbEnhanced;

    public AwsClients(AwsSettings settings) {
        this.settings = settings;
        // With a connection factory the client builds no TLS context of its own: HTTPS connections use the JDK's
        // default one, created on the first HTTPS request. Plain-HTTP endpoints (dynalite, the local engine) never
        // pay for a trust store, and AWS endpoints pay for it once, as before.
        this.http = UrlConnectionHttpClient.create(AwsClients::openConnection);
        this.credentials = credentialsProvider(settings.credentials());
        this.dynamoDb = new Memo<>(() -> configure(DynamoDbClient.builder(), AwsService.DYNAMODB).build());
        this.dynamoDbEnhanced = new Memo<>(() -> DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb()).build());
    }

    private static final int CONNECT_TIMEOUT_MILLIS = (int) Duration.ofSeconds(2).toMillis();
    private static final int READ_TIMEOUT_MILLIS = (int) Duration.ofSeconds(30).toMillis();

    private static HttpURLConnection openConnection(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setReadTimeout(READ_TIMEOUT_MILLIS);
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a connection to " + uri.getHost(), e);
        }
    }

    /** Clients configured from this process's environment variables. */
    public static AwsClients fromProcessEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static AwsClients fromEnvironment(Map<String, String> env) {
        return new AwsClients(AwsSettings.fromEnvironment(env));
    }

    public AwsSettings settings() {
        return settings;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    public DynamoDbEnhancedClient dynamoDbEnhanced() {
        return dynamoDbEnhanced.get();
    }


    /** Signed JSON clients with these settings and these clients' credentials. */
    public AwsJsonClients json(java.time.Clock clock) {
        return new AwsJsonClients(settings, this::signingCredentials, clock);
    }

    /**
     * The process's credentials now, for the small HTTP client ({@code AwsJsonClient}): resolved by the same provider
     * the SDK clients use (which caches and refreshes them).
     */
    public RequestSigner.Credentials signingCredentials() {
        software.amazon.awssdk.auth.credentials.AwsCredentials resolved = credentials.resolveCredentials();
        return new RequestSigner.Credentials(resolved.accessKeyId(), resolved.secretAccessKey(),
                resolved instanceof AwsSessionCredentials session ? session.sessionToken() : null);
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder,
            AwsService service) {
        builder.httpClient(http).region(Region.of(settings.region())).credentialsProvider(credentials)
                .fipsEnabled(settings.fips()).dualstackEnabled(settings.dualStack());
        settings.endpoint(service).ifPresent(builder::endpointOverride);
        return builder;
    }

    private static AwsCredentialsProvider credentialsProvider(AwsSettings.Credentials credentials) {
        if (credentials instanceof AwsSettings.Credentials.FromEnvironment env) {
            return StaticCredentialsProvider.create(env.sessionToken() == null
                    ? AwsBasicCredentials.create(env.accessKeyId(), env.secretAccessKey())
                    : AwsSessionCredentials.create(env.accessKeyId(), env.secretAccessKey(), env.sessionToken()));
        }
        if (credentials instanceof AwsSettings.Credentials.LocalDummy) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(AwsSettings.LOCAL_ACCESS_KEY, AwsSettings.LOCAL_ACCESS_KEY));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public void close() {
        dynamoDb.ifBuilt(DynamoDbClient::close);
        http.close();
    }

    /** Builds a value on first use, once, even when several threads ask at the same time. */
    private static final class Memo<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Memo(Supplier<T> factory) {
            this.factory = factory;
        }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = factory.get();
                        value = v;
                    }
                }
            }
            return v;
        }

        void ifBuilt(java.util.function.Consumer<T> action) {
            T v = value;
            if (v != null) {
                action.accept(v);
            }
        }
    }
}
