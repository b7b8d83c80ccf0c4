package dev.countersign.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.audit.AuditEventType;
import dev.countersign.benchmarks.probe.ColdStartProbe;
import dev.countersign.core.json.Json;
import dev.countersign.functions.CountersignSettings;
import dev.countersign.functions.FunctionDependencies;
import dev.countersign.functions.JsonLog;
import dev.countersign.functions.RequestApprovalHandler;
import dev.countersign.link.LinkSecret;
import dev.countersign.local.dynalite.DynaliteServer;
import dev.countersign.mail.EmailMessage;
import dev.countersign.mail.Mailer;
import dev.countersign.mail.SendResult;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import dev.countersign.workflow.WorkflowCallback;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./countersign bench cold-start}: the decision function's cold start as DESIGN.md budgets it — a fresh JVM,
 * the real shaded Lambda jar, the handler's no-arg constructor reading its environment, and the GET of a review link
 * that an approver makes when they first open the emailed link (link, approval and proposal reads, the VIEWED
 * write, the page) against local dynalite — next to DESIGN.md's naive baseline measured in the same run.
 *
 * <p>Method: every program runs in its own fresh JVM with the same flags ({@link #LAMBDA_JVM_FLAGS}) and the same
 * environment. The clock is this process's {@link System#nanoTime()}, started just before the child process is
 * started and stopped when the child prints {@link ColdStartProbe#MARKER} (after the handler's response bytes are
 * written and the output closed; after {@code GetItem} returned for the baseline). Runs are interleaved: one of each
 * program per round, in a rotating order, after untimed warm-up rounds. Each decision GET opens a link that was never
 * opened, of an approval created by the request function through the real store, so each one writes its VIEWED
 * event; the harness checks afterwards that each approval recorded exactly one. Prints figures; judges nothing.
 */
public final class ColdStartBenchmark {
    /**
     * AWS Lambda's Java 17 runtime starts the JVM with these (its bootstrap's command line): a maximum heap of 85% of
     * the function's memory (here 1,769 MB, one full vCPU), the serial collector, class data sharing (Lambda maps
     * its own archive with {@code -Xshare:on}; here the JDK's default archive, if present), C1 only, and two
     * settings that do not change timing. Not reproduced: Lambda's Log4j hot-patch agent and the memory limit of its
     * container (which also sizes the initial heap).
     */
    public static final List<String> LAMBDA_JVM_FLAGS = List.of("-XX:MaxHeapSize=1539738k", "-XX:+UseSerialGC",
            "-Xshare:auto", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "-XX:+ErrorFileToStderr");
    static final long JAR_BUDGET_BYTES = 15_000_000;
    static final double MILLIS_BUDGET = 400;
    static final double RATIO_BUDGET = 0.5;

    private static final String DECISION_HANDLER = "dev.countersign.functions.DecisionHandler";
    private static final String APPROVER = "lee@shop.example";
    private static final String SUMMARY = "Refund EUR 120.00 to order 4711";
    private static final Pattern LINK = Pattern.compile("/review/([A-Za-z0-9_-]{43})");
    private static final long CHILD_TIMEOUT_SECONDS = 120;
    private static final String TASKSET = "/usr/bin/taskset";

    private final ColdStartParameters parameters;
    private final PrintStream out;
    private final Path work;
    private final String command;

    /**
     * @param work    an empty directory for events, outputs and the probe
     * @param command the command line that started this run, printed in the header
     */
    public ColdStartBenchmark(ColdStartParameters parameters, PrintStream out, Path work, String command) {
        this.parameters = parameters;
        this.out = out;
        this.work = work;
        this.command = command;
    }

    /** One program measured: its label and how to start its {@code index}-th run. */
    private interface Program {
        String label();

        List<String> command(int index) throws IOException;

        /** Throws if the run did not do its work (wrong page, item not found). */
        void check(int index, String markerLine) throws IOException;
    }

    public ColdStartReport run() throws Exception {
        for (Path jar : List.of(parameters.lambdaJar(), parameters.naiveSdkDefaultJar(), parameters.naiveUrlJar())) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("missing " + jar + ": build it with mvn -B -pl functions,benchmarks"
                        + " -am package -DskipTests (./countersign bench cold-start does this)");
            }
        }
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        out.println("Countersign cold-start benchmark: " + command);
        out.printf(Locale.ROOT, "  Java %s (%s), %d processors, load average %s at start%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), loadAverage());
        out.println("  JVM flags of every measured JVM (AWS Lambda's Java 17 runtime defaults): "
                + String.join(" ", LAMBDA_JVM_FLAGS));
        if (parameters.oneCore()) {
            if (!Files.isExecutable(Path.of(TASKSET))) {
                throw new IllegalStateException("--one-core needs " + TASKSET + " (util-linux): install it, or run"
                        + " without --one-core");
            }
            out.println("  every measured JVM pinned to one core: " + TASKSET + " -c 0");
        }
        out.printf(Locale.ROOT, "  %d timed runs per program after %d warm-up round(s), interleaved; wall time ="
                + " process start -> marker line after the response is written, measured outside the JVM%n",
                parameters.runs(), parameters.warmupRounds());
        Path probe = copyProbe();
        try (DynaliteServer dynalite = DynaliteServer.startInMemory();
             SecretsManagerStandIn secrets = SecretsManagerStandIn.start()) {
            Map<String, String> env = environment(dynalite, secrets);
            out.println("  audit key: read at init with GetSecretValue (COUNTERSIGN_AUDIT_KEY_SECRET, as the deployed"
                    + " stack does) from a local Secrets Manager stand-in; DynamoDB: dynalite on "
                    + dynalite.endpoint());
            // The harness seeds approvals without publishing anchors: the measured JVMs have the bus, the seeding not.
            Map<String, String> seeding = new LinkedHashMap<>(env);
            seeding.remove("COUNTERSIGN_EVENT_BUS");
            DynamoDbApprovalStore store = FunctionDependencies.storeFromEnvironment(seeding, Clock.systemUTC());
            createTables(env);
            int rounds = parameters.warmupRounds() + parameters.runs();
            List<Seeded> approvals = seed(env, store, rounds);
            // The baseline reads the first approval's link grant: the GET's first read, as a naive bean.
            String naivePk = "LINK#" + LinkSecret.parse(approvals.get(0).secret()).orElseThrow().hash().value();

            Program hello = new Program() {
                public String label() {
                    return "bare JVM, hello";
                }

                public List<String> command(int index) {
                    return jvm(javaBinary, probe.toString(), ColdStartProbe.class.getName(), "hello");
                }

                public void check(int index, String markerLine) {
                }
            };
            Program naiveDefault = naive(javaBinary, "naive baseline, SDK default HTTP client (apache5-client)",
                    parameters.naiveSdkDefaultJar(), naivePk);
            Program naiveUrl = naive(javaBinary, "naive baseline, url-connection-client", parameters.naiveUrlJar(),
                    naivePk);
            Program decision = new Program() {
                public String label() {
                    return "decision GET, first view, shaded Lambda jar";
                }

                public List<String> command(int index) throws IOException {
                    Path event = work.resolve("event-" + index + ".json");
                    Files.writeString(event, Json.write(getEvent(approvals.get(index).secret())));
                    return jvm(javaBinary, parameters.lambdaJar() + java.io.File.pathSeparator + probe,
                            ColdStartProbe.class.getName(), DECISION_HANDLER, event.toString(),
                            work.resolve("output-" + index + ".json").toString());
                }

                public void check(int index, String markerLine) throws IOException {
                    JsonNode response = Json.parse(Files.readString(work.resolve("output-" + index + ".json")));
                    if (response.path("statusCode").asInt() != 200
                            || !response.path("body").asText("").contains(SUMMARY)) {
                        throw new IllegalStateException("the decision GET did not answer with the review page: status "
                                + response.path("statusCode") + ", body starts "
                                + clip(response.path("body").asText(""), 300));
                    }
                }
            };
            List<Program> programs = List.of(hello, naiveDefault, naiveUrl, decision);
            List<List<long[]>> samples = new ArrayList<>();
            programs.forEach(p -> samples.add(new ArrayList<>()));
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < programs.size(); k++) {
                    int which = (round + k) % programs.size();
                    long[] sample = measure(programs.get(which), round, env);
                    if (round >= parameters.warmupRounds()) {
                        samples.get(which).add(sample);
                    }
                }
            }
            for (Seeded approval : approvals) {
                ApprovalRecord record = store.get(approval.id()).orElseThrow();
                long views = record.auditTrail().stream()
                        .filter(e -> e.type().equals(AuditEventType.VIEWED.name())).count();
                if (views != 1) {
                    throw new IllegalStateException("approval " + approval.id() + " recorded " + views
                            + " VIEWED events after one first view; expected exactly 1");
                }
            }
            ColdStartReport report = new ColdStartReport(figure(samples.get(0)), figure(samples.get(1)),
                    figure(samples.get(2)), figure(samples.get(3)), Files.size(parameters.lambdaJar()));
            print(report, programs);
            return report;
        }
    }

    private void print(ColdStartReport report, List<Program> programs) {
        out.printf(Locale.ROOT, "  load average %s at the end (the machine is shared: compare figures of one run"
                + " only)%n", loadAverage());
        out.printf(Locale.ROOT, "Lambda jar: %s, %,d bytes [DESIGN.md budget: under %,d bytes]%n",
                parameters.lambdaJar().getFileName(), report.lambdaJarBytes(), JAR_BUDGET_BYTES);
        out.printf(Locale.ROOT, "%-58s %s [reference: DESIGN.md measured about 32 ms]%n", programs.get(0).label()
                + ":", report.hello());
        out.printf(Locale.ROOT, "%-58s %s [the budget's baseline: DESIGN.md's \"SDK defaults\"]%n",
                programs.get(1).label() + ":", report.naiveSdkDefault());
        out.printf(Locale.ROOT, "%-58s %s [reference: the stricter baseline]%n", programs.get(2).label() + ":",
                report.naiveUrl());
        out.printf(Locale.ROOT, "%-58s %s [DESIGN.md budget: under %.0f ms]%n", programs.get(3).label() + ":",
                report.decisionGet(), MILLIS_BUDGET);
        out.printf(Locale.ROOT, "ratio decision GET / naive baseline (SDK default client), medians: %.2f"
                + " [DESIGN.md budget: under %.1f]%n", report.ratioToBaseline(), RATIO_BUDGET);
        out.printf(Locale.ROOT, "ratio decision GET / naive baseline (url-connection-client), medians: %.2f"
                + " [reference: the stricter reading of the same budget]%n", report.ratioToUrlConnectionBaseline());
        boolean millisMet = report.decisionGet().medianMillis() < MILLIS_BUDGET;
        boolean ratioMet = report.ratioToBaseline() < RATIO_BUDGET;
        out.printf(Locale.ROOT, "budget: %s (median %.0f ms %s %.0f ms; ratio %.2f %s %.1f; the jar %s)%n",
                millisMet && ratioMet && report.lambdaJarBytes() < JAR_BUDGET_BYTES ? "met" : "NOT met",
                report.decisionGet().medianMillis(), millisMet ? "<" : ">=", MILLIS_BUDGET,
                report.ratioToBaseline(), ratioMet ? "<" : ">=", RATIO_BUDGET,
                report.lambdaJarBytes() < JAR_BUDGET_BYTES ? "under 15 MB" : "OVER 15 MB");
    }

    private Program naive(String javaBinary, String label, Path jar, String pk) {
        return new Program() {
            public String label() {
                return label;
            }

            public List<String> command(int index) {
                return jvm(javaBinary, jar.toString(), "dev.countersign.benchmarks.naive.NaiveBaseline", pk, "#LINK");
            }

            public void check(int index, String markerLine) {
                if (!markerLine.endsWith(" found")) {
                    throw new IllegalStateException(label + " did not find the link item: " + markerLine);
                }
            }
        };
    }

    private List<String> jvm(String javaBinary, String classpath, String main, String... args) {
        List<String> command = new ArrayList<>();
        if (parameters.oneCore()) {
            command.addAll(List.of(TASKSET, "-c", "0"));
        }
        command.add(javaBinary);
        command.addAll(LAMBDA_JVM_FLAGS);
        command.add("-cp");
        command.add(classpath);
        command.add(main);
        command.addAll(List.of(args));
        return command;
    }

    /** One fresh JVM: {wall nanos to the marker, CPU nanos the child reported}. */
    private long[] measure(Program program, int index, Map<String, String> env) throws Exception {
        List<String> command = program.command(index);
        Path stderr = work.resolve("stderr.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        long wall = -1;
        String markerLine = null;
        long cpu = -1;
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (markerLine == null && line.startsWith(ColdStartProbe.MARKER)) {
                    wall = System.nanoTime() - start;
                    markerLine = line;
                } else if (line.startsWith(ColdStartProbe.CPU_PREFIX)) {
                    cpu = Long.parseLong(line.substring(ColdStartProbe.CPU_PREFIX.length()).trim());
                } else if (lines.size() < 50) {
                    lines.add(line);
                }
            }
        }
        if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(program.label() + " did not finish in " + CHILD_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0 || markerLine == null) {
            throw new IllegalStateException(program.label() + " failed (exit " + process.exitValue() + ", marker "
                    + (markerLine == null ? "missing" : "printed") + ")\ncommand: " + String.join(" ", command)
                    + "\nstdout:\n" + String.join("\n", lines) + "\nstderr:\n" + Files.readString(stderr));
        }
        program.check(index, markerLine);
        return new long[] {wall, cpu};
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static StartupFigure figure(List<long[]> samples) {
        return StartupFigure.of(samples.stream().mapToLong(s -> s[0]).toArray(),
                samples.stream().mapToLong(s -> s[1]).filter(n -> n >= 0).toArray());
    }

    // ------------------------------------------------------------------ set-up

    /** The environment of every measured JVM: what Lambda gives a function, with DynamoDB pointed at dynalite. */
    private static Map<String, String> environment(DynaliteServer dynalite, SecretsManagerStandIn secrets) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "ASIACOLDSTARTBENCH01");
        env.put("AWS_SECRET_ACCESS_KEY", "cold-start-benchmark-secret-access-key-0001");
        env.put("AWS_SESSION_TOKEN", "cold-start-benchmark-session-token");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint().toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "countersign-decision");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1769");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        env.put("TZ", ":UTC");
        env.put(CountersignTables.TABLE_VARIABLE, CountersignTables.DEFAULT_APPROVALS_TABLE);
        env.put("COUNTERSIGN_AUDIT_KEY_SECRET", SecretsManagerStandIn.SECRET_ID);
        env.put(CountersignSettings.SENDER, "Countersign <approvals@example.com>");
        env.put(CountersignSettings.BASE_URL, "https://approvals.example.com");
        // As deployed, the decision function publishes audit anchors; a first view writes only VIEWED, which is not
        // anchored, so nothing may reach this endpoint (a closed port: a stray PutEvents would fail and be logged).
        env.put("COUNTERSIGN_EVENT_BUS", "countersign-events");
        env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", "http://127.0.0.1:9");
        return env;
    }

    private static void createTables(Map<String, String> env) {
        try (dev.countersign.aws.AwsClients clients = dev.countersign.aws.AwsClients.fromEnvironment(env)) {
            CountersignTables.fromEnvironment(env).createMissing(clients.dynamoDb());
        }
    }

    private record Seeded(ApprovalId id, String secret) {
    }

    /**
     * {@code count} approvals, each created by the request function (in this JVM) through the real store: REQUESTED,
     * ROUTED, NOTIFIED, a link grant, and the email whose link each measured GET opens.
     */
    private static List<Seeded> seed(Map<String, String> env, DynamoDbApprovalStore store, int count) {
        List<EmailMessage> sent = new ArrayList<>();
        Mailer mailer = message -> {
            sent.add(message);
            return new SendResult.Sent("cold-start-" + sent.size());
        };
        WorkflowCallback noCallback = new WorkflowCallback() {
            public dev.countersign.workflow.CallbackResult succeed(dev.countersign.approval.TaskToken token,
                                                                   ObjectNode output) {
                throw new IllegalStateException("seeding must not call back a workflow");
            }

            public dev.countersign.workflow.CallbackResult fail(dev.countersign.approval.TaskToken token,
                                                                String error, String cause) {
                throw new IllegalStateException("seeding must not fail a workflow: " + error + " " + cause);
            }

            public dev.countersign.workflow.CallbackResult heartbeat(dev.countersign.approval.TaskToken token) {
                throw new IllegalStateException("seeding sends no heartbeat");
            }
        };
        Clock clock = Clock.systemUTC();
        JsonLog quiet = new JsonLog(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                clock, "cold-start-seed");
        RequestApprovalHandler request = new RequestApprovalHandler(new FunctionDependencies(
                CountersignSettings.fromEnvironment(env), store, store, mailer, noCallback, clock, quiet));
        List<Seeded> seeded = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String arn = "arn:aws:states:us-east-1:123456789012:execution:refund-workflow:" + UUID.randomUUID();
            ObjectNode payload = Json.object();
            payload.put("taskToken", "AQB-cold-start-" + UUID.randomUUID());
            payload.put("executionArn", arn);
            payload.put("gate", "refund-approval");
            payload.put("level", 1);
            payload.put("timeoutSeconds", 86400);
            payload.set("proposal", proposal());
            JsonNode result = request.handle(payload, "seed-" + i);
            if (!result.path("status").asText().equals("waiting")) {
                throw new IllegalStateException("seeding approval " + i + " failed: " + result);
            }
            Matcher link = LINK.matcher(sent.get(sent.size() - 1).content().text());
            if (!link.find()) {
                throw new IllegalStateException("the seeded approval's email has no review link");
            }
            seeded.add(new Seeded(ApprovalId.forKey(new ApprovalKey(arn, "refund-approval")), link.group(1)));
        }
        return seeded;
    }

    /** A proposal like the example refund's: parameters, evidence with a link, risk with reasons. */
    private static ObjectNode proposal() {
        return (ObjectNode) Json.parse("{\"proposalId\": \"refund-4711\", \"workflow\": \"refunds\","
                + " \"action\": {\"type\": \"refund.issue\", \"summary\": \"" + SUMMARY + "\","
                + "   \"params\": {\"orderId\": \"4711\", \"amount\": 120.00, \"currency\": \"EUR\"}},"
                + " \"reasoning\": \"The customer sent photos of the broken mugs; the carrier confirmed the damage.\","
                + " \"evidence\": [{\"label\": \"Carrier report\", \"value\": \"Parcel crushed\","
                + "   \"url\": \"https://carrier.example/claims/991\"},"
                + "   {\"label\": \"Order total\", \"value\": \"EUR 164.50\"}],"
                + " \"risk\": {\"level\": \"medium\", \"score\": 35.5, \"reasons\": [\"above EUR 100\"]},"
                + " \"proposedBy\": {\"agent\": \"refund-agent\", \"model\": \"rules-v1\"},"
                + " \"requester\": {\"email\": \"dana@shop.example\", \"name\": \"Dana Reyes\"},"
                + " \"routing\": {\"approvers\": [\"" + APPROVER + "\"]}}");
    }

    /** The API Gateway HTTP API (payload 2.0) event of a browser opening the link. */
    private static ObjectNode getEvent(String secret) {
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", "/review/" + secret);
        event.put("rawQueryString", "");
        event.putObject("headers").put("user-agent", "Mozilla/5.0 (cold-start benchmark)")
                .put("accept", "text/html");
        ObjectNode http = event.putObject("requestContext").putObject("http");
        http.put("method", "GET");
        http.put("path", "/review/" + secret);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "192.0.2.10");
        http.put("userAgent", "Mozilla/5.0 (cold-start benchmark)");
        event.put("isBase64Encoded", false);
        return event;
    }

    /** The JDK-only probe, alone in a directory, so that the measured JVMs load every other class from their jar. */
    private Path copyProbe() throws IOException {
        Path dir = work.resolve("probe");
        String resource = ColdStartProbe.class.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = ColdStartProbe.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the probe class " + resource + " is not on the classpath");
            }
            Files.copy(in, target);
        }
        return dir;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
