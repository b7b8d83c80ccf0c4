package dev.countersign.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import dev.countersign.local.dynalite.ProjectRoot;
import dev.countersign.routing.Route;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.ShadedJarInvoker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Route function from the shaded Lambda jar alone, in fresh JVMs, as Lambda runs it: the routing schema, the
 * JSONata engine and the rules file all load from the jar, and an invalid rules file fails init with its problems.
 */
class RouteLambdaJarIT {
    @TempDir
    static Path work;
    static Path jar;

    @BeforeAll
    static void locateJar() throws IOException {
        String property = System.getProperty("countersign.lambdaJar");
        assertThat(property).as("system property countersign.lambdaJar (set by the failsafe configuration in"
                + " functions/pom.xml): run this test with mvn verify").isNotBlank();
        jar = Path.of(property);
        assertThat(jar).as("the shaded jar; build it with mvn -pl functions -am verify").exists();
        String resource = ShadedJarInvoker.class.getName().replace('.', '/') + ".class";
        Path target = work.resolve("invoker").resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = ShadedJarInvoker.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
    }

    @Test
    void theJar_holdsTheRouteFunction_theRoutingSchema_andJsonata() throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(zip.getEntry(RouteHandler.class.getName().replace('.', '/') + ".class")).isNotNull();
            assertThat(zip.getEntry("schemas/routing-1.schema.json")).isNotNull();
            assertThat(zip.getEntry("com/dashjoin/jsonata/Jsonata.class")).isNotNull();
            // The error names are class names: the shade plugin must keep the top-level package, unrelocated.
            for (Class<?> error : List.of(Countersign.InvalidProposal.class, Countersign.NoRoute.class,
                    Countersign.RoutingError.class)) {
                assertThat(zip.getEntry(error.getName().replace('.', '/') + ".class")).as(error.getName())
                        .isNotNull();
            }
        }
    }

    @Test
    void theRouteFunction_refusesAnInvalidProposal_withTheErrorTypeCountersignInvalidProposal_fromTheJarAlone()
            throws Exception {
        ObjectNode proposal = HandlerFixture.proposal();
        proposal.remove("reasoning");

        Run run = invoke(Map.of(RouteDependencies.ROUTING_FILE,
                ProjectRoot.locate().resolve("config/routing.json").toString()), input(proposal));

        assertThat(run.exit()).as(run.stderr()).isEqualTo(1);
        // What the Java runtime reports as errorType is what Step Functions makes the Task's Error.
        JsonNode error = Json.parse(run.output());
        assertThat(error.get("errorType").asText()).isEqualTo("Countersign.InvalidProposal");
        assertThat(Json.parse(error.get("errorMessage").asText()).at("/violations/0/path").asText())
                .isEqualTo("$.reasoning");
        assertThat(error.get("stackTrace")).as("no frames, so the Cause stays short").isEmpty();
        assertThat(run.stdout()).contains("\"message\":\"refused\"");
    }

    @Test
    void theRouteFunction_refusesAProposalNobodyCanApprove_withTheErrorTypeCountersignNoRoute() throws Exception {
        ObjectNode proposal = HandlerFixture.proposal();
        proposal.remove("routing");

        Run run = invoke(Map.of(), input(proposal));

        assertThat(run.exit()).as(run.stderr()).isEqualTo(1);
        JsonNode error = Json.parse(run.output());
        assertThat(error.get("errorType").asText()).isEqualTo("Countersign.NoRoute");
        assertThat(error.get("errorMessage").asText()).contains("no approver for workflow 'refunds'")
                .contains("COUNTERSIGN_DEFAULT_APPROVERS");
    }

    @Test
    void theRouteFunction_routesWithTheExampleRules_fromTheJarAlone() throws Exception {
        ObjectNode proposal = HandlerFixture.proposal();
        proposal.remove("routing");
        ((ObjectNode) proposal.get("action").get("params")).put("amount", 4200);

        Run run = invoke(Map.of(RouteDependencies.ROUTING_FILE,
                ProjectRoot.locate().resolve("config/routing.json").toString()), input(proposal));

        assertThat(run.exit()).as(run.stderr()).isZero();
        Route route = Route.fromJson(Json.parse(run.output()));
        assertThat(route.rule()).isEqualTo("refunds-over-1000");
        assertThat(route.levels()).hasSize(2);
        assertThat(run.stdout()).contains("\"message\":\"routed\"");
    }

    @Test
    void theRouteFunction_failsInit_listingEveryProblem_whenTheRulesFileIsInvalid() throws Exception {
        Path rules = work.resolve("bad-routing.json");
        Files.writeString(rules, "{\"version\": 1, \"default\": {\"teams\": [\"ops\"], \"fallback\": \"APPROVED\"}}");

        Run run = invoke(Map.of(RouteDependencies.ROUTING_FILE, rules.toString()),
                input(HandlerFixture.proposal()));

        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).contains("InvalidRoutingRulesException")
                .contains("the routing rules in " + rules + " are invalid (2 problems)")
                .contains("$.default.fallback: APPROVED is refused on the default rule")
                .contains("$.default.teams[0]: names the team \"ops\"");
    }

    private static ObjectNode input(ObjectNode proposal) {
        ObjectNode input = Json.object().put("executionArn", HandlerFixture.newExecutionArn())
                .put("gate", "refund-approval");
        input.set("proposal", proposal);
        return input;
    }

    private record Run(int exit, String output, String stdout, String stderr) {
    }

    private static Run invoke(Map<String, String> environment, ObjectNode event) throws Exception {
        Path in = Files.createTempFile(work, "event-", ".json");
        Path out = Files.createTempFile(work, "output-", ".json");
        Path stdout = Files.createTempFile(work, "stdout-", ".log");
        Path stderr = Files.createTempFile(work, "stderr-", ".log");
        Files.writeString(in, Json.write(event));
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBinary, "-Xshare:auto", "-cp",
                jar + java.io.File.pathSeparator + work.resolve("invoker"), ShadedJarInvoker.class.getName(),
                RouteHandler.class.getName(), out.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(in.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("COUNTERSIGN_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the invocation finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
