package dev.countersign.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Secrets Manager's {@code GetSecretValue} for one secret, the audit key, on loopback: the deployed stack gives the
 * functions {@code COUNTERSIGN_AUDIT_KEY_SECRET}, so their init reads the key with that call, and the cold-start
 * benchmark makes them do the same. Any other secret id gets the service's ResourceNotFoundException. Counts the
 * reads it answered (each cold start should make exactly one).
 */
final class SecretsManagerStandIn implements AutoCloseable {
    static final String SECRET_ID = "countersign/audit-key";

    private final HttpServer server;
    private final AtomicInteger reads;

    private SecretsManagerStandIn(HttpServer server, AtomicInteger reads) {
        this.server = server;
        this.reads = reads;
    }

    /** @param secret the secret's string value (the base64 audit key) */
    static SecretsManagerStandIn start(String secret) {
        AtomicInteger reads = new AtomicInteger();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean known = "secretsmanager.GetSecretValue".equals(exchange.getRequestHeaders()
                        .getFirst("X-Amz-Target")) && body.contains("\"" + SECRET_ID + "\"");
                if (known) {
                    reads.incrementAndGet();
                }
                byte[] answer = (known ? "{\"Name\":\"" + SECRET_ID + "\",\"SecretString\":\"" + secret + "\"}"
                        : "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find"
                                + " the specified secret.\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(known ? 200 : 400, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return new SecretsManagerStandIn(server, reads);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Secrets Manager stand-in on loopback", e);
        }
    }

    /** How many GetSecretValue calls for the audit key it answered. */
    int reads() {
        return reads.get();
    }

    URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
