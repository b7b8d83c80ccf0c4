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
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Every AWS client of a process, built in one place from {@link AwsSettings}: one URL-connection HTTP client shared by
 * all, each service client built on first use and then reused (a handler that never sends email never builds SES).
 *
 * <p>A Lambda handler's no-arg constructor creates one of these and keeps it for the life of the container; tests and
 * the local runtime create their own with an explicit environment map.
 */
public final class AwsClients implements AutoCloseable {
    private final AwsSettings settings;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Memo<DynamoDbClient> dynamoDb;
    private final Memo<DynamoDbEnhancedClient> dynamoDbEnhanced;
    private final Memo<SfnClient> sfn;
    private final Memo<SesV2Client> sesV2;
    private final Memo<SecretsManagerClient> secretsManager;

    public AwsClients(AwsSettings settings) {
        this.settings = settings;
        // With a connection factory the client builds no TLS context of its own: HTTPS connections use the JDK's
        // default one, created on the first HTTPS request. Plain-HTTP endpoints (dynalite, the local engine) never
        // pay for a trust store, and AWS endpoints pay for it once, as before.
        this.http = UrlConnectionHttpClient.create(AwsClients::openConnection);
        this.credentials = credentialsProvider(settings.credentials());
        this.dynamoDb = new Memo<>(() -> configure(DynamoDbClient.builder(), AwsService.DYNAMODB).build());
        this.dynamoDbEnhanced = new Memo<>(() -> DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb()).build());
        // SES and Step Functions callers retry on their own, with backoff and a bounded total time, so that every
        // failed attempt is visible (audited as NOTIFY_FAILED, logged for callbacks): the SDK must not retry too.
        this.sfn = new Memo<>(() -> configure(SfnClient.builder(), AwsService.SFN)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
        this.sesV2 = new Memo<>(() -> configure(SesV2Client.builder(), AwsService.SESV2)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
        this.secretsManager = new Memo<>(() -> configure(SecretsManagerClient.builder(), AwsService.SECRETS_MANAGER)
                .build());
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

    /** Step Functions, with the SDK's retries off: {@code StepFunctionsCallback} retries with its own bounds. */
    public SfnClient sfn() {
        return sfn.get();
    }

    /** SES v2, with the SDK's retries off: the request function retries and audits every failed attempt. */
    public SesV2Client sesV2() {
        return sesV2.get();
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager.get();
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
        builder.httpClient(http).region(Region.of(settings.region())).credentialsProvider(credentials);
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
        sfn.ifBuilt(SfnClient::close);
        sesV2.ifBuilt(SesV2Client::close);
        secretsManager.ifBuilt(SecretsManagerClient::close);
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
