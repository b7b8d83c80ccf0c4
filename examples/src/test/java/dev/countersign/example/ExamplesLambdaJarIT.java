package dev.countersign.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.contract.ProposalCheck;
import dev.countersign.contract.ProposalValidator;
import dev.countersign.core.json.Json;
import dev.countersign.testing.ShadedJarInvoker;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples' own Lambda jar, as infra deploys and the local runtime names its handlers. */
class ExamplesLambdaJarIT {
    private final Path jar = Path.of(System.getProperty("countersign.examplesJar",
            "target/countersign-examples-0.1.0-SNAPSHOT-lambda.jar"));

    @TempDir
    Path work;

    @Test
    void theAgentStep_runsFromTheJarAlone_inAFreshJvm_andProposesAValidRefund() throws Exception {
        // The invoker alone, in a directory of its own: every other class must come from the jar.
        String resource = ShadedJarInvoker.class.getName().replace('.', '/') + ".class";
        Path invoker = work.resolve("invoker");
        Files.createDirectories(invoker.resolve(resource).getParent());
        try (InputStream in = ShadedJarInvoker.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, invoker.resolve(resource));
        }
        Path event = Files.writeString(work.resolve("event.json"), "{\"orderId\": \"ORD-1\", \"amount\": 129.90,"
                + " \"currency\": \"EUR\", \"reason\": \"Arrived broken\", \"customer\": {\"email\":"
                + " \"c@customer.example\"}, \"requester\": {\"email\": \"sam.support@shop.example\"}}");
        Path output = work.resolve("output.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", jar + File.pathSeparator + invoker,
                ShadedJarInvoker.class.getName(), RefundAgentFunction.class.getName(), output.toString())
                .redirectInput(event.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("log").toFile())
                .start();

        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the invocation finished").isTrue();
        assertThat(process.exitValue()).as(Files.readString(work.resolve("log"))).isZero();
        JsonNode proposal = Json.parse(Files.readString(output));
        assertThat(ProposalValidator.instance().check(proposal)).isInstanceOf(ProposalCheck.Accepted.class);
        assertThat(proposal.path("action").path("params").path("orderId").asText()).isEqualTo("ORD-1");
    }

    @Test
    void theJar_holdsTheExampleSteps_theContracts_andOnlyTheSesClient() throws IOException {
        assertThat(jar).as("run mvn -pl examples -am package first").isRegularFile();
        System.out.printf("examples Lambda jar: %s, %,d bytes%n", jar.getFileName(), Files.size(jar));
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Class<?> handler : List.of(RefundAgentFunction.class, IssueRefundFunction.class,
                    NotifyRejectionFunction.class)) {
                assertThat(zip.getEntry(handler.getName().replace('.', '/') + ".class")).as(handler.getName())
                        .isNotNull();
            }
            assertThat(zip.getEntry("schemas/proposal-1.schema.json")).isNotNull();
            // The customer reply is sent through SES v2: that one client (the records are the workflows' own DynamoDB
            // tasks), and neither the Apache nor the Netty HTTP client.
            assertThat(zip.stream().map(ZipEntry::getName)
                    .filter(n -> n.matches("software/amazon/awssdk/services/[^/]+/.*"))
                    .map(n -> n.split("/")[4]).distinct())
                    .containsExactly("sesv2");
            assertThat(zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("software/amazon/awssdk/http/apache")
                    || n.startsWith("software/amazon/awssdk/http/nio/netty"))).isEmpty();
        }
    }
}
