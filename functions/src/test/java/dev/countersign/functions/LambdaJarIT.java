package dev.countersign.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.audit.AnchorPublisher;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.audit.AuditKey;
import dev.countersign.core.json.Json;
import dev.countersign.local.ses.CapturedEmail;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.LocalSes;
import dev.countersign.testing.ShadedJarInvoker;
import dev.countersign.testing.StepFunctionsStub;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded Lambda jar as Lambda runs it: its size, its content, and real invocations in fresh JVMs whose classpath
 * is the jar alone (plus a JDK-only invoker). These invocations prove that everything the functions use is there —
 * DynamoDB, SES SendEmail, Step Functions callbacks as signed JSON requests, the proposal schema, the templates — and
 * that none of them loads a single AWS SDK class (the cold start, docs/handlers.md). Runs in {@code verify} (after
 * {@code package}).
 */
class LambdaJarIT {
    /** DESIGN.md's budget for the Lambda jar. */
    static final long MAX_JAR_BYTES = 15_000_000;

    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();
    static final LocalSes ses = new LocalSes();
    static final StepFunctionsStub sfn = new StepFunctionsStub();

    static Path jar;
    static DynamoDbApprovalStore store;
    static String auditKey;

    @TempDir
    static Path work;

    @BeforeAll
    static void locateJar() throws IOException {
        String property = System.getProperty("countersign.lambdaJar");
        assertThat(property).as("system property countersign.lambdaJar (set by the failsafe configuration in"
                + " functions/pom.xml): run this test with mvn verify").isNotBlank();
        jar = Path.of(property);
        assertThat(jar).as("the shaded jar; build it with mvn -pl functions -am verify").exists();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        auditKey = Base64.getEncoder().encodeToString(key);
        store = DynamoDbApprovalStore.overSdk(dynalite.client(), dynalite.tables(),
                new AuditKey(key, "LambdaJarIT"), Clock.systemUTC(), AnchorPublisher.OFF);
        // The invoker alone, in a directory of its own: every other class must come from the jar.
        String resource = ShadedJarInvoker.class.getName().replace('.', '/') + ".class";
        Path target = work.resolve("invoker").resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = ShadedJarInvoker.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
    }

    @AfterAll
    static void stop() {
        ses.close();
        sfn.close();
    }

    @Test
    void theJar_staysUnderFifteenMegabytes_holdsTheHandlers_andNoBannedHttpClient() throws IOException {
        long size = Files.size(jar);
        System.out.printf("Lambda jar: %s, %,d bytes%n", jar.getFileName(), size);
        assertThat(size).as("shaded jar size in bytes").isLessThan(MAX_JAR_BYTES);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Class<?> handler : List.of(RequestApprovalHandler.class, DecisionHandler.class, RouteHandler.class,
                    EscalateHandler.class, RepairProjectionsHandler.class)) {
                assertThat(zip.getEntry(handler.getName().replace('.', '/') + ".class")).as(handler.getName())
                        .isNotNull();
            }
            List<String> banned = zip.stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith("software/amazon/awssdk/http/apache") || n.startsWith("io/netty/")
                            || n.startsWith("software/amazon/awssdk/http/nio/netty")
                            || n.startsWith("org/apache/http/") || n.startsWith("dev/countersign/devtools/"))
                    .toList();
            assertThat(banned).isEmpty();
            // The example workflow's steps have a jar of their own (examples/, ExamplesLambdaJarIT).
            assertThat(zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("dev/countersign/example/")))
                    .isEmpty();
            assertThat(zip.getEntry("schemas/proposal-1.schema.json")).isNotNull();
        }
    }

    /**
     * Reproducible: our entries carry pom.xml's {@code project.build.outputTimestamp}, not the build's clock (the
     * dependencies' entries keep their own fixed times), so the same sources give the same jar, the Lambda asset keeps
     * its hash, and a {@code cdk deploy} of unchanged code updates no function.
     */
    @Test
    void theJar_isReproducible_itsOwnEntriesCarryThePinnedTimestamp() throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> stamped = zip.stream()
                    .filter(e -> e.getName().startsWith("dev/countersign/") || e.getName().equals("META-INF/MANIFEST.MF"))
                    .filter(e -> !e.getTimeLocal().equals(java.time.LocalDateTime.of(2026, 1, 1, 0, 0)))
                    .map(e -> e.getName() + " " + e.getTimeLocal()).toList();
            assertThat(stamped).as("entries stamped with a build time (is project.build.outputTimestamp set in pom.xml?)")
                    .isEmpty();
            assertThat(zip.getEntry(RequestApprovalHandler.class.getName().replace('.', '/') + ".class")).isNotNull();
        }
    }

    @Test
    void theHandlers_runFromTheShadedJar_inFreshJvms_throughRequestViewDecideAndEscalate() throws Exception {
        // 1. The request step: validation (schema from the jar), DynamoDB, SES SendEmail.
        String arn = HandlerFixture.newExecutionArn();
        ObjectNode payload = requestPayload(arn, HandlerFixture.proposalFor("jar@shop.example"), "AQBtoken-one");
        Invocation request = invoke(RequestApprovalHandler.class, payload);
        assertThat(request.output().get("status").asText()).as(request.describe()).isEqualTo("waiting");
        ApprovalId id = HandlerFixture.approvalId(arn);
        List<CapturedEmail> mails = ses.mailbox().to("jar@shop.example");
        assertThat(mails).hasSize(1);
        Matcher link = Pattern.compile("/review/([A-Za-z0-9_-]{43})").matcher(mails.get(0).text());
        assertThat(link.find()).isTrue();
        String secret = link.group(1);

        // 2. The review page (the GET path: link lookup, approval, proposal, VIEWED, templates).
        Invocation page = invoke(DecisionHandler.class, HandlerFixture.get(secret));
        assertThat(page.output().get("statusCode").asInt()).as(page.describe()).isEqualTo(200);
        assertThat(page.output().get("body").asText()).contains("Refund EUR 120.00 to order 4711");

        // 3. The decision: conditional write, SendTaskSuccess to Step Functions, the receipt by SES.
        Invocation decide = invoke(DecisionHandler.class, HandlerFixture.approveWithReceipt(secret));
        assertThat(decide.output().get("statusCode").asInt()).as(decide.describe()).isEqualTo(200);
        ApprovalRecord approved = store.get(id).orElseThrow();
        assertThat(approved.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(sfn.calls()).anySatisfy(call -> {
            assertThat(call.operation()).isEqualTo("SendTaskSuccess");
            assertThat(call.body().get("taskToken").asText()).isEqualTo("AQBtoken-one");
            assertThat(Json.parse(call.body().get("output").asText()).get("outcome").asText()).isEqualTo("APPROVED");
        });
        assertThat(ses.mailbox().to("jar@shop.example")).hasSize(2);

        // 4. An invalid proposal: SendTaskFailure.
        ObjectNode invalid = HandlerFixture.proposal();
        invalid.remove("reasoning");
        Invocation refused = invoke(RequestApprovalHandler.class, requestPayload(HandlerFixture.newExecutionArn(),
                invalid, "AQBtoken-two"));
        assertThat(refused.output().get("status").asText()).as(refused.describe()).isEqualTo("invalid-proposal");
        assertThat(sfn.calls()).anySatisfy(call -> {
            assertThat(call.operation()).isEqualTo("SendTaskFailure");
            assertThat(call.body().get("error").asText()).isEqualTo("Countersign.InvalidProposal");
        });

        // 5. The routed gate: the request step follows the route, the Escalate step applies its fallback.
        String routed = HandlerFixture.newExecutionArn();
        dev.countersign.routing.Route route = dev.countersign.routing.Route.start("jar-rule",
                dev.countersign.routing.Quorum.ONE, List.of(), dev.countersign.routing.Fallback.REJECTED, List.of(),
                List.of(new dev.countersign.routing.RouteLevel(1, List.of("esc@shop.example"), List.of(), 600, 0)));
        ObjectNode routedPayload = requestPayload(routed, HandlerFixture.proposal(), "AQBtoken-four");
        routedPayload.remove("level");
        routedPayload.remove("timeoutSeconds");
        routedPayload.set("approval", route.toJson());
        Invocation routedRequest = invoke(RequestApprovalHandler.class, routedPayload);
        assertThat(routedRequest.output().get("status").asText()).as(routedRequest.describe()).isEqualTo("waiting");
        assertThat(ses.mailbox().to("esc@shop.example")).hasSize(1);
        Invocation escalated = invoke(EscalateHandler.class, HandlerFixture.escalateInput(routed, route));
        assertThat(escalated.output().get("outcome").asText()).as(escalated.describe()).isEqualTo("TIMED_OUT");
        assertThat(escalated.output().get("fallback").asText()).isEqualTo("REJECTED");

        // Every AWS call went out as a signed JSON request: not one of the SDK's classes was loaded, by any of them.
        for (Invocation run : List.of(request, page, decide, refused, routedRequest, escalated)) {
            assertThat(run.loaded()).as("classes loaded").hasSizeGreaterThan(500)
                    .noneMatch(name -> name.startsWith("software.amazon.awssdk."));
        }
        // Every line the functions logged is JSON, and none carries a token or the link secret.
        for (Invocation run : List.of(request, page, decide, refused, routedRequest, escalated)) {
            for (String line : run.stdout()) {
                assertThat(Json.parse(line).get("level").asText()).isIn("INFO", "WARN", "ERROR");
                assertThat(line).doesNotContain("AQBtoken").doesNotContain(secret);
            }
        }
    }

    private static ObjectNode requestPayload(String arn, JsonNode proposal, String token) {
        ObjectNode payload = Json.object();
        payload.put("taskToken", token);
        payload.put("executionArn", arn);
        payload.put("gate", "refund-approval");
        payload.put("level", 1);
        payload.put("timeoutSeconds", 3600);
        payload.set("proposal", proposal);
        return payload;
    }

    /** @param loaded the names of the classes the JVM loaded ({@code -Xlog:class+load}) */
    private record Invocation(JsonNode output, List<String> stdout, String stderr, List<String> loaded) {
        String describe() {
            return "stdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + stderr;
        }
    }

    /** One invocation of {@code handler}'s no-arg constructor and handleRequest in a fresh JVM on the jar. */
    private static Invocation invoke(Class<?> handler, JsonNode event) throws IOException, InterruptedException {
        Path in = Files.createTempFile(work, "event-", ".json");
        Path out = Files.createTempFile(work, "output-", ".json");
        Path stdout = Files.createTempFile(work, "stdout-", ".log");
        Path stderr = Files.createTempFile(work, "stderr-", ".log");
        Path classes = Files.createTempFile(work, "classes-", ".log");
        Files.writeString(in, Json.write(event));
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBinary, "-Xshare:auto",
                "-Xlog:class+load=info:file=" + classes + ":none", "-cp",
                jar + java.io.File.pathSeparator + work.resolve("invoker"), ShadedJarInvoker.class.getName(),
                handler.getName(), out.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(in.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("COUNTERSIGN_"));
        env.putAll(environment());
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the invocation finished").isTrue();
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        assertThat(process.exitValue()).as("exit status of %s; stderr:%n%s", handler.getSimpleName(), err)
                .isZero();
        // One line per class: "<name> source: <where from>".
        List<String> loaded = Files.readAllLines(classes, StandardCharsets.UTF_8).stream()
                .map(line -> line.split(" ", 2)[0]).toList();
        return new Invocation(Json.parse(Files.readString(out, StandardCharsets.UTF_8)), lines, err, loaded);
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "countersign-local");
        env.put("AWS_SECRET_ACCESS_KEY", "countersign-local");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.client().serviceClientConfiguration().endpointOverride()
                .orElseThrow().toString());
        env.put("AWS_ENDPOINT_URL_SESV2", ses.url().toString());
        env.put("AWS_ENDPOINT_URL_SFN", sfn.endpoint().toString());
        env.put("COUNTERSIGN_APPROVALS_TABLE", dynalite.tables().approvals().tableName());
        env.put("COUNTERSIGN_AUDIT_KEY", auditKey);
        env.put("COUNTERSIGN_SENDER", HandlerFixture.SENDER);
        env.put("COUNTERSIGN_BASE_URL", HandlerFixture.BASE_URL);
        return env;
    }
}
