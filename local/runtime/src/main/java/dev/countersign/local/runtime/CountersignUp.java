package dev.countersign.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.countersign.example.ExampleWorkflow;
import dev.countersign.local.events.HttpTarget;
import dev.countersign.local.events.LocalEventBridgeEndpoint;
import dev.countersign.local.runtime.propose.CountersignPropose;
import dev.countersign.local.dynalite.DynaliteUnavailableException;
import dev.countersign.local.engine.EngineListener;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.runtime.cli.Arguments;
import dev.countersign.local.runtime.cli.CommandProblem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./countersign up}: starts {@link CountersignLocal} with the defaults (or the options given), says where
 * everything is and what to do next, and runs until Ctrl-C or SIGTERM, when it stops cleanly.
 */
public final class CountersignUp {
    public static final String USAGE = Usage.text("up-usage.txt");

    private static final Set<HistoryEventType> ENDINGS = Set.of(HistoryEventType.ExecutionSucceeded,
            HistoryEventType.ExecutionFailed, HistoryEventType.ExecutionTimedOut, HistoryEventType.ExecutionAborted);

    private CountersignUp() {
    }

    public static void main(String[] args) {
        int status = run(args, CountersignFunctions::create, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
        // After a clean stop the JVM is already shutting down: System.exit here would block for good.
    }

    /**
     * Starts, prints the banner, and blocks until the JVM is told to stop (a shutdown hook closes the runtime).
     *
     * @return the exit status when it could not start (1, or 2 for a command-line mistake; 0 for --help)
     */
    static int run(String[] args, CountersignLocal.FunctionFactory functions, PrintStream out, PrintStream err) {
        CountersignLocal running;
        try {
            LocalOptions options = parse(args).log(out).listener(endings(out)).build();
            running = CountersignLocal.start(options, functions);
        } catch (LaunchProblem e) {
            if (e.exitCode() == 0) {
                out.println(e.getMessage());
            } else {
                err.println("countersign up: " + e.getMessage());
            }
            return e.exitCode();
        } catch (DynaliteUnavailableException e) {
            // Also what finding the repository (node_modules, statemachines/) throws: its message says what to do.
            err.println("countersign up: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("countersign up: failed to start: " + e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int waiting;
            try {
                waiting = running.runningExecutions().size();
            } catch (RuntimeException e) {
                waiting = 0; // the count is a courtesy; stopping must not depend on it
            }
            running.close();
            out.println("countersign up: stopped cleanly" + (waiting == 0 ? "" : "; " + plural(waiting,
                    "execution waits", "executions wait") + " for a decision and will be there on the next start"));
            out.flush();
            stopped.countDown();
        }, "countersign-up-shutdown"));
        out.println(banner(running));
        out.flush();
        try {
            stopped.await(); // the shutdown hook ends the process
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The command line as options; {@code --help} comes back as a {@link LaunchProblem} with exit code 0. */
    static LocalOptions.Builder parse(String... args) {
        Arguments arguments;
        try {
            arguments = Arguments.parse("up", USAGE, args, Set.of("--no-example"),
                    Set.of("--port", "--engine-port", "--dynamodb-port", "--data", "--routing", "--decisions-url"));
        } catch (CommandProblem e) {
            throw new LaunchProblem(e.getMessage(), e.exitCode());
        }
        if (!arguments.positional().isEmpty()) {
            throw LaunchProblem.usage("unknown option '" + arguments.positional().get(0) + "'");
        }
        LocalOptions.Builder options = LocalOptions.builder().projectRouting();
        options.startExample(!arguments.flag("--no-example"));
        arguments.value("--port").ifPresent(value -> options.webPort(port("--port", value)));
        arguments.value("--engine-port").ifPresent(value -> options.enginePort(port("--engine-port", value)));
        arguments.value("--dynamodb-port").ifPresent(value -> options.dynamoDbPort(port("--dynamodb-port", value)));
        arguments.value("--data").ifPresent(value -> options.dataDirectory(Path.of(value)));
        arguments.value("--routing").ifPresent(value -> options.routingFile(Path.of(value).toAbsolutePath()));
        arguments.value("--decisions-url").ifPresent(value -> options.decisionsUrl(decisionsUrl(value)));
        return options;
    }

    /** A URL the local bus may POST decisions to: http(s) on this machine. */
    private static java.net.URI decisionsUrl(String value) {
        try {
            java.net.URI url = new java.net.URI(value.trim());
            new HttpTarget(url);
            return url;
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw LaunchProblem.usage("--decisions-url: '" + value + "' is not an http(s) URL on this machine:"
                    + " give one such as http://127.0.0.1:9000/decisions (the local runtime sends events nowhere"
                    + " else)");
        }
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw LaunchProblem.usage(option + " '" + value + "' is not a port number (0-65535)");
    }

    /** Where everything is, what happened at start, and what to do next. */
    static String banner(CountersignLocal running) {
        String sfn = running.stepFunctionsEndpoint().toString();
        String workflow = running.stateMachineArn(CountersignLocal.REFUND_WORKFLOW);
        StringBuilder b = new StringBuilder();
        b.append("countersign up: running (data in ").append(running.options().dataDirectory()).append(")\n");
        CountersignLocal.Startup startup = running.startup();
        if (startup instanceof CountersignLocal.Startup.ExampleStarted started) {
            b.append("  started fresh: one example refund execution is waiting for approval: ")
                    .append(started.executionArn()).append('\n');
        } else if (startup instanceof CountersignLocal.Startup.Resumed resumed) {
            b.append("  resumed: ").append(plural(resumed.waiting(), "execution was", "executions were"))
                    .append(" still waiting for a decision, so no new example was started; their emails are in"
                            + " the mailbox and their links still work\n");
        } else {
            b.append("  no example started (--no-example) and nothing is waiting for a decision\n");
        }
        if (running.projectionsRepaired() > 0) {
            // Said only when it happened: the usual start has nothing to repair.
            b.append("  repaired the approver lists and audit-by-actor rows of ")
                    .append(plural(running.projectionsRepaired(), "approval", "approvals"))
                    .append(" that an earlier run stopped before writing\n");
        }
        if (running.decisionsRedelivered() > 0) {
            // Said only when it happened: decisions recorded before a crash, handed over without anyone clicking.
            b.append("  handed ").append(plural(running.decisionsRedelivered(), "recorded decision", "recorded"
                    + " decisions")).append(" that an earlier run stopped before delivering to ")
                    .append(running.decisionsRedelivered() == 1 ? "its workflow" : "their workflows").append('\n');
        }
        b.append("  mailbox         ").append(running.mailboxUrl()).append('\n');
        b.append("  console         ").append(running.consoleUrl()).append("  (pending approvals, decisions, audit"
                + " trails; read-only)\n");
        b.append("  review pages    ").append(running.reviewBaseUrl()).append(CountersignLocal.REVIEW_CONTEXT)
                .append("/<link from the email>\n");
        b.append("  Step Functions  ").append(sfn).append("  (any credentials work:"
                + " export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local)\n");
        b.append("                  aws stepfunctions --endpoint-url ").append(sfn).append(" --region ")
                .append(CountersignLocal.REGION).append(" list-executions --state-machine-arn ").append(workflow)
                .append('\n');
        b.append("  DynamoDB        ").append(running.dynamoDbEndpoint()).append("  (dynalite)\n");
        b.append(useCases(running));
        b.append("next: open the mailbox, open the newest \"Approval needed\" email, click \"Review and decide\","
                + " and approve or reject;\n");
        b.append("      the execution then finishes on the approved or the rejected branch (this window says"
                + " when). Ctrl-C stops; waiting approvals survive a restart.\n");
        b.append("      from another terminal: ./countersign pending, ./countersign audit export --from DAY --to DAY,"
                + " ./countersign audit <approval id>");
        return b.toString();
    }

    /**
     * How to start each example workflow with its sample proposal (with this runtime's endpoints when they are not
     * the defaults), and how another service starts or follows one.
     */
    static String useCases(CountersignLocal running) {
        String endpoints = "";
        if (!running.stepFunctionsEndpoint().toString().equals(CountersignPropose.Target.DEFAULT_ENDPOINT)
                || !running.mailboxUrl().toString().equals(CountersignPropose.Target.DEFAULT_MAILBOX)) {
            endpoints = " --endpoint " + running.stepFunctionsEndpoint() + " --mailbox " + running.mailboxUrl();
        }
        StringBuilder b = new StringBuilder("try each use case (in another terminal; add --wait to wait for the"
                + " decision):\n");
        for (ExampleWorkflow example : ExampleWorkflow.values()) {
            b.append("  ./countersign propose ").append(example.stateMachine()).append(' ')
                    .append(example.sampleFile()).append(endpoints).append("\n      ").append(example.description())
                    .append('\n');
        }
        b.append("  other services: PutEvents \"Proposal Submitted\" (source countersign.proposals, bus ")
                .append(CountersignLocal.EVENT_BUS).append(") to ").append(running.webEndpoint())
                .append(LocalEventBridgeEndpoint.CONTEXT).append(" starts the approval gate;\n")
                .append("  every \"Approval Decided\" is logged here and appended to ")
                .append(running.options().dataDirectory().resolve(CountersignLocal.DECISIONS_FILE)).append('\n');
        return b.toString();
    }

    /** Prints one line when an execution ends, so the person who just decided sees the workflow finish. */
    private static EngineListener endings(PrintStream out) {
        return (String executionArn, HistoryEvent event) -> {
            if (ENDINGS.contains(event.type())) {
                out.println(ending(executionArn.substring(executionArn.lastIndexOf(':') + 1), event));
            }
        };
    }

    /**
     * The line for an execution's end: the approval's outcome for a workflow that succeeded (its status says only
     * that it ran to the end, also after a rejection), the error and cause for one that failed.
     */
    static String ending(String name, HistoryEvent event) {
        String status = event.type().name().substring("Execution".length()).toLowerCase(java.util.Locale.ROOT);
        String line = "countersign up: execution " + name + " " + status;
        JsonNode details = event.details() == null ? MissingNode.getInstance() : event.details();
        if (event.type() == HistoryEventType.ExecutionSucceeded) {
            JsonNode decision = decision(details.path("output").asText(""));
            if (decision == null) {
                return line;
            }
            String outcome = decision.path("outcome").asText();
            String by = decision.path("decidedBy").asText("");
            String comment = decision.path("comment").asText("");
            JsonNode modifications = decision.path("modifications");
            return line + ": " + outcome + (by.isEmpty() ? "" : " by " + by)
                    + (comment.isEmpty() ? "" : " (\"" + clip(comment, 120) + "\")")
                    + (modifications.isObject() && !modifications.isEmpty() ? " with changes " + modifications : "")
                    + ("APPROVED".equals(outcome) ? " — the workflow took its approved path"
                    : " — the workflow took its not-approved path");
        }
        if (event.type() == HistoryEventType.ExecutionFailed) {
            String error = details.path("error").asText("");
            String cause = details.path("cause").asText("");
            return line + (error.isEmpty() ? " (no error was given)" : ": " + error)
                    + (cause.isEmpty() ? "" : ": " + clip(reason(cause), 300));
        }
        return line;
    }

    /** The Decision in a workflow's output: the output itself (the gate) or its {@code decision} member. */
    private static JsonNode decision(String output) {
        try {
            JsonNode json = new ObjectMapper().readTree(output);
            JsonNode decision = json.has("outcome") ? json : json.path("decision");
            return decision.path("outcome").isTextual() ? decision : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** A Lambda error document's message, or the cause as it is. */
    private static String reason(String cause) {
        try {
            JsonNode json = new ObjectMapper().readTree(cause);
            return json.path("errorMessage").isTextual() ? json.get("errorMessage").asText() : cause;
        } catch (java.io.IOException | RuntimeException e) {
            return cause;
        }
    }

    private static String clip(String text, int max) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

    private static String plural(int count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }
}
