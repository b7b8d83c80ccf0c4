package dev.countersign.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.countersign.audit.AuditKey;
import dev.countersign.audit.AuditKeys;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit key from a secret over the HTTP client. No Secrets Manager runs locally, so a small HTTP server answers
 * the one JSON-protocol call (GetSecretValue) the way the service does (as in SecretsManagerSecretReaderTest).
 */
class HttpSecretReaderTest {
    private static final String KEY_BASE64 = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";
    private static final byte[] BINARY = {1, 2, 3, (byte) 0xff};

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startFakeSecretsManager() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            String answer;
            int status = 200;
            if (body.contains("\"countersign/audit-key\"")) {
                answer = "{\"Name\":\"countersign/audit-key\",\"SecretString\":\"" + KEY_BASE64 + "\"}";
            } else if (body.contains("\"binary\"")) {
                answer = "{\"Name\":\"binary\",\"SecretBinary\":\"" + Base64.getEncoder().encodeToString(BINARY)
                        + "\"}";
            } else if (body.contains("\"empty\"")) {
                answer = "{\"Name\":\"empty\"}";
            } else {
                status = 400;
                answer = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the"
                        + " specified secret.\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpSecretReader reader() {
        return new HttpSecretReader(new AwsJsonClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "eu-west-1", AwsJsonClient.Protocol.SECRETS_MANAGER, new RequestSigner.Credentials("AKID", "s", null),
                Clock.systemUTC()));
    }

    @Test
    void aStringSecret_isTheAuditKey(@TempDir Path dir) {
        AuditKey key = AuditKeys.resolve(Map.of(AuditKeys.SECRET_VARIABLE, "countersign/audit-key",
                "AWS_LAMBDA_FUNCTION_NAME", "countersign-decision"), dir, reader());

        assertThat(key).isEqualTo(new AuditKey(Base64.getDecoder().decode(KEY_BASE64), "expected"));
        assertThat(requests).containsExactly("secretsmanager.GetSecretValue application/x-amz-json-1.1"
                + " {\"SecretId\":\"countersign/audit-key\"}");
    }

    @Test
    void aBinarySecret_isItsBytes() {
        assertThat(reader().read("binary")).isEqualTo(BINARY);
    }

    @Test
    void anUnknownSecret_failsWithWhatToCheck() {
        assertThatThrownBy(() -> reader().read("nope"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot read secret 'nope' from Secrets Manager")
                .hasMessageContaining("ResourceNotFoundException")
                .hasMessageContaining("secretsmanager:GetSecretValue");
    }

    @Test
    void aSecretWithoutValue_saysWhatToStore() {
        assertThatThrownBy(() -> reader().read("empty"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("store the base64 audit key");
    }
}
