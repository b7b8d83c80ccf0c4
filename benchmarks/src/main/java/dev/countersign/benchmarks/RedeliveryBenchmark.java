package dev.countersign.benchmarks;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.DecideResult;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.Verdict;
import dev.countersign.core.Channel;
import dev.countersign.local.runtime.CountersignLocal;
import dev.countersign.local.runtime.UpProcess;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * {@code ./countersign bench redelivery}: how long after a crash of the local runtime its stranded decisions reach
 * their workflows (DESIGN.md: within 10 s of the restart). {@code countersign up} runs as a child process; the
 * benchmark pauses {@code paused + stranded} example refunds on their approval, records {@code stranded} decisions in
 * the store as a decision function that died before {@code SendTaskSuccess} leaves them, kills the runtime with
 * {@code kill -9} and starts it again on the same data, and times from that start until the last stranded decision
 * was handed to its workflow (its level settled in the store) and until the last of those workflows finished. The
 * baseline, measured in the same run: the same restart with nothing stranded, to the banner. Prints; asserts nothing.
 */
public final class RedeliveryBenchmark {
    static final String USAGE = String.join("\n",
            "usage: countersign bench redelivery [--paused N] [--stranded N] [--runs N]",
            "  --paused N    approvals left waiting for a person through every crash (default 200)",
            "  --stranded N  decisions recorded but never handed over before each crash (default 50)",
            "  --runs N      crash-and-restart rounds measured (default 3)");
    static final Duration BUDGET = Duration.ofSeconds(10);
    private static final String APPROVER = "approver@example.com";
    private static final String GATE = "refund-approval";

    /** @param paused approvals waiting for a person; @param stranded decisions stranded before each crash */
    record Parameters(int paused, int stranded, int runs) {
    }

    /** One crash-and-restart: seconds from the restart to the banner, the last delivery, the last workflow's end. */
    record Run(double ready, double lastDelivered, double lastFinished, int redeliveredAtStart) {
    }

    /** What the benchmark measured. */
    record Report(Parameters parameters, List<Double> baselineReady, List<Run> runs) {
    }

    private final Parameters parameters;
    private final PrintStream out;
    private final Path work;

    RedeliveryBenchmark(Parameters parameters, PrintStream out, Path work) {
        this.parameters = parameters;
        this.out = out;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Parameters parameters = new Parameters(200, 50, 3);
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                System.out.println(USAGE);
                return;
            }
            if (i + 1 >= args.length) {
                fail(option + " needs a number");
            }
            int value = number(option, args[++i]);
            parameters = switch (option) {
                case "--paused" -> new Parameters(value, parameters.stranded(), parameters.runs());
                case "--stranded" -> new Parameters(parameters.paused(), value, parameters.runs());
                case "--runs" -> new Parameters(parameters.paused(), parameters.stranded(), value);
                default -> {
                    fail("unknown option '" + option + "'");
                    yield parameters;
                }
            };
        }
        if (parameters.stranded() < 1 || parameters.runs() < 1) {
            fail("--stranded and --runs must be at least 1");
        }
        Path work = Files.createTempDirectory("countersign-bench-redelivery-");
        try {
            new RedeliveryBenchmark(parameters, System.out, work).run();
        } catch (Exception e) {
            System.err.println("countersign bench redelivery: the benchmark failed: " + e);
            e.printStackTrace();
            System.exit(1);
        } finally {
            BenchmarkMain.deleteTree(work);
        }
        System.exit(0); // the SDK's pools must not keep the JVM alive
    }

    Report run() throws Exception {
        out.printf(Locale.ROOT, "redelivery after kill -9 of countersign up: %d approvals waiting, %d decisions"
                + " stranded, %d runs (countersign up in a child JVM; fsync on)%n", parameters.paused(),
                parameters.stranded(), parameters.runs());
        List<Double> baseline = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        try (UpProcess up = new UpProcess(work);
             DynamoDbClient dynamoDb = up.dynamoDbClient();
             SfnClient sfn = up.sfnClient()) {
            up.start();
            DynamoDbApprovalStore store = up.store(dynamoDb);
            pause(sfn, store, "waiting", parameters.paused());
            for (int r = 1; r <= parameters.runs(); r++) {
                List<String> stranded = pause(sfn, store, "stranded-" + r, parameters.stranded());
                for (String execution : stranded) {
                    DecideResult decided = store.decide(new DecisionRequest(id(execution), 1, APPROVER,
                            Verdict.APPROVE, null, Channel.EMAIL_LINK, null));
                    if (!(decided instanceof DecideResult.Decided)) {
                        throw new IllegalStateException("could not record a decision for " + execution + ": "
                                + decided);
                    }
                }
                up.kill();
                long restart = System.nanoTime();
                String banner = up.start();
                double ready = seconds(restart);
                await(() -> stranded.stream().allMatch(e -> store.get(id(e)).map(a -> a.callbackSettled(1))
                        .orElse(false)), "every stranded decision was handed over");
                double delivered = seconds(restart);
                await(() -> stranded.stream().allMatch(e -> sfn.describeExecution(d -> d.executionArn(e)).status()
                        == ExecutionStatus.SUCCEEDED), "every stranded workflow finished");
                double finished = seconds(restart);
                runs.add(new Run(ready, delivered, finished, UpProcess.decisionsHandedOver(banner)));

                // The baseline: the same crash and restart, with nothing stranded.
                up.kill();
                long again = System.nanoTime();
                up.start();
                baseline.add(seconds(again));
            }
        }
        Report report = new Report(parameters, baseline, runs);
        print(report);
        return report;
    }

    /** Starts {@code count} example refunds and waits until each waits on its approval; their execution ARNs. */
    private List<String> pause(SfnClient sfn, DynamoDbApprovalStore store, String prefix, int count)
            throws InterruptedException {
        List<String> executions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + i;
            executions.add(sfn.startExecution(s -> s.stateMachineArn(CountersignLocal.arn(
                    CountersignLocal.REFUND_WORKFLOW)).name(name).input(order(name))).executionArn());
        }
        await(() -> executions.stream().allMatch(e -> store.get(id(e)).map(RedeliveryBenchmark::notified)
                .orElse(false)), count + " approvals requested and emailed");
        return executions;
    }

    private static boolean notified(ApprovalRecord approval) {
        return approval.auditTrail().stream().anyMatch(e -> e.type().equals("NOTIFIED"));
    }

    private void print(Report report) {
        List<Double> ready = report.runs().stream().map(Run::ready).toList();
        List<Double> delivered = report.runs().stream().map(Run::lastDelivered).toList();
        List<Double> finished = report.runs().stream().map(Run::lastFinished).toList();
        out.printf(Locale.ROOT, "  %-62s %s%n", "restart to ready (banner), nothing stranded  [baseline]",
                figure(report.baselineReady()));
        out.printf(Locale.ROOT, "  %-62s %s%n", "restart to ready (banner), " + parameters.stranded() + " stranded",
                figure(ready));
        out.printf(Locale.ROOT, "  %-62s %s   budget %d s: %s%n", "restart to the last stranded decision delivered",
                figure(delivered), BUDGET.toSeconds(), max(delivered) <= BUDGET.toSeconds() ? "met" : "MISSED");
        out.printf(Locale.ROOT, "  %-62s %s%n", "restart to the last of their workflows finished", figure(finished));
        out.printf(Locale.ROOT, "  handed over by the start-up sweep, per run: %s%n",
                report.runs().stream().map(r -> Integer.toString(r.redeliveredAtStart())).toList());
    }

    private static String figure(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "median %6.2f s  (min %.2f, max %.2f)", sorted.get(sorted.size() / 2),
                sorted.get(0), sorted.get(sorted.size() - 1));
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static ApprovalId id(String executionArn) {
        return ApprovalId.forKey(new ApprovalKey(executionArn, GATE));
    }

    private static String order(String id) {
        return "{\"orderId\":\"" + id + "\",\"amount\":129.90,\"currency\":\"EUR\",\"orderTotal\":129.90,"
                + "\"reason\":\"The parcel arrived crushed.\",\"customer\":{\"email\":\"dana@customer.example\","
                + "\"name\":\"Dana\"},\"requester\":{\"email\":\"sam.support@shop.example\",\"name\":\"Sam\"}}";
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("not within 5 minutes: " + what);
            }
            Thread.sleep(10); // the child runs in real time; the poll's period bounds the figures' resolution
        }
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            fail(option + " '" + value + "' is not a whole number");
            return 0;
        }
    }

    private static void fail(String message) {
        System.err.println("countersign bench redelivery: " + message + "\n" + USAGE);
        System.exit(2);
    }
}
