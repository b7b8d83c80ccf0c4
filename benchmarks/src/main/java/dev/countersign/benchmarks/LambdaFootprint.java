package dev.countersign.benchmarks;

import dev.countersign.benchmarks.probe.FootprintProbe;
import dev.countersign.local.dynalite.DynaliteServer;
import dev.countersign.local.dynalite.ProjectRoot;
import dev.countersign.local.ses.CapturedEmail;
import dev.countersign.local.ses.LocalSesEndpoint;
import dev.countersign.local.ses.Mailbox;
import dev.countersign.store.dynamodb.CountersignTables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./countersign bench footprint}: what a Countersign function needs on a cold start, measured as Lambda runs
 * it — a fresh JVM whose classpath is the shaded Lambda jar (plus a JDK-only probe), the handler's no-arg constructor
 * reading its environment, one invocation against local dynalite and the local SES endpoint. Prints init and
 * first-response times, the process's CPU time, heap and peak resident memory; asserts nothing. The CDK stack's
 * memory size and SnapStart default are chosen from these figures (docs/deploy.md).
 */
public final class LambdaFootprint {
    private static final Pattern FIGURES = Pattern.compile("footprint initMs=(\\d+) firstResponseMs=(\\d+)"
            + " cpuMs=(\\d+) heapUsedMb=(\\d+) heapCommittedMb=(\\d+) peakRssMb=(\\d+)");
    private static final String APPROVER = "lee@shop.example";
    /** util-linux's taskset pins each probe to one core, when it is installed. */
    private static final String TASKSET = Stream.of("/usr/bin/taskset", "/bin/taskset")
            .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);

    private LambdaFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 1 && args[0].equals("--runs") ? Integer.parseInt(args[1]) : 5;
        Path root = ProjectRoot.locate();
        Path jar;
        try (Stream<Path> files = Files.list(root.resolve("functions/target"))) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no functions/target/*-lambda.jar: build it with"
                            + " mvn -B -pl functions -am package -DskipTests"));
        }
        Path work = Files.createTempDirectory("countersign-footprint-");
        Mailbox mailbox = Mailbox.inMemory();
        try (DynaliteServer dynalite = DynaliteServer.startInMemory();
             LocalSesEndpoint.Server ses = new LocalSesEndpoint(mailbox, Clock.systemUTC()).start(0)) {
            try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynalite.endpoint())
                    .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                    .build()) {
                CountersignTables.defaults().createMissing(client);
            }
            Path probe = work.resolve("probe");
            String resource = FootprintProbe.class.getName().replace('.', '/') + ".class";
            Files.createDirectories(probe.resolve(resource).getParent());
            try (InputStream in = FootprintProbe.class.getClassLoader().getResourceAsStream(resource)) {
                Files.copy(in, probe.resolve(resource));
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", "local");
            env.put("AWS_SECRET_ACCESS_KEY", "local");
            env.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_SESV2", ses.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:9");
            env.put("COUNTERSIGN_AUDIT_KEY", Base64.getEncoder().encodeToString(key));
            env.put("COUNTERSIGN_SENDER", "Countersign <approvals@example.com>");
            env.put("COUNTERSIGN_BASE_URL", "https://approvals.example.com");

            System.out.printf(Locale.ROOT, "Lambda footprint: %s (%,d bytes), %d fresh JVMs per row, Java %s,"
                    + " %d cores here%n", jar.getFileName(), Files.size(jar), runs,
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            System.out.println("  (one vCPU is what Lambda gives at 1,769 MB, proportionally less below: each probe runs"
                    + (TASKSET != null ? " pinned to one core with taskset" : " on every core (no taskset here)")
                    + ", with -XX:ActiveProcessorCount=1 so the JVM sizes itself for one)");
            System.out.println("  function  JVM flags                        init ms  first response ms  CPU ms"
                    + "  heap used MB  peak RSS MB   (median / max)");
            for (List<String> flags : List.of(
                    List.of("-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1"),
                    List.of("-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1", "-XX:TieredStopAtLevel=1"))) {
                List<long[]> request = new ArrayList<>();
                List<long[]> page = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    String execution = "arn:aws:states:us-east-1:123456789012:execution:bench:run-" + flags.size()
                            + "-" + i;
                    request.add(invoke(jar, probe, work, env, flags, "dev.countersign.functions.RequestApprovalHandler",
                            requestPayload(execution, i)));
                }
                String secret = secretIn(mailbox.to(APPROVER));
                for (int i = 0; i < runs; i++) {
                    page.add(invoke(jar, probe, work, env, flags, "dev.countersign.functions.DecisionHandler",
                            getEvent(secret)));
                }
                print("request", flags, request);
                print("review", flags, page);
            }
        } finally {
            BenchmarkMain.deleteTree(work);
        }
        System.exit(0);
    }

    private static void print(String function, List<String> flags, List<long[]> samples) {
        String label = String.join(" ", flags.subList(1, flags.size())).replace("-XX:ActiveProcessorCount=1", "1 CPU");
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-8s  %-31s", function, label));
        for (int metric = 0; metric < 6; metric++) {
            if (metric == 4) {
                continue; // committed heap: JVM sizing, not need
            }
            final int m = metric;
            long[] values = samples.stream().mapToLong(s -> s[m]).sorted().toArray();
            line.append(String.format(Locale.ROOT, "  %5d / %-5d", values[values.length / 2],
                    values[values.length - 1]));
        }
        System.out.println(line);
    }

    private static long[] invoke(Path jar, Path probe, Path work, Map<String, String> env, List<String> flags,
                                 String handler, String event) throws IOException, InterruptedException {
        Path in = Files.writeString(work.resolve("event.json"), event);
        Path out = work.resolve("out.json");
        List<String> command = new ArrayList<>();
        if (TASKSET != null) {
            // One core for the whole process (JIT and GC threads too), as one vCPU would give.
            command.addAll(List.of(TASKSET, "-c", "0"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-cp");
        command.add(jar + java.io.File.pathSeparator + probe);
        command.add(FootprintProbe.class.getName());
        command.add(handler);
        command.add(in.toString());
        command.add(out.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(handler + " failed in a fresh JVM:\n" + stderr);
        }
        Matcher figures = FIGURES.matcher(stderr);
        if (!figures.find()) {
            throw new IllegalStateException("no figures from the probe:\n" + stderr);
        }
        long[] values = new long[6];
        for (int i = 0; i < 6; i++) {
            values[i] = Long.parseLong(figures.group(i + 1));
        }
        return values;
    }

    private static String requestPayload(String executionArn, int i) {
        return "{\"taskToken\":\"AQB-footprint-" + i + "\",\"executionArn\":\"" + executionArn + "\","
                + "\"gate\":\"payout-approval\",\"level\":1,\"timeoutSeconds\":3600,\"proposal\":{"
                + "\"workflow\":\"payouts\",\"action\":{\"type\":\"payout.send\",\"summary\":\"Pay out EUR 42.00\","
                + "\"params\":{\"amount\":42.00}},\"reasoning\":\"Invoice matched the purchase order.\","
                + "\"risk\":{\"level\":\"low\"},\"proposedBy\":{\"agent\":\"payout-agent\"},"
                + "\"requester\":{\"email\":\"dana@shop.example\"},\"routing\":{\"approvers\":[\"" + APPROVER
                + "\"]}}}";
    }

    private static String getEvent(String secret) {
        return "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"/review/" + secret + "\","
                + "\"rawQueryString\":\"\",\"headers\":{\"user-agent\":\"Mozilla/5.0 (footprint)\"},"
                + "\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/review/" + secret + "\","
                + "\"protocol\":\"HTTP/1.1\",\"sourceIp\":\"192.0.2.10\",\"userAgent\":\"Mozilla/5.0 (footprint)\"}},"
                + "\"isBase64Encoded\":false}";
    }

    static String secretIn(List<CapturedEmail> emails) {
        Pattern link = Pattern.compile("/review/([A-Za-z0-9_-]{43})");
        for (int i = emails.size() - 1; i >= 0; i--) {
            Matcher m = link.matcher(emails.get(i).text());
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new IllegalStateException("no review link was emailed");
    }
}
