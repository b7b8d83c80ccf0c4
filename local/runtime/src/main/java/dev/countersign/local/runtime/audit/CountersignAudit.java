package dev.countersign.local.runtime.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditKey;
import dev.countersign.audit.AuditKeys;
import dev.countersign.audit.ChainVerification;
import dev.countersign.aws.AwsClients;
import dev.countersign.aws.AwsService;
import dev.countersign.aws.AwsSettings;
import dev.countersign.aws.SecretsManagerSecretReader;
import dev.countersign.local.events.EventLog;
import dev.countersign.local.runtime.RuntimeEndpoints;
import dev.countersign.local.runtime.Usage;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./countersign audit <approval-id>}: prints how an approval was authorised (the proposal's facts, the trail,
 * the outcome) and verifies its chain with the audit key, against the item's anchor and the newest published one.
 *
 * <p>Exit status: 0 the chain is intact, 1 it is broken, 2 it could not be checked (a command-line mistake, no such
 * approval, nothing listening, no key).
 */
public final class CountersignAudit {
    public static final String USAGE = Usage.text("audit-usage.txt");

    static final String DEFAULT_DYNAMODB = "http://127.0.0.1:8000";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A reason the chain could not be checked: printed as is, exit status 2 (0 for --help). */
    static final class AuditProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        AuditProblem(String message, int exitCode) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }

        static AuditProblem usage(String message) {
            return new AuditProblem(message + " (run ./countersign audit --help for the options)", 2);
        }

        static AuditProblem cannotCheck(String message) {
            return new AuditProblem(message, 2);
        }
    }

    /** The command line, checked. */
    record Options(String approvalId, String executionArn, String gate, boolean json, Path anchors, Path data,
                   URI dynamoDbEndpoint, boolean dataGiven, boolean endpointGiven) {
    }

    private CountersignAudit() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command; {@code env} is the process environment (which decides local or AWS). */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            Options options = parse(args);
            AuditReport report = report(options, env);
            if (options.json()) {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report.json()));
            } else {
                out.print(report.text());
            }
            out.flush();
            return report.intact() ? 0 : 1;
        } catch (AuditProblem e) {
            if (e.exitCode == 0) {
                out.println(e.getMessage());
            } else {
                err.println("countersign audit: " + e.getMessage());
            }
            return e.exitCode;
        } catch (PublishedAnchors.UnreadableAnchors e) {
            err.println("countersign audit: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("countersign audit: could not check the approval: " + e.getMessage());
            return 2;
        }
    }

    static Options parse(String... args) {
        String target = null;
        String gate = null;
        boolean json = false;
        Path anchors = null;
        Path data = Path.of(".countersign");
        boolean dataGiven = false;
        String endpoint = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                throw new AuditProblem(USAGE, 0);
            }
            if (option.equals("--json")) {
                json = true;
                continue;
            }
            if (!option.startsWith("-")) {
                if (target != null) {
                    throw AuditProblem.usage("give one approval id, not '" + target + "' and '" + option + "'");
                }
                target = option;
                continue;
            }
            String value;
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            } else if (List.of("--gate", "--anchors", "--data", "--dynamodb-endpoint").contains(option)) {
                if (i + 1 >= args.length) {
                    throw AuditProblem.usage(option + " needs a value");
                }
                value = args[++i];
            } else {
                throw AuditProblem.usage("unknown option '" + option + "'");
            }
            if (value.isBlank()) {
                throw AuditProblem.usage(option + " needs a value");
            }
            switch (option) {
                case "--gate" -> gate = value;
                case "--anchors" -> anchors = Path.of(value);
                case "--data" -> {
                    data = Path.of(value);
                    dataGiven = true;
                }
                case "--dynamodb-endpoint" -> endpoint = value;
                default -> throw AuditProblem.usage("unknown option '" + option + "'");
            }
        }
        if (target == null) {
            throw AuditProblem.usage("which approval? give its id (ap_..., from the review link's page or the"
                    + " decision), or an execution ARN with --gate");
        }
        String approvalId;
        String executionArn = null;
        if (target.startsWith("arn:")) {
            if (gate == null) {
                throw AuditProblem.usage("--gate is missing: an execution ARN names an approval only with the gate"
                        + " (the approval gate's name in the workflow, for example --gate refund-approval)");
            }
            try {
                approvalId = ApprovalId.forKey(new ApprovalKey(target, gate)).value();
            } catch (IllegalArgumentException e) {
                throw AuditProblem.usage(e.getMessage());
            }
            executionArn = target;
        } else {
            if (gate != null) {
                throw AuditProblem.usage("--gate goes with an execution ARN, not with an approval id: drop --gate");
            }
            if (!ApprovalId.isWellFormed(target)) {
                throw AuditProblem.usage("'" + target + "' is neither an approval id (ap_ followed by 26 characters"
                        + " a-z, 2-7) nor an execution ARN (arn:aws:states:...)");
            }
            approvalId = target;
        }
        URI dynamoDb = null;
        if (endpoint != null) {
            try {
                dynamoDb = new URI(endpoint);
            } catch (URISyntaxException e) {
                throw AuditProblem.usage("--dynamodb-endpoint '" + endpoint + "' is not a URL: write it like "
                        + DEFAULT_DYNAMODB);
            }
            if (!("http".equals(dynamoDb.getScheme()) || "https".equals(dynamoDb.getScheme()))
                    || dynamoDb.getHost() == null) {
                throw AuditProblem.usage("--dynamodb-endpoint '" + endpoint + "' is not an http(s) URL with a host:"
                        + " write it like " + DEFAULT_DYNAMODB);
            }
        }
        return new Options(approvalId, executionArn, gate, json, anchors, data,
                dynamoDb == null ? URI.create(DEFAULT_DYNAMODB) : dynamoDb, dataGiven, endpoint != null);
    }

    /** True when the environment is a deployed stack's (the audit key comes from there, not from a data folder). */
    static boolean deployed(Map<String, String> env) {
        return present(env.get(AuditKeys.SECRET_VARIABLE)) || present(env.get(AuditKeys.KEY_VARIABLE));
    }

    static AuditReport report(Options options, Map<String, String> processEnv) {
        Map<String, String> env;
        AwsClients clients;
        AuditKey key;
        Path anchorsFile = options.anchors();
        if (deployed(processEnv) && !options.endpointGiven() && !options.dataGiven()) {
            env = processEnv;
            try {
                clients = new AwsClients(AwsSettings.fromEnvironment(env));
            } catch (IllegalArgumentException e) {
                throw AuditProblem.cannotCheck(e.getMessage());
            }
            AwsClients forSecrets = clients;
            key = AuditKeys.resolve(env, Path.of("").toAbsolutePath(),
                    secretId -> new SecretsManagerSecretReader(forSecrets.secretsManager()).read(secretId));
        } else {
            // The runtime that used --data says where its dynalite listens (it may run on other ports).
            Optional<RuntimeEndpoints> running = options.endpointGiven() ? Optional.empty()
                    : RuntimeEndpoints.readFrom(options.data());
            URI dynamoDb = running.map(RuntimeEndpoints::dynamoDb).orElse(options.dynamoDbEndpoint());
            env = localEnvironment(dynamoDb);
            // First what a person most often forgot (the runtime), then the key it left in its data directory.
            requireListening(dynamoDb, options.endpointGiven(), running.isPresent()
                    ? options.data().resolve(RuntimeEndpoints.FILE) : null);
            Path keyFile = options.data().resolve(AuditKeys.KEY_FILE);
            if (!Files.isRegularFile(keyFile)) {
                // Never create one here: a new key would make every chain look forged.
                throw AuditProblem.cannotCheck("no audit key at " + keyFile + ": point --data at the data directory"
                        + " countersign up used (default .countersign), or on AWS set " + AuditKeys.SECRET_VARIABLE);
            }
            key = AuditKeys.localKey(keyFile);
            clients = new AwsClients(AwsSettings.fromEnvironment(env));
            if (anchorsFile == null && Files.exists(options.data().resolve(EventLog.FILE))) {
                anchorsFile = options.data().resolve(EventLog.FILE);
            }
        }
        DynamoDbApprovalStore store = DynamoDbApprovalStore.fromEnvironment(clients, env, key, Clock.systemUTC());
        ApprovalId id = new ApprovalId(options.approvalId());
        Optional<ApprovalRecord> found = store.get(id);
        if (found.isEmpty()) {
            String what = options.executionArn() == null ? "approval " + id
                    : "approval " + id + " (execution " + options.executionArn() + ", gate " + options.gate() + ")";
            throw AuditProblem.cannotCheck(what + " is not in table "
                    + CountersignTables.fromEnvironment(env).approvals().tableName() + ": check the id (it is on the"
                    + " review page and in the decision), the gate name, and that this is the right table");
        }
        ApprovalRecord approval = found.get();
        Optional<PublishedAnchors.Published> published = anchorsFile == null ? Optional.empty()
                : PublishedAnchors.newest(anchorsFile, id.value());
        AuditChain chain = new AuditChain(key);
        ChainVerification verification = published.isPresent()
                ? chain.verifyPublished(id.value(), approval.auditTrail(), approval.anchor(),
                        published.get().chainAnchor())
                : chain.verify(id.value(), approval.auditTrail(), approval.anchor());
        return new AuditReport(approval, verification, published,
                anchorsFile == null ? null : anchorsFile.toString());
    }

    /** What the local runtime's functions read, for the store alone. */
    static Map<String, String> localEnvironment(URI dynamoDb) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-east-1");
        // dynalite checks no signature; fixed keys keep the SDK from looking for real ones
        env.put("AWS_ACCESS_KEY_ID", AwsSettings.LOCAL_ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", AwsSettings.LOCAL_ACCESS_KEY);
        env.put(AwsService.DYNAMODB.endpointVariable(), dynamoDb.toString());
        env.put(CountersignTables.TABLE_VARIABLE, CountersignTables.DEFAULT_APPROVALS_TABLE);
        return env;
    }

    /** @param from the runtime's endpoints file the endpoint came from, or null */
    static void requireListening(URI endpoint, boolean given, Path from) {
        int port = endpoint.getPort() != -1 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), 2_000);
        } catch (IOException e) {
            throw AuditProblem.cannotCheck("nothing is listening at " + endpoint + " (" + e.getMessage() + "): "
                    + (given ? "check --dynamodb-endpoint, or start ./countersign up with that DynamoDB port first"
                    : from != null ? "that is where the countersign up that used this data directory (" + from
                    + ") kept dynalite, and it is not running now: start it again with the same --data"
                    : "start ./countersign up first, or give --dynamodb-endpoint"));
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
