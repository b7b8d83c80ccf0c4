package dev.countersign.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.benchmarks.ColdStartReport.Probe;
import dev.countersign.benchmarks.probe.ColdStartProbe;
import dev.countersign.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.function.IntFunction;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./countersign bench cold-start}: the cold starts people and workflows wait on, as DESIGN.md budgets them —
 * a fresh JVM, the real shaded Lambda jar, the handler's no-arg constructor reading the deployed configuration from
 * its environment (the audit key from Secrets Manager, the event bus set), and one invocation:
 * <ul>
 *   <li>the decision function's GET of a review link an approver opens for the first time (the page, VIEWED);</li>
 *   <li>its POST of the Approve button (the decision recorded in one conditional write, the workflow resumed with
 *       {@code SendTaskSuccess}, the audit anchor published);</li>
 *   <li>the request function (the proposal validated, the approval stored with the task token, the approver emailed
 *       through SES);</li>
 * </ul>
 * each next to DESIGN.md's naive baseline measured in the same run, against the local runtime ({@link
 * ColdStartFixture}: dynalite, the Step Functions engine, the SES and EventBridge endpoints).
 *
 * <p>Method: every program runs in its own fresh JVM with the same flags ({@link #LAMBDA_JVM_FLAGS}). The clock is
 * this process's {@link System#nanoTime()}, started just before the child process is started and stopped when the
 * child prints {@link ColdStartProbe#MARKER} (after the handler's response bytes are written and the output closed;
 * after {@code GetItem} returned for the baseline). Runs are interleaved: one of each program per round, in a
 * rotating order, after untimed warm-up rounds. Every run works on an approval of its own and is checked afterwards
 * (the page shown and VIEWED recorded; the decision recorded, delivered and the execution succeeded; the approval
 * stored and the email sent); a function that logs a warning or an error fails the run. Prints figures; judges
 * nothing.
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
    private static final String REQUEST_HANDLER = "dev.countersign.functions.RequestApprovalHandler";
    private static final long CHILD_TIMEOUT_SECONDS = 120;
    private static final String TASKSET = "/usr/bin/taskset";

    private final ColdStartParameters parameters;
    private final PrintStream out;
    private final Path work;
    private final String command;

    /**
     * @param work    an empty directory for the local runtime's data, events, outputs and the probe
     * @param command the command line that started this run, printed in the header
     */
    public ColdStartBenchmark(ColdStartParameters parameters, PrintStream out, Path work, String command) {
        this.parameters = parameters;
        this.out = out;
        this.work = work;
        this.command = command;
    }

    /** One program measured: its label, its environment, how to start its {@code index}-th run, and its check. */
    private abstract class Program {
        private final String label;
        final Map<String, String> env;

        Program(String label, Map<String, String> env) {
            this.label = label;
            this.env = env;
        }

        String label() {
            return label;
        }

        abstract List<String> command(int index) throws IOException;

        /** Throws if the run did not do its work (wrong page, nothing recorded, nothing sent). */
        void check(int index, String markerLine) throws Exception {
        }

        /** What the handler wrote as its response. */
        JsonNode output(int index) throws IOException {
            return Json.parse(Files.readString(outputFile(index)));
        }
    }

    /** What a function's probe does with the index-th run's response: throws if the work is not there. */
    private interface Check {
        void check(int index, JsonNode output) throws Exception;
    }

    /** A function's first invocation from the Lambda jar, with the index-th run's event, its work checked after. */
    private final class HandlerProgram extends Program {
        private final String handler;
        private final String javaBinary;
        private final Path probe;
        private final IntFunction<JsonNode> event;
        private final Check check;
        private final Runnable checked;

        HandlerProgram(Probe what, Map<String, String> env, String handler, String javaBinary, Path probe,
                       IntFunction<JsonNode> event, Check check, Runnable checked) {
            super(what.label(), env);
            this.handler = handler;
            this.javaBinary = javaBinary;
            this.probe = probe;
            this.event = event;
            this.check = check;
            this.checked = checked;
        }

        @Override
        List<String> command(int index) throws IOException {
            return handler(javaBinary, probe, handler, index, event.apply(index));
        }

        @Override
        void check(int index, String markerLine) throws Exception {
            check.check(index, output(index));
            checked.run();
        }
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
        try (ColdStartFixture fixture = ColdStartFixture.start(work.resolve("runtime"))) {
            out.println("  deployed configuration: " + fixture.describe());
            int rounds = parameters.warmupRounds() + parameters.runs();
            int seeded = rounds + (parameters.classLoads() ? 1 : 0);
            List<ColdStartFixture.Seeded> firstViews = fixture.unopened("first-view-", seeded);
            List<ColdStartFixture.Seeded> decisions = fixture.viewed("decision-", seeded);
            List<ColdStartFixture.HeldRequest> requests = fixture.heldRequests(seeded);
            // The baseline reads the first approval's link grant: the GET's first read, as a naive bean.
            String[] naiveKey = ColdStartFixture.linkKey(firstViews.get(0));
            Map<String, String> baselineEnv = fixture.environment("naive-baseline");
            int[] done = new int[3];

            Program hello = new Program("bare JVM, hello", baselineEnv) {
                List<String> command(int index) {
                    return jvm(javaBinary, probe.toString(), ColdStartProbe.class.getName(), "hello");
                }
            };
            Program naiveDefault = naive(javaBinary, "naive baseline, SDK default HTTP client (apache5-client)",
                    parameters.naiveSdkDefaultJar(), naiveKey, baselineEnv);
            Program naiveUrl = naive(javaBinary, "naive baseline, url-connection-client", parameters.naiveUrlJar(),
                    naiveKey, baselineEnv);
            Program get = new HandlerProgram(Probe.DECISION_GET, fixture.environment("countersign-decision"),
                    DECISION_HANDLER, javaBinary, probe, i -> ColdStartFixture.getEvent(firstViews.get(i).secret()),
                    (i, output) -> fixture.checkViewed(firstViews.get(i), output), () -> done[0]++);
            Program post = new HandlerProgram(Probe.DECISION_POST, fixture.environment("countersign-decision"),
                    DECISION_HANDLER, javaBinary, probe, i -> ColdStartFixture.approveEvent(decisions.get(i).secret()),
                    (i, output) -> fixture.checkDecided(decisions.get(i), output), () -> done[1]++);
            Program request = new HandlerProgram(Probe.REQUEST, fixture.environment("countersign-request"),
                    REQUEST_HANDLER, javaBinary, probe, i -> requests.get(i).payload(),
                    (i, output) -> fixture.checkRequested(requests.get(i), output), () -> done[2]++);
            List<Program> programs = List.of(hello, naiveDefault, naiveUrl, get, post, request);
            List<List<long[]>> samples = new ArrayList<>();
            programs.forEach(p -> samples.add(new ArrayList<>()));
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < programs.size(); k++) {
                    int which = (round + k) % programs.size();
                    long[] sample = measure(programs.get(which), round, null);
                    if (round >= parameters.warmupRounds()) {
                        samples.get(which).add(sample);
                    }
                }
            }
            int functionJvms = 3 * rounds;
            Map<Probe, StartupFigure> figures = new EnumMap<>(Probe.class);
            figures.put(Probe.DECISION_GET, figure(samples.get(3)));
            figures.put(Probe.DECISION_POST, figure(samples.get(4)));
            figures.put(Probe.REQUEST, figure(samples.get(5)));
            ColdStartReport report = new ColdStartReport(figure(samples.get(0)), figure(samples.get(1)),
                    figure(samples.get(2)), figures, Files.size(parameters.lambdaJar()),
                    new ColdStartReport.Work(done[0], done[1], done[2], fixture.secretReads(), functionJvms));
            print(report, programs);
            if (parameters.classLoads()) {
                profile(programs, rounds);
            }
            return report;
        }
    }

    /** One more run of each program with the class-loading log on (untimed: logging costs time). */
    private void profile(List<Program> programs, int index) throws Exception {
        out.println("class loading, one more run of each program with " + ClassLoadProfile.option(Path.of("<log>"))
                + " (untimed):");
        for (Program program : programs) {
            Path log = work.resolve("class-load-" + programs.indexOf(program) + ".log");
            measure(program, index, ClassLoadProfile.option(log));
            out.printf(Locale.ROOT, "  %-55s %s%n", program.label() + ":", ClassLoadProfile.read(log));
        }
    }

    private void print(ColdStartReport report, List<Program> programs) {
        out.printf(Locale.ROOT, "  load average %s at the end (the machine is shared: compare figures of one run"
                + " only)%n", loadAverage());
        ColdStartReport.Work work = report.work();
        out.printf(Locale.ROOT, "  work checked after every run: %d first views recorded VIEWED; %d POSTs recorded the"
                + " approval and CALLBACK_DELIVERED, and their workflows succeeded with it; %d requests stored the"
                + " approval with its task token and emailed the link; %d GetSecretValue reads for %d function"
                + " JVMs%n", work.firstViews(), work.decisions(), work.requests(), work.secretReads(),
                work.functionJvms());
        out.printf(Locale.ROOT, "Lambda jar: %s, %,d bytes [DESIGN.md budget: under %,d bytes]%n",
                parameters.lambdaJar().getFileName(), report.lambdaJarBytes(), JAR_BUDGET_BYTES);
        out.printf(Locale.ROOT, "%-58s %s [reference: DESIGN.md measured about 32 ms]%n", programs.get(0).label()
                + ":", report.hello());
        out.printf(Locale.ROOT, "%-58s %s [the budgets' baseline: DESIGN.md's \"SDK defaults\"]%n",
                programs.get(1).label() + ":", report.naiveSdkDefault());
        out.printf(Locale.ROOT, "%-58s %s [reference: the stricter baseline]%n", programs.get(2).label() + ":",
                report.naiveUrl());
        for (Probe probe : Probe.values()) {
            out.printf(Locale.ROOT, "%-58s %s%s%n", probe.label() + ", shaded Lambda jar:", report.figure(probe),
                    probe == Probe.DECISION_GET ? String.format(Locale.ROOT, " [DESIGN.md budget: under %.0f ms]",
                            MILLIS_BUDGET) : "");
        }
        boolean met = report.ratiosMet();
        for (Probe probe : Probe.values()) {
            double ratio = report.ratio(probe);
            out.printf(Locale.ROOT, "ratio %-25s / naive baseline, medians: %.2f [budget: under %.1f] %s"
                    + " (url-connection baseline: %.2f)%n", probe.label(), ratio, probe.ratioBudget(),
                    ratio < probe.ratioBudget() ? "met" : "NOT met", report.ratioToUrlConnectionBaseline(probe));
        }
        double getMillis = report.figure(Probe.DECISION_GET).medianMillis();
        boolean jar = report.lambdaJarBytes() < JAR_BUDGET_BYTES;
        out.printf(Locale.ROOT, "budget: %s (every ratio %s its budget; decision GET median %.0f ms %s %.0f ms; the jar"
                + " %s)%n", met && getMillis < MILLIS_BUDGET && jar ? "met" : "NOT met", met ? "under" : "NOT under",
                getMillis, getMillis < MILLIS_BUDGET ? "<" : ">=", MILLIS_BUDGET, jar ? "under 15 MB" : "OVER 15 MB");
    }

    private Program naive(String javaBinary, String label, Path jar, String[] key, Map<String, String> env) {
        return new Program(label, env) {
            List<String> command(int index) {
                return jvm(javaBinary, jar.toString(), "dev.countersign.benchmarks.naive.NaiveBaseline", key[0],
                        key[1]);
            }

            void check(int index, String markerLine) {
                if (!markerLine.endsWith(" found")) {
                    throw new IllegalStateException(label + " did not find the link item: " + markerLine);
                }
            }
        };
    }

    /** A handler's first invocation: the probe calls its no-arg constructor, then one request with {@code event}. */
    private List<String> handler(String javaBinary, Path probe, String handler, int index, JsonNode event)
            throws IOException {
        Path file = work.resolve("event-" + index + "-" + handler.substring(handler.lastIndexOf('.') + 1) + ".json");
        Files.writeString(file, Json.write(event));
        return jvm(javaBinary, parameters.lambdaJar() + java.io.File.pathSeparator + probe,
                ColdStartProbe.class.getName(), handler, file.toString(), outputFile(index).toString());
    }

    private Path outputFile(int index) {
        return work.resolve("output-" + index + ".json");
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

    /**
     * One fresh JVM: {wall nanos to the marker, CPU nanos the child reported}.
     *
     * @param extraOption a JVM option added after Lambda's (the class-loading log), or null
     */
    private long[] measure(Program program, int index, String extraOption) throws Exception {
        List<String> command = new ArrayList<>(program.command(index));
        if (extraOption != null) {
            command.add(command.indexOf("-cp"), extraOption);
        }
        Files.deleteIfExists(outputFile(index));
        Path stderr = work.resolve("stderr.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        builder.environment().clear();
        builder.environment().putAll(program.env);
        long start = System.nanoTime();
        Process process = builder.start();
        long wall = -1;
        String markerLine = null;
        long cpu = -1;
        List<String> lines = new ArrayList<>();
        String problem = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (markerLine == null && line.startsWith(ColdStartProbe.MARKER)) {
                    wall = System.nanoTime() - start;
                    markerLine = line;
                } else if (line.startsWith(ColdStartProbe.CPU_PREFIX)) {
                    cpu = Long.parseLong(line.substring(ColdStartProbe.CPU_PREFIX.length()).trim());
                } else {
                    // The functions log JSON lines: a warning (a failed anchor, a retried call) is not a clean run.
                    if (problem == null && (line.contains("\"level\":\"WARN\"")
                            || line.contains("\"level\":\"ERROR\""))) {
                        problem = line;
                    }
                    if (lines.size() < 50) {
                        lines.add(line);
                    }
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
        if (problem != null) {
            throw new IllegalStateException(program.label() + " logged a problem: " + problem);
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
}
