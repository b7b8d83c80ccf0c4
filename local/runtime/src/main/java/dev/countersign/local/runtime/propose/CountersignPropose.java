package dev.countersign.local.runtime.propose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.aws.AwsJsonClients;
import dev.countersign.aws.AwsService;
import dev.countersign.aws.AwsSettings;
import dev.countersign.contract.ProposalCheck;
import dev.countersign.contract.ProposalValidator;
import dev.countersign.contract.Violation;
import dev.countersign.example.ExampleWorkflow;
import dev.countersign.local.runtime.Usage;
import dev.countersign.local.runtime.cli.Arguments;
import dev.countersign.local.runtime.cli.CommandProblem;
import dev.countersign.workflow.GateHistory;
import dev.countersign.workflow.sfn.StepFunctionsGateHistory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code ./countersign propose <workflow> [FILE|-] [--wait]}: starts an approval from a proposal in a file or on
 * standard input. The proposal is checked first, against its contract and against what the workflow acts on; every
 * violation is listed and nothing is started. Then the execution is started, and once it has reached its gate the
 * command prints the execution, the approval id and where the approvers' emails went; {@code --wait} then waits for
 * the execution to end and prints each Decision.
 *
 * <p>Against {@code countersign up}'s Step Functions API by default; with {@code --state-machine-arn} (a stack's
 * output) against AWS, through the standard credential chain.
 *
 * <p>Exit status: 0 started (with {@code --wait}: approved); 1 rejected; 2 nothing was started (an invalid proposal,
 * a command-line mistake, nothing listening); 3 timed out (nobody decided in time); 4 the execution ended without a
 * decision (stopped, failed, the approval withdrawn); 5 {@code --timeout} passed while the approval was still open.
 */
public final class CountersignPropose {
    static final String COMMAND = "propose";
    public static final String USAGE = Usage.text("propose-usage.txt");

    /** How long the command looks for the gate after starting (the Route and Request steps take a second or two). */
    static final Duration GATE_WAIT = Duration.ofSeconds(60);
    static final Duration POLL = Duration.ofMillis(250);

    static final ObjectMapper JSON = new ObjectMapper();

    /** Where to start: the local runtime's Step Functions API, or AWS. */
    public record Target(URI endpoint, URI mailbox, String stateMachineArn) {
        public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:8083";
        public static final String DEFAULT_MAILBOX = "http://127.0.0.1:8080/mailbox";

        boolean aws() {
            return stateMachineArn != null;
        }
    }

    /** The command line, checked. */
    record Options(String workflow, String file, boolean waitForDecision, Duration timeout, String name,
                   Target target) {
    }

    private CountersignPropose() {
    }

    public static void main(String[] args) {
        Path cwd = Path.of(System.getProperty("countersign.cwd", ""));
        System.exit(run(args, cwd, System.in, System.out, System.err));
    }

    /** Runs the command: FILE relative to {@code cwd}, {@code -} from {@code in}. */
    public static int run(String[] args, Path cwd, InputStream in, PrintStream out, PrintStream err) {
        try {
            Options options = parse(args);
            String text = read(options.file(), cwd, in);
            Workflow workflow = Workflow.named(options.workflow());
            JsonNode proposal = checked(workflow, text, options.file() == null ? "standard input" : options.file());
            try (SfnClient sfn = client(options.target())) {
                return new ProposeRun(options, workflow, sfn, out, System::nanoTime).start(proposal);
            }
        } catch (CommandProblem e) {
            return e.report(COMMAND, out, err);
        } catch (SdkException e) {
            err.println("countersign propose: Step Functions refused: " + e.getMessage());
            return 2;
        }
    }

    static Options parse(String... args) {
        Arguments arguments = Arguments.parse(COMMAND, USAGE, args, Set.of("--wait"),
                Set.of("--timeout", "--name", "--endpoint", "--mailbox", "--state-machine-arn"));
        List<String> positional = arguments.positional();
        boolean wait = arguments.flag("--wait");
        Duration timeout = arguments.value("--timeout").map(CountersignPropose::duration).orElse(null);
        String name = arguments.value("--name").map(value -> executionName(value, "--name")).orElse(null);
        String endpoint = arguments.value("--endpoint").orElse(null);
        String mailbox = arguments.value("--mailbox").orElse(null);
        String arn = arguments.value("--state-machine-arn").orElse(null);
        if (positional.isEmpty()) {
            throw usage("which workflow? give one of " + workflowNames() + " or approval-gate, then"
                    + " the proposal file, e.g. ./countersign propose payout-workflow "
                    + ExampleWorkflow.PAYOUT.sampleFile());
        }
        if (positional.size() > 2) {
            throw usage("give a workflow and one proposal file, not " + positional.subList(1,
                    positional.size()));
        }
        if (timeout != null && !wait) {
            throw usage("--timeout goes with --wait: add --wait, or drop --timeout");
        }
        if (arn != null && (endpoint != null || mailbox != null)) {
            throw usage("--state-machine-arn starts on AWS: drop --endpoint and --mailbox (they are"
                    + " the local runtime's)");
        }
        String file = positional.size() == 2 && !positional.get(1).equals("-") ? positional.get(1) : null;
        return new Options(positional.get(0), file, wait, timeout, name, new Target(
                endpoint == null && arn == null ? URI.create(Target.DEFAULT_ENDPOINT) : url(endpoint, "--endpoint"),
                mailbox == null && arn == null ? URI.create(Target.DEFAULT_MAILBOX) : url(mailbox, "--mailbox"),
                arn == null ? null : stateMachineArn(arn)));
    }

    private static URI url(String value, String option) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // below
        }
        throw usage(option + " '" + value + "' is not an http(s) URL: write it like "
                + Target.DEFAULT_ENDPOINT);
    }

    private static String stateMachineArn(String value) {
        String[] parts = value.split(":", -1);
        if (parts.length == 7 && parts[0].equals("arn") && parts[2].equals("states") && !parts[3].isBlank()
                && parts[5].equals("stateMachine") && !parts[6].isBlank()) {
            return value;
        }
        throw usage("--state-machine-arn '" + value + "' is not a state machine ARN: copy it from the"
                + " stack's outputs (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME)");
    }

    /** {@code 90s}, {@code 30m}, {@code 2h}, or an ISO-8601 duration. */
    private static CommandProblem usage(String message) {
        return CommandProblem.usage(COMMAND, message);
    }

    static Duration duration(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})([smh])").matcher(value);
        try {
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            Duration parsed = Duration.parse(value);
            if (!parsed.isNegative() && !parsed.isZero()) {
                return parsed;
            }
        } catch (java.time.format.DateTimeParseException e) {
            // below
        }
        throw usage("--timeout '" + value + "' is not a duration: write it like 90s, 30m or 2h");
    }

    /** An execution name Step Functions takes: 1-80 characters, letters, digits, - and _. */
    static String executionName(String value, String what) {
        if (!value.matches("[A-Za-z0-9_-]{1,80}")) {
            throw usage(what + " '" + value + "' is not an execution name: 1 to 80 letters, digits,"
                    + " - or _");
        }
        return value;
    }

    private static String read(String file, Path cwd, InputStream in) {
        try {
            if (file == null) {
                return new String(in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L,
                        ProposalValidator.instance().limits().maxInputBytes() + 1)),
                        StandardCharsets.UTF_8);
            }
            return Files.readString(cwd.resolve(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw usage("no proposal file " + cwd.resolve(file) + ": the samples are in "
                    + ExampleWorkflow.SAMPLES);
        } catch (IOException e) {
            throw new CommandProblem("cannot read the proposal " + (file == null ? "from standard input" : file)
                    + ": " + e.getMessage(), 2);
        }
    }

    /**
     * The proposal, checked against its contract and against what the workflow acts on.
     *
     * @throws CommandProblem listing every violation, path first, when it is not one the workflow can start with
     */
    static JsonNode checked(Workflow workflow, String text, String source) {
        List<String> problems = new ArrayList<>();
        JsonNode proposal = null;
        ProposalCheck check = ProposalValidator.instance().check(text);
        if (check instanceof ProposalCheck.Rejected rejected) {
            for (Violation violation : rejected.violations()) {
                problems.add(violation.path() + ": " + violation.message());
            }
        }
        try {
            proposal = JSON.readTree(text);
        } catch (IOException e) {
            // the contract's check has said why
        }
        if (workflow.example() != null && proposal != null && proposal.isObject()) {
            for (String problem : workflow.example().problems(proposal)) {
                if (!problems.contains(problem)) {
                    problems.add(problem);
                }
            }
        }
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder("the proposal in " + source + " is not one " + workflow.name()
                    + " can start with; nothing was started. Fix " + (problems.size() == 1 ? "this" : "these "
                    + problems.size()) + ":");
            for (String problem : problems) {
                message.append("\n  ").append(problem);
            }
            if (workflow.example() != null) {
                message.append("\n(a valid one: ").append(workflow.example().sampleFile()).append(")");
            }
            throw new CommandProblem(message.toString(), 2);
        }
        return proposal;
    }

    /** The gates an execution reached, read from the same target as the functions read it (Step Functions' JSON API). */
    static GateHistory gateHistory(Target target) {
        Map<String, String> env = new LinkedHashMap<>();
        if (target.aws()) {
            // The standard credential chain; the region is the state machine's.
            env.put("AWS_REGION", target.stateMachineArn().split(":")[3]);
        } else {
            env.put("AWS_REGION", "us-east-1");
            env.put(AwsService.SFN.endpointVariable(), target.endpoint().toString());
            env.put("AWS_ACCESS_KEY_ID", AwsSettings.LOCAL_ACCESS_KEY);
            env.put("AWS_SECRET_ACCESS_KEY", AwsSettings.LOCAL_ACCESS_KEY);
        }
        return StepFunctionsGateHistory.over(AwsJsonClients.fromEnvironment(env, Clock.systemUTC()));
    }

    static SfnClient client(Target target) {
        if (target.aws()) {
            // The standard credential chain; the region is the state machine's.
            return SfnClient.builder().region(Region.of(target.stateMachineArn().split(":")[3]))
                    .httpClient(UrlConnectionHttpClient.create()).build();
        }
        return SfnClient.builder().endpointOverride(target.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    private static String workflowNames() {
        return String.join(", ", Arrays.stream(ExampleWorkflow.values()).map(ExampleWorkflow::stateMachine)
                .toList());
    }

    /**
     * A workflow by name: an example (its state machine's name, or that without {@code -workflow}), started with
     * {@code {"proposal": ...}}; or the gate alone, started with the proposal itself.
     */
    record Workflow(String name, ExampleWorkflow example) {
        static final String GATE = "approval-gate";

        static Workflow named(String given) {
            String name = given.toLowerCase(Locale.ROOT);
            if (name.equals(GATE) || name.equals("gate")) {
                return new Workflow(GATE, null);
            }
            for (ExampleWorkflow example : ExampleWorkflow.values()) {
                String machine = example.stateMachine();
                if (name.equals(machine) || (name + "-workflow").equals(machine)) {
                    return new Workflow(machine, example);
                }
            }
            throw usage("no workflow '" + given + "': give one of " + workflowNames()
                    + " or approval-gate");
        }

        String input(JsonNode proposal) {
            if (example == null) {
                return proposal.toString();
            }
            ObjectNode input = JSON.createObjectNode();
            input.set("proposal", proposal);
            return input.toString();
        }
    }

}
