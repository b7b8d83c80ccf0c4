package dev.countersign.local.runtime.readers;

import dev.countersign.audit.AuditKey;
import dev.countersign.audit.AuditKeys;
import dev.countersign.aws.AwsClients;
import dev.countersign.aws.AwsService;
import dev.countersign.aws.AwsSettings;
import dev.countersign.local.events.EventLog;
import dev.countersign.local.runtime.RuntimeEndpoints;
import dev.countersign.local.runtime.cli.Arguments;
import dev.countersign.local.runtime.cli.CommandProblem;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.DynamoDbApprovalLists;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import dev.countersign.store.dynamodb.DynamoDbProjectionRepair;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a reader command ({@code audit}, {@code audit export}, {@code pending}) reads: a deployed stack's table through
 * the standard AWS credential chain when the environment names one and no local option was given, else the dynalite of
 * {@code countersign up} with the audit key and published anchors it keeps in its data directory.
 */
public final class ReadTarget implements AutoCloseable {
    public static final String DEFAULT_DYNAMODB = "http://127.0.0.1:8000";
    public static final Path DEFAULT_DATA = Path.of(".countersign");

    private final Map<String, String> env;
    private final AwsClients clients;
    private final boolean deployed;
    private final Path data;

    private ReadTarget(Map<String, String> env, AwsClients clients, boolean deployed, Path data) {
        this.env = Map.copyOf(env);
        this.clients = clients;
        this.deployed = deployed;
        this.data = data;
    }

    /** What decides where to read: the data directory and DynamoDB endpoint options, each given or not. */
    public record Local(Path data, boolean dataGiven, URI dynamoDbEndpoint) {
        public Local {
            data = data == null ? DEFAULT_DATA : data;
        }

        /** The options {@code --data DIR} and {@code --dynamodb-endpoint URL} as a command line gave them. */
        public static Local from(Arguments arguments) {
            Optional<String> data = arguments.value("--data");
            return new Local(data.map(Path::of).orElse(DEFAULT_DATA), data.isPresent(),
                    arguments.value("--dynamodb-endpoint").map(value -> endpoint(arguments, value)).orElse(null));
        }
    }

    /** True when the environment holds a deployed stack's audit key settings (what the audit commands read). */
    public static boolean keyConfigured(Map<String, String> env) {
        return present(env.get(AuditKeys.SECRET_VARIABLE)) || present(env.get(AuditKeys.KEY_VARIABLE));
    }

    /** True when the environment names a deployed stack's table or audit key (what {@code pending} reads). */
    public static boolean tableConfigured(Map<String, String> env) {
        return present(env.get(CountersignTables.TABLE_VARIABLE)) || keyConfigured(env);
    }

    /**
     * @param deployedEnvironment whether the process environment describes a deployed stack (see
     *                            {@link #keyConfigured} and {@link #tableConfigured}); it is used only when neither
     *                            {@code --data} nor {@code --dynamodb-endpoint} was given
     * @throws CommandProblem when the AWS settings are wrong or nothing listens at the local endpoint
     */
    public static ReadTarget resolve(Local local, Map<String, String> processEnv, boolean deployedEnvironment) {
        if (deployedEnvironment && local.dynamoDbEndpoint() == null && !local.dataGiven()) {
            try {
                return new ReadTarget(processEnv, new AwsClients(AwsSettings.fromEnvironment(processEnv)), true,
                        local.data());
            } catch (IllegalArgumentException e) {
                throw CommandProblem.cannotRead(e.getMessage());
            }
        }
        // The runtime that used the data directory says where its dynalite listens (it may run on other ports).
        Optional<RuntimeEndpoints> running = local.dynamoDbEndpoint() != null ? Optional.empty()
                : RuntimeEndpoints.readFrom(local.data());
        URI dynamoDb = local.dynamoDbEndpoint() != null ? local.dynamoDbEndpoint()
                : running.map(RuntimeEndpoints::dynamoDb).orElse(URI.create(DEFAULT_DYNAMODB));
        requireListening(dynamoDb, local.dynamoDbEndpoint() != null, running.isPresent()
                ? local.data().resolve(RuntimeEndpoints.FILE) : null);
        Map<String, String> env = localEnvironment(dynamoDb);
        return new ReadTarget(env, new AwsClients(AwsSettings.fromEnvironment(env)), false, local.data());
    }

    /** Reads on a deployed stack's table (else the local runtime's). */
    public boolean deployed() {
        return deployed;
    }

    /** The environment the store reads its table and endpoints from. */
    public Map<String, String> environment() {
        return env;
    }

    public String tableName() {
        return CountersignTables.fromEnvironment(env).approvals().tableName();
    }

    /** The lists, with readable page tokens: no audit key needed. */
    public DynamoDbApprovalLists lists() {
        return DynamoDbApprovalLists.withReadableTokens(clients, env);
    }

    /** The store, to read approvals and verify chains with {@code key}; it publishes nothing. */
    public DynamoDbApprovalStore store(AuditKey key) {
        return DynamoDbApprovalStore.fromEnvironment(clients, env, key, Clock.systemUTC());
    }

    /** The approvals whose list rows lag behind them now (at most {@code max}): read them by id to miss none. */
    public java.util.List<dev.countersign.approval.ApprovalId> lagging(int max) {
        return DynamoDbProjectionRepair.fromEnvironment(clients, env, Clock.systemUTC()).due(max);
    }

    /**
     * The audit key: on AWS from {@value AuditKeys#SECRET_VARIABLE} (or {@value AuditKeys#KEY_VARIABLE}); locally the
     * key file of the data directory, which is never created here: a new key would make every chain look forged.
     */
    public AuditKey auditKey() {
        if (deployed) {
            try {
                return AuditKeys.resolve(env, Path.of("").toAbsolutePath(),
                        clients.json(Clock.systemUTC()).secretReader());
            } catch (RuntimeException e) {
                throw CommandProblem.cannotRead("cannot read the audit key: " + e.getMessage());
            }
        }
        Path keyFile = data.resolve(AuditKeys.KEY_FILE);
        if (!Files.isRegularFile(keyFile)) {
            throw CommandProblem.cannotRead("no audit key at " + keyFile + ": point --data at the data directory"
                    + " countersign up used (default .countersign), or on AWS set " + AuditKeys.SECRET_VARIABLE);
        }
        return AuditKeys.localKey(keyFile);
    }

    /** Locally, the anchors the local EventBridge endpoint appended in the data directory, when there are any. */
    public Optional<Path> localAnchors() {
        Path file = data.resolve(EventLog.FILE);
        return !deployed && Files.exists(file) ? Optional.of(file) : Optional.empty();
    }

    @Override
    public void close() {
        clients.close();
    }

    /** What the local runtime's functions read, for the store alone. */
    public static Map<String, String> localEnvironment(URI dynamoDb) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-east-1");
        // dynalite checks no signature; fixed keys keep the SDK from looking for real ones
        env.put("AWS_ACCESS_KEY_ID", AwsSettings.LOCAL_ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", AwsSettings.LOCAL_ACCESS_KEY);
        env.put(AwsService.DYNAMODB.endpointVariable(), dynamoDb.toString());
        env.put(CountersignTables.TABLE_VARIABLE, CountersignTables.DEFAULT_APPROVALS_TABLE);
        return env;
    }

    /**
     * Fails with what to do when nothing listens at the endpoint.
     *
     * @param from the runtime's endpoints file the endpoint came from, or null
     */
    public static void requireListening(URI endpoint, boolean given, Path from) {
        int port = endpoint.getPort() != -1 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), 2_000);
        } catch (IOException e) {
            throw CommandProblem.cannotRead("nothing is listening at " + endpoint + " (" + e.getMessage() + "): "
                    + (given ? "check --dynamodb-endpoint, or start ./countersign up with that DynamoDB port first"
                    : from != null ? "that is where the countersign up that used this data directory (" + from
                    + ") kept dynalite, and it is not running now: start it again with the same --data"
                    : "start ./countersign up first, or give --dynamodb-endpoint"));
        }
    }

    /** {@code --dynamodb-endpoint}'s value as an http(s) URL with a host. */
    static URI endpoint(Arguments arguments, String value) {
        return endpoint(value, arguments::problem);
    }

    /**
     * {@code --dynamodb-endpoint}'s value as an http(s) URL with a host.
     *
     * @param problem makes the command's own usage error of a message
     */
    public static URI endpoint(String value, java.util.function.Function<String, RuntimeException> problem) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw problem.apply("--dynamodb-endpoint '" + value + "' is not a URL: write it like " + DEFAULT_DYNAMODB);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw problem.apply("--dynamodb-endpoint '" + value + "' is not an http(s) URL with a host: write it"
                    + " like " + DEFAULT_DYNAMODB);
        }
        return uri;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
