package dev.countersign.benchmarks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.aws.AwsService;
import dev.countersign.local.dynalite.ProjectRoot;
import dev.countersign.local.engine.FsyncPolicy;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.ManualClock;
import dev.countersign.example.ExampleWorkflow;
import dev.countersign.local.runtime.CountersignFunctions;
import dev.countersign.local.runtime.CountersignLocal;
import dev.countersign.local.runtime.Functions;
import dev.countersign.local.runtime.HandlerWiring;
import dev.countersign.local.runtime.LocalFunctions;
import dev.countersign.local.runtime.LocalOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * {@code ./countersign bench cost}: what one approval costs on AWS, from what the local runtime counts while it runs
 * the repository's workflows with the real handlers and the routing rules the stack deploys by default ({@code
 * config/routing.json}: a refund under 1,000 and the example payout take its default rule, one level of one day with
 * a reminder at 75 %) — state transitions and history events from the engine's
 * history, Lambda invocations and their in-process durations, DynamoDB capacity units (as dynalite reports them with
 * {@code ReturnConsumedCapacity=INDEXES}), emails from the local SES endpoint, and HTTP API requests (the approver's
 * GET of the page and POST of the form) — priced at list prices. The approver posts the form as the page leaves it,
 * the "Email me a receipt" box unticked (no receipt email); {@code --receipts} ticks it on every decision, to show
 * what receipts cost. Prints; asserts nothing.
 */
public final class CostBenchmark {
    // List prices (us-east-1) the issue names; Lambda's GB-second price is the arm64 list price.
    static final double SFN_PER_TRANSITION = 0.025 / 1_000;
    static final double LAMBDA_PER_REQUEST = 0.20 / 1_000_000;
    static final double LAMBDA_PER_GB_SECOND_ARM64 = 0.0000133334;
    static final double DYNAMODB_PER_WRITE_UNIT = 0.625 / 1_000_000;
    static final double DYNAMODB_PER_READ_UNIT = 0.125 / 1_000_000;
    static final double SES_PER_EMAIL = 0.10 / 1_000;
    static final double HTTP_API_PER_REQUEST = 1.00 / 1_000_000;
    /** EventBridge custom events: the workflow's "Approval Decided" and the functions' audit anchors. */
    static final double EVENTBRIDGE_PER_EVENT = 1.00 / 1_000_000;
    /** Secrets Manager: $0.05 per 10,000 API calls (the secret's own $0.40 a month is not per approval). */
    static final double SECRETS_MANAGER_PER_CALL = 0.05 / 10_000;
    /** X-Ray: $5.00 per million traces recorded (the 100,000 free a month not subtracted). */
    static final double XRAY_PER_TRACE = 5.00 / 1_000_000;
    /** CloudWatch Logs: $0.50 per GB ingested (standard class, vended logs at the same first-tier price). */
    static final double LOGS_PER_BYTE = 0.50 / 1_000_000_000;
    /**
     * Log bytes not written by our code, per record, as each service writes them (assumed sizes, printed): Lambda's
     * JSON platform lines per invocation (start, report), a Step Functions record per history event without
     * execution data, one HTTP API access log line per request in the stack's format.
     */
    static final int PLATFORM_LOG_BYTES_PER_INVOCATION = 600;
    static final int STATES_LOG_BYTES_PER_EVENT = 300;
    static final int ACCESS_LOG_BYTES_PER_REQUEST = 350;
    /** The functions that read the audit key from Secrets Manager when their environment starts (ApprovalService). */
    static final List<String> KEYED_FUNCTIONS = List.of(Functions.REQUEST, Functions.ESCALATE, Functions.DECISION);
    static final double BUDGET_PER_1000 = 0.30;

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPROVER = "approver@example.com";
    /** The plain-ASL refund example that calls the gate as a nested workflow (docs/gate-forms.md). */
    static final String NESTED_EXAMPLE = "docs/examples/refund-workflow-nested.asl.json";
    static final String NESTED_WORKFLOW = "refund-workflow-nested";

    /** Every workflow measured: the gate alone, the refund in both forms, and the four use-case examples. */
    static final List<String> WORKFLOWS = java.util.stream.Stream.concat(Stream.of(CountersignLocal.GATE_WORKFLOW,
            CountersignLocal.REFUND_WORKFLOW, NESTED_WORKFLOW), Arrays.stream(ExampleWorkflow.values())
            .filter(w -> w != ExampleWorkflow.REFUND).map(ExampleWorkflow::stateMachine)).toList();
    /** The longest a timeout path may take (the longest route in config/routing.json is a few days). */
    static final Duration LONGEST_TIMEOUT = Duration.ofDays(30);

    enum Path3 { APPROVE, REJECT, TIMEOUT }

    private final List<String> workflows;
    private final int runs;
    private final int memoryMb;
    private final double coldSeconds;
    private final boolean receipts;
    private final PrintStream out;
    private final Map<String, LongAdder> invocations = new ConcurrentHashMap<>();
    private final DoubleAdder invocationSeconds = new DoubleAdder();
    private final DoubleAdder readUnits = new DoubleAdder();
    private final DoubleAdder writeUnits = new DoubleAdder();
    /** The bytes the handlers log (JSON lines and metric lines): what CloudWatch Logs ingests from our code. */
    private final LongAdder handlerLogBytes = new LongAdder();

    CostBenchmark(int runs, int memoryMb, double coldSeconds, boolean receipts, PrintStream out) {
        this(runs, memoryMb, coldSeconds, receipts, out, WORKFLOWS);
    }

    /** Measures only {@code workflows} (state machine names, from {@link #WORKFLOWS}). */
    CostBenchmark(int runs, int memoryMb, double coldSeconds, boolean receipts, PrintStream out,
                  List<String> workflows) {
        this.workflows = List.copyOf(workflows);
        this.runs = runs;
        this.memoryMb = memoryMb;
        this.coldSeconds = coldSeconds;
        this.receipts = receipts;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        int runs = 10;
        // The stack's default memory, and a cold invocation's billed time (init is billed too): what
        // ./countersign bench cold-start measures on one core, the naive SDK function's ~0.65 s times each
        // function's ratio (request ~0.67, decision POST ~0.41, review page ~0.36: 0.24-0.44 s), rounded up to
        // leave room for Lambda's own runtime start, which a local JVM does not have.
        int memory = 1769;
        double cold = 0.5;
        boolean receipts = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--memory" -> memory = Integer.parseInt(args[++i]);
                case "--cold-seconds" -> cold = Double.parseDouble(args[++i]);
                case "--receipts" -> receipts = true;
                case "--help", "-h" -> {
                    System.out.println("usage: countersign bench cost [--runs N (10)] [--memory MB (1769)]"
                            + " [--cold-seconds S (0.5): billed seconds assumed for an invocation on a cold"
                            + " container] [--receipts: every approver ticks 'Email me a receipt' (default: the"
                            + " box left unticked, no receipt)]");
                    return;
                }
                default -> {
                    System.err.println("countersign bench cost: unknown option '" + args[i] + "' (--help)");
                    System.exit(2);
                }
            }
        }
        Path data = Files.createTempDirectory("countersign-cost-");
        try {
            new CostBenchmark(runs, memory, cold, receipts, System.out).run(data);
        } finally {
            BenchmarkMain.deleteTree(data);
        }
        System.exit(0);
    }

    void run(Path data) throws Exception {
        ManualClock clock = new ManualClock();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Path rules = ProjectRoot.locate().resolve(LocalOptions.DEFAULT_ROUTING);
        try (CountersignLocal local = CountersignLocal.start(LocalOptions.builder().dataDirectory(data).freePorts()
                .dynamoDbInMemory(true).clock(clock).startExample(false).fsyncPolicy(FsyncPolicy.NEVER)
                .routingFile(rules).approvers(List.of(APPROVER)).log(quiet).build(), this::countingFunctions)) {
            CostDriver driver = new CostDriver(local, clock, receipts);
            out.printf(Locale.ROOT, "Countersign cost per approval — %d runs per path, functions at %d MB (arm64),"
                    + " %s%n", runs, memoryMb, receipts ? "every approver asks for a receipt (--receipts)"
                    : "no approver asks for a receipt (the form's default; --receipts to tick the box)");
            out.printf(Locale.ROOT, "list prices: Step Functions Standard $0.025/1k transitions; Lambda $0.20/M"
                    + " requests + $%.10f/GB-s; DynamoDB on-demand $0.625/M WRU, $0.125/M RRU; SES $0.10/1k"
                    + " emails; HTTP API $1.00/M requests; EventBridge $1.00/M custom events%n",
                    LAMBDA_PER_GB_SECOND_ARM64);
            out.printf(Locale.ROOT, "  also priced: Secrets Manager $0.05/10k calls — one GetSecretValue of the"
                    + " audit key per new environment of the request, escalate and decision functions (kept for"
                    + " the environment's life): none warm, one per such invocation all cold; the secret's"
                    + " $0.40/month is not per approval. X-Ray $5.00/M traces recorded — one per execution (the"
                    + " functions it invokes join it) and one per HTTP API request (HTTP APIs pass no trace; the"
                    + " decision function starts one), every request sampled and the 100k free traces a month not"
                    + " subtracted: an upper bound. CloudWatch Logs $0.50/GB ingested — the handlers' log and"
                    + " metric lines as written, plus assumed sizes for what the services write: %d B of Lambda"
                    + " platform lines per invocation, %d B per Step Functions log record (one per history event,"
                    + " no execution data), %d B per access log line%n%n", PLATFORM_LOG_BYTES_PER_INVOCATION,
                    STATES_LOG_BYTES_PER_EVENT, ACCESS_LOG_BYTES_PER_REQUEST);
            // The nested form: the refund example as a team writes it in plain ASL, calling the gate workflow.
            String nested = Files.readString(ProjectRoot.locate().resolve(NESTED_EXAMPLE), StandardCharsets.UTF_8);
            for (var value : CountersignLocal.definitionSubstitutions().entrySet()) {
                nested = nested.replace("${" + value.getKey() + "}", value.getValue());
            }
            local.engine().createStateMachine(NESTED_WORKFLOW, nested, "arn:aws:iam::" + CountersignLocal.ACCOUNT_ID
                    + ":role/" + NESTED_WORKFLOW);
            for (String workflow : workflows) {
                Map<Path3, CostTally> tallies = new LinkedHashMap<>();
                for (Path3 path : Path3.values()) {
                    CostTally tally = new CostTally();
                    for (int i = 0; i < runs; i++) {
                        measure(driver, workflow, path, tally, i);
                    }
                    tallies.put(path, tally);
                }
                report(workflow, tallies);
            }
        }
    }

    private void measure(CostDriver driver, String workflow, Path3 path, CostTally tally, int i) throws Exception {
        long invocationsBefore = totalInvocations();
        double secondsBefore = invocationSeconds.sum();
        double readsBefore = readUnits.sum();
        double writesBefore = writeUnits.sum();
        int emailsBefore = driver.local.mailbox().all().size();
        long keyedBefore = keyedInvocations();
        long logBytesBefore = handlerLogBytes.sum();
        long eventsBefore = driver.customEvents();

        String execution = driver.start(workflow, workflow + "-" + path.name().toLowerCase(Locale.ROOT) + "-" + i);
        long http = 0;
        switch (path) {
            case APPROVE, REJECT -> {
                // Every approval request this run sent, in order, until the workflow ends: the publishing example
                // asks an editor, then two of three; the erasure asks two named people.
                List<String> used = new ArrayList<>();
                String secret;
                while (driver.running(execution) && (secret = driver.nextSecret(emailsBefore, used)) != null) {
                    used.add(secret);
                    if (!driver.opens("/review/" + secret)) {
                        // A link of a level already decided (the editor who did not edit first): nobody clicks it.
                        continue;
                    }
                    driver.post(secret, path == Path3.APPROVE ? "approve" : "reject",
                            path == Path3.APPROVE ? "" : "Not within policy.");
                    http += 2;
                }
            }
            case TIMEOUT -> {
                // Nobody answers: hour by hour, every reminder, escalation and deadline of the route fires in turn.
                for (long hours = 0; driver.running(execution) && hours < LONGEST_TIMEOUT.toHours(); hours++) {
                    driver.advance(Duration.ofHours(1));
                }
            }
        }
        String status = driver.local.engine().describeExecution(execution).status().name();
        // Nobody answering fails the erasure workflow by design (fallback FAILED); every other run must succeed.
        boolean expected = status.equals("SUCCEEDED") || (path == Path3.TIMEOUT && status.equals("FAILED")
                && workflow.equals(ExampleWorkflow.DATA_ERASURE.stateMachine()));
        if (!expected) {
            throw new IllegalStateException(workflow + " " + path + " ended " + status + ": the benchmark needs"
                    + " complete runs");
        }
        // The nested form's gate runs as an execution of its own: its transitions are billed too.
        List<HistoryEvent> history = new ArrayList<>();
        List<String> executions = withNestedExecutions(driver, execution);
        for (String counted : executions) {
            history.addAll(driver.local.engine().getExecutionHistory(counted, false, 1000, null).items());
        }
        tally.runs++;
        tally.transitions += history.stream().filter(e -> e.type().name().endsWith("StateEntered")).count();
        tally.historyEvents += history.size();
        tally.invocations += totalInvocations() - invocationsBefore;
        tally.invocationSeconds += invocationSeconds.sum() - secondsBefore;
        tally.readUnits += readUnits.sum() - readsBefore;
        tally.writeUnits += writeUnits.sum() - writesBefore;
        tally.emails += driver.local.mailbox().all().size() - emailsBefore;
        tally.httpRequests += http;
        tally.keyedInvocations += keyedInvocations() - keyedBefore;
        // One trace per execution (the functions it invokes join it), and one per HTTP API request: HTTP APIs pass
        // no trace header, so the decision function's active tracing starts a trace of its own.
        tally.traces += executions.size() + http;
        long invoked = totalInvocations() - invocationsBefore;
        tally.logBytes += handlerLogBytes.sum() - logBytesBefore + invoked * PLATFORM_LOG_BYTES_PER_INVOCATION
                + (long) history.size() * STATES_LOG_BYTES_PER_EVENT + http * ACCESS_LOG_BYTES_PER_REQUEST;
        // Custom events: the functions' audit anchors and the workflows' "Approval Decided", as the local buses carried
        // them; Step Functions' own status changes are AWS service events, which EventBridge does not charge for.
        tally.events += driver.customEvents() - eventsBefore;
    }

    /** The execution and every execution a {@code states:startExecution} task of it started, recursively. */
    private static List<String> withNestedExecutions(CostDriver driver, String execution) throws IOException {
        List<String> all = new ArrayList<>(List.of(execution));
        for (HistoryEvent event : driver.local.engine().getExecutionHistory(execution, false, 1000, null).items()) {
            if (event.type() == HistoryEventType.TaskSubmitted
                    && "states".equals(event.details().path("resourceType").asText())) {
                String child = JSON.readTree(event.details().path("output").asText()).path("ExecutionArn").asText();
                all.addAll(withNestedExecutions(driver, child));
            }
        }
        return all;
    }

    private void report(String workflow, Map<Path3, CostTally> tallies) {
        String what = workflow.equals(NESTED_WORKFLOW) ? "the refund example with the gate as a nested workflow; its"
                + " gate execution counted too" : workflow.equals(CountersignLocal.REFUND_WORKFLOW)
                ? "the gate as a fragment" : workflow.equals(CountersignLocal.GATE_WORKFLOW) ? "the gate on its own"
                : ExampleWorkflow.byStateMachine(workflow).orElseThrow().description();
        out.println("workflow " + workflow + " — " + what + " (per approval, mean over runs)");
        out.println("  path     transitions  history  invocations  in-process s  RRU     WRU     emails  http  events  "
                + "secrets  traces  log KB  $/1k (measured s)  $/1k (cold " + coldSeconds + " s each)");
        for (var entry : tallies.entrySet()) {
            CostTally t = entry.getValue();
            Priced warm = priced(t, false);
            Priced cold = priced(t, true);
            double n = t.runs;
            out.printf(Locale.ROOT, "  %-8s %11.1f  %7.1f  %11.1f  %12.3f  %6.1f  %6.1f  %6.1f  %4.1f  %6.1f  %7.1f"
                            + "  %6.1f  %6.1f  %17.4f  %s%n",
                    entry.getKey().name().toLowerCase(Locale.ROOT), t.transitions / n, t.historyEvents / n,
                    t.invocations / n, t.invocationSeconds / n, t.readUnits / n, t.writeUnits / n, t.emails / n,
                    t.httpRequests / n, t.events / n, t.keyedInvocations / n, t.traces / n, t.logBytes / n / 1000,
                    warm.total() * 1000,
                    String.format(Locale.ROOT, "%.4f%s", cold.total() * 1000, cold.total() * 1000 > BUDGET_PER_1000
                            ? "  (over the $0.30 budget)" : ""));
        }
        Priced approve = priced(tallies.get(Path3.APPROVE), true);
        out.printf(Locale.ROOT, "  approve path, all cold, $/1k by part: Step Functions %.4f, Lambda requests %.4f,"
                        + " Lambda GB-s (cold) %.4f, DynamoDB %.4f, SES %.4f, HTTP API %.4f, EventBridge %.4f,"
                        + " Secrets Manager %.4f, X-Ray %.4f, CloudWatch Logs %.4f%n%n",
                approve.stepFunctions * 1000, approve.lambdaRequests * 1000, approve.lambdaTime * 1000,
                approve.dynamoDb * 1000, approve.ses * 1000, approve.httpApi * 1000, approve.eventBridge * 1000,
                approve.secretsManager * 1000, approve.xRay * 1000, approve.logs * 1000);
    }

    /** One path's mean cost per approval, by part, in dollars. */
    private record Priced(double stepFunctions, double lambdaRequests, double lambdaTime, double dynamoDb, double ses,
                          double httpApi, double eventBridge, double secretsManager, double xRay, double logs) {
        double total() {
            return stepFunctions + lambdaRequests + lambdaTime + dynamoDb + ses + httpApi + eventBridge
                    + secretsManager + xRay + logs;
        }
    }

    /**
     * Warm: Lambda time as measured in process, environments already started (no key read). Cold: every invocation
     * in a new environment, billed {@code coldSeconds}, and each keyed function's environment reads the audit key once.
     */
    private Priced priced(CostTally t, boolean allCold) {
        double n = t.runs;
        double gb = memoryMb / 1024.0;
        double seconds = allCold ? t.invocations / n * coldSeconds : t.invocationSeconds / n;
        return new Priced(t.transitions / n * SFN_PER_TRANSITION, t.invocations / n * LAMBDA_PER_REQUEST,
                gb * seconds * LAMBDA_PER_GB_SECOND_ARM64,
                t.readUnits / n * DYNAMODB_PER_READ_UNIT + t.writeUnits / n * DYNAMODB_PER_WRITE_UNIT,
                t.emails / n * SES_PER_EMAIL, t.httpRequests / n * HTTP_API_PER_REQUEST,
                t.events / n * EVENTBRIDGE_PER_EVENT,
                allCold ? t.keyedInvocations / n * SECRETS_MANAGER_PER_CALL : 0, t.traces / n * XRAY_PER_TRACE,
                t.logBytes / n * LOGS_PER_BYTE);
    }

    private long keyedInvocations() {
        long sum = 0;
        for (String name : KEYED_FUNCTIONS) {
            LongAdder count = invocations.get(name);
            sum += count == null ? 0 : count.sum();
        }
        return sum;
    }

    private long totalInvocations() {
        return invocations.values().stream().mapToLong(LongAdder::sum).sum();
    }

    // ------------------------------------------------------------------------------------------------ wiring

    /**
     * The runtime's functions as {@code CountersignFunctions} builds them, except that every invocation is counted
     * and timed, and the store's DynamoDB client asks for (and adds up) the consumed capacity of every call.
     */
    private LocalFunctions countingFunctions(HandlerWiring wiring) {
        // What the handlers log goes where the runtime's log goes, counted on the way.
        PrintStream handlerLog = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                handlerLogBytes.increment();
                wiring.log().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                handlerLogBytes.add(len);
                wiring.log().write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        return CountersignFunctions.create(wiring, new CountersignFunctions.Instrumentation() {
            @Override
            public DynamoDbClient dynamoDb(HandlerWiring w) {
                return DynamoDbClient.builder()
                        .endpointOverride(w.clients().settings().endpoint(AwsService.DYNAMODB).orElseThrow())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local",
                                "local")))
                        .httpClient(UrlConnectionHttpClient.create())
                        .overrideConfiguration(o -> o.addExecutionInterceptor(new CapacityCounter()))
                        .build();
            }

            @Override
            public PrintStream log(HandlerWiring w) {
                return handlerLog;
            }

            @Override
            public Supplier<? extends RequestStreamHandler> handler(String name,
                                                                    Supplier<? extends RequestStreamHandler> handler) {
                return counted(name, handler);
            }
        });
    }

    /** Counts and times every invocation of the function {@code name}. */
    private Supplier<RequestStreamHandler> counted(String name, Supplier<? extends RequestStreamHandler> handler) {
        LongAdder count = invocations.computeIfAbsent(name, n -> new LongAdder());
        return () -> {
            RequestStreamHandler inner = handler.get();
            return (InputStream in, OutputStream o, Context c) -> {
                long start = System.nanoTime();
                try {
                    inner.handleRequest(in, o, c);
                } finally {
                    count.increment();
                    invocationSeconds.add((System.nanoTime() - start) / 1e9);
                }
            };
        };
    }

    /** Asks DynamoDB for the consumed capacity (indexes included) of each call, and adds it up. */
    private final class CapacityCounter implements ExecutionInterceptor {
        @Override
        public SdkRequest modifyRequest(software.amazon.awssdk.core.interceptor.Context.ModifyRequest context,
                                        ExecutionAttributes attributes) {
            SdkRequest request = context.request();
            ReturnConsumedCapacity indexes = ReturnConsumedCapacity.INDEXES;
            if (request instanceof GetItemRequest r) {
                return r.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (request instanceof PutItemRequest r) {
                return r.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (request instanceof UpdateItemRequest r) {
                return r.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (request instanceof DeleteItemRequest r) {
                return r.toBuilder().returnConsumedCapacity(indexes).build();
            } else if (request instanceof QueryRequest r) {
                return r.toBuilder().returnConsumedCapacity(indexes).build();
            }
            return request;
        }

        @Override
        public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
                                   ExecutionAttributes attributes) {
            Object response = context.response();
            if (response instanceof GetItemResponse r) {
                add(r.consumedCapacity(), true);
            } else if (response instanceof QueryResponse r) {
                add(r.consumedCapacity(), true);
            } else if (response instanceof PutItemResponse r) {
                add(r.consumedCapacity(), false);
            } else if (response instanceof UpdateItemResponse r) {
                add(r.consumedCapacity(), false);
            } else if (response instanceof DeleteItemResponse r) {
                add(r.consumedCapacity(), false);
            }
        }

        private void add(ConsumedCapacity capacity, boolean read) {
            if (capacity == null || capacity.capacityUnits() == null) {
                throw new IllegalStateException("DynamoDB returned no ConsumedCapacity: the benchmark cannot count"
                        + " capacity units against this endpoint");
            }
            (read ? readUnits : writeUnits).add(capacity.capacityUnits());
        }
    }

    // ------------------------------------------------------------------------------------------------ driving

}
