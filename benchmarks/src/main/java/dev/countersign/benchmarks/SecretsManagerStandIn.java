package dev.countersign.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets Manager's {@code GetSecretValue} for one secret, the audit key, on loopback: the deployed stack gives the
 * decision function {@code COUNTERSIGN_AUDIT_KEY_SECRET}, so its init reads the key with that call, and the
 * cold-start benchmark makes it do the same. Any other secret id gets the service's ResourceNotFoundException.
 */
final class SecretsManagerStandIn implements AutoCloseable {
    static final String SECRET_ID = "countersign/audit-key";

    private final HttpServer server;

    private SecretsManagerStandIn(HttpServer server) {
        this.server = server;
    }

    static SecretsManagerStandIn start() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = Base64.getEncoder().encodeToString(key);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean known = "secretsmanager.GetSecretValue".equals(exchange.getRequestHeaders()
                        .getFirst("X-Amz-Target")) && body.contains("\"" + SECRET_ID + "\"");
                byte[] answer = (known ? "{\"Name\":\"" + SECRET_ID + "\",\"SecretString\":\"" + secret + "\"}"
                        : "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find"
                                + " the specified secret.\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(known ? 200 : 400, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return new SecretsManagerStandIn(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Secrets Manager stand-in on loopback", e);
        }
    }

    URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
