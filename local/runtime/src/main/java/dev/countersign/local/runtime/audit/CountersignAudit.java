package dev.countersign.local.runtime.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditKey;
import dev.countersign.local.runtime.Usage;
import dev.countersign.local.runtime.cli.Arguments;
import dev.countersign.local.runtime.cli.CommandProblem;
import dev.countersign.local.runtime.readers.ReadTarget;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./countersign audit <approval-id>}: prints how an approval was authorised (the proposal's facts, the trail,
 * the outcome) and verifies its chain with the audit key, against the item's anchor and the newest published one.
 *
 * <p>Exit status: 0 the chain is intact, 1 it is broken, 2 it could not be checked (a command-line mistake, no such
 * approval, nothing listening, no key).
 */
public final class CountersignAudit {
    public static final String USAGE = Usage.text("audit-usage.txt");
    static final String COMMAND = "audit";

    static final String DEFAULT_DYNAMODB = ReadTarget.DEFAULT_DYNAMODB;
    private static final ObjectMapper JSON = new ObjectMapper();

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
        if (args.length > 0 && args[0].equals(AuditExport.SUBCOMMAND)) {
            return AuditExport.run(java.util.Arrays.copyOfRange(args, 1, args.length), env, out, err);
        }
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
        } catch (CommandProblem e) {
            return e.report(COMMAND, out, err);
        } catch (PublishedAnchors.UnreadableAnchors e) {
            err.println("countersign audit: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("countersign audit: could not check the approval: " + e.getMessage());
            return 2;
        }
    }

    static Options parse(String... args) {
        Arguments arguments = Arguments.parse(COMMAND, USAGE, args, Set.of("--json"),
                Set.of("--gate", "--anchors", "--data", "--dynamodb-endpoint"));
        List<String> positional = arguments.positional();
        if (positional.size() > 1) {
            throw arguments.problem("give one approval id, not '" + String.join("' and '", positional) + "'");
        }
        String target = positional.isEmpty() ? null : positional.get(0);
        String gate = arguments.value("--gate").orElse(null);
        boolean json = arguments.flag("--json");
        Path anchors = arguments.value("--anchors").map(Path::of).orElse(null);
        boolean dataGiven = arguments.value("--data").isPresent();
        Path data = Path.of(arguments.value("--data").orElse(".countersign"));
        String endpoint = arguments.value("--dynamodb-endpoint").orElse(null);
        if (target == null) {
            throw usage("which approval? give its id (ap_..., from the review link's page or the"
                    + " decision), or an execution ARN with --gate");
        }
        String approvalId;
        String executionArn = null;
        if (target.startsWith("arn:")) {
            if (gate == null) {
                throw usage("--gate is missing: an execution ARN names an approval only with the gate"
                        + " (the approval gate's name in the workflow, for example --gate refund-approval)");
            }
            try {
                approvalId = ApprovalId.forKey(new ApprovalKey(target, gate)).value();
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            executionArn = target;
        } else {
            if (gate != null) {
                throw usage("--gate goes with an execution ARN, not with an approval id: drop --gate");
            }
            if (!ApprovalId.isWellFormed(target)) {
                throw usage("'" + target + "' is neither an approval id (ap_ followed by 26 characters"
                        + " a-z, 2-7) nor an execution ARN (arn:aws:states:...)");
            }
            approvalId = target;
        }
        URI dynamoDb = endpoint == null ? null : ReadTarget.endpoint(endpoint, CountersignAudit::usage);
        return new Options(approvalId, executionArn, gate, json, anchors, data,
                dynamoDb == null ? URI.create(DEFAULT_DYNAMODB) : dynamoDb, dataGiven, endpoint != null);
    }

    private static CommandProblem usage(String message) {
        return CommandProblem.usage(COMMAND, message);
    }

    static AuditReport report(Options options, Map<String, String> processEnv) {
        ReadTarget.Local local = new ReadTarget.Local(options.data(), options.dataGiven(),
                options.endpointGiven() ? options.dynamoDbEndpoint() : null);
        try (ReadTarget target = ReadTarget.resolve(local, processEnv, ReadTarget.keyConfigured(processEnv))) {
            // First what a person most often forgot (the runtime, checked above), then the key it keeps.
            AuditKey key = target.auditKey();
            Path anchorsFile = options.anchors() != null ? options.anchors() : target.localAnchors().orElse(null);
            DynamoDbApprovalStore store = target.store(key);
            ApprovalId id = new ApprovalId(options.approvalId());
            Optional<ApprovalRecord> found = store.get(id);
            if (found.isEmpty()) {
                String what = options.executionArn() == null ? "approval " + id
                        : "approval " + id + " (execution " + options.executionArn() + ", gate " + options.gate() + ")";
                throw CommandProblem.cannotRead(what + " is not in table " + target.tableName() + ": check the id (it"
                        + " is on the review page and in the decision), the gate name, and that this is the right"
                        + " table");
            }
            Optional<PublishedAnchors.Published> published = anchorsFile == null ? Optional.empty()
                    : PublishedAnchors.newest(anchorsFile, id.value());
            return AuditReport.verify(new AuditChain(key), found.get(), published,
                    anchorsFile == null ? null : anchorsFile.toString());
        }
    }

}
