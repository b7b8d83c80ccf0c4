package dev.countersign.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.countersign.audit.AuditKey;
import dev.countersign.audit.AuditKeys;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit key from a secret, through the real SDK client over HTTP. No Secrets Manager runs locally, so a small
 * HTTP server answers the one JSON-protocol call (GetSecretValue) the way the service does.
 */
class SecretsManagerSecretReaderTest {
    private static final String KEY_BASE64 = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startFakeSecretsManager() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " " + body);
            boolean known = body.contains("\"countersign/audit-key\"");
            byte[] answer = (known
                    ? "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:1:secret:countersign/audit-key\","
                            + "\"Name\":\"countersign/audit-key\",\"SecretString\":\"" + KEY_BASE64 + "\"}"
                    : "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the"
                            + " specified secret.\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(known ? 200 : 400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private AwsClients clients() {
        return AwsClients.fromEnvironment(Map.of("AWS_ENDPOINT_URL_SECRETS_MANAGER",
                "http://127.0.0.1:" + server.getAddress().getPort(), "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret"));
    }

    @Test
    void auditKeySecret_isReadWithGetSecretValue(@TempDir Path dir) {
        try (AwsClients clients = clients()) {
            AuditKey key = AuditKeys.resolve(Map.of(AuditKeys.SECRET_VARIABLE, "countersign/audit-key",
                    "AWS_LAMBDA_FUNCTION_NAME", "countersign-decide"), dir,
                    new SecretsManagerSecretReader(clients.secretsManager()));

            assertThat(key).isEqualTo(AuditKeys.resolve(Map.of(AuditKeys.KEY_VARIABLE, KEY_BASE64), dir, null));
            assertThat(key.source()).isEqualTo("secret countersign/audit-key");
            assertThat(requests).singleElement().asString().startsWith("secretsmanager.GetSecretValue");
        }
    }

    @Test
    void missingSecret_saysWhatToCheck(@TempDir Path dir) {
        try (AwsClients clients = clients()) {
            assertThatThrownBy(() -> AuditKeys.resolve(Map.of(AuditKeys.SECRET_VARIABLE, "nope"), dir,
                    new SecretsManagerSecretReader(clients.secretsManager())))
                    .hasMessageContaining("cannot read secret 'nope'")
                    .hasMessageContaining("secretsmanager:GetSecretValue");
        }
    }
}
