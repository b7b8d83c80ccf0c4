package dev.countersign.local.ses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * The SES v2 {@code SendEmail} operation on localhost, for the real {@code SesV2Client} with an endpoint override.
 * Accepted messages go to a {@link Mailbox}; nothing is delivered. Tests can make the next sends fail as SES would.
 *
 * <p>Message bodies are never logged: they carry the recipients' link secrets.
 */
public final class LocalSesEndpoint implements HttpHandler {
    /** The path prefix of the SES v2 email API; mount the handler there. */
    public static final String CONTEXT = "/v2/email/";
    private static final String SEND_EMAIL = "/v2/email/outbound-emails";
    private static final int MAX_BODY_BYTES = 40 * 1024 * 1024;

    private final ObjectMapper json = new ObjectMapper();
    private final Mailbox mailbox;
    private final Clock clock;
    private final Deque<SesFailure> pendingFailures = new ArrayDeque<>();
    private int attempts;

    public LocalSesEndpoint(Mailbox mailbox, Clock clock) {
        this.mailbox = mailbox;
        this.clock = clock;
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    /** The next {@code count} sends fail with {@code failure}, then sending works again. */
    public synchronized void failNextSends(int count, SesFailure failure) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more, got " + count);
        }
        for (int i = 0; i < count; i++) {
            pendingFailures.add(failure);
        }
    }

    /** Every send attempt so far, failed or not. */
    public synchronized int attempts() {
        return attempts;
    }

    /** Starts a server of its own on 127.0.0.1 (port 0 for a free one): for tests and for the engine-less tools. */
    public Server start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext(CONTEXT, this);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return new Server(server);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!SEND_EMAIL.equals(path)) {
                error(exchange, 404, "NotFoundException", "The local SES endpoint supports only SendEmail (POST "
                        + SEND_EMAIL + "); got " + exchange.getRequestMethod() + " " + path);
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "BadRequestException", "SendEmail takes POST");
                return;
            }
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                error(exchange, 400, "MessageRejected", "Message too large: SES accepts at most 40 MB");
                return;
            }
            SesFailure failure = nextFailure();
            if (failure != null) {
                error(exchange, failure.status(), failure.errorType(), failure.message());
                return;
            }
            JsonNode request;
            try {
                request = json.readTree(body);
            } catch (JsonProcessingException e) {
                error(exchange, 400, "BadRequestException", "The request body is not JSON");
                return;
            }
            List<String> problems = new ArrayList<>();
            CapturedEmail email = parse(request, problems);
            if (!problems.isEmpty()) {
                error(exchange, 400, "BadRequestException", String.join("; ", problems));
                return;
            }
            mailbox.add(email);
            respond(exchange, 200, json.createObjectNode().put("MessageId", email.messageId()).toString(), null);
        }
    }

    private synchronized SesFailure nextFailure() {
        attempts++;
        return pendingFailures.poll();
    }

    private CapturedEmail parse(JsonNode request, List<String> problems) {
        String from = request.path("FromEmailAddress").asText("");
        if (from.isBlank()) {
            problems.add("FromEmailAddress is required: the verified sender address");
        }
        JsonNode destination = request.path("Destination");
        List<String> to = addresses(destination.path("ToAddresses"));
        List<String> cc = addresses(destination.path("CcAddresses"));
        List<String> bcc = addresses(destination.path("BccAddresses"));
        if (to.size() + cc.size() + bcc.size() == 0) {
            problems.add("Destination needs at least one of ToAddresses, CcAddresses, BccAddresses");
        }
        if (to.size() + cc.size() + bcc.size() > 50) {
            problems.add("Destination has more than 50 recipients: SES accepts at most 50 per message");
        }
        for (String address : List.of(to, cc, bcc).stream().flatMap(List::stream).toList()) {
            if (!address.contains("@") || address.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                problems.add("Destination has an invalid address: " + address);
            }
        }
        JsonNode content = request.path("Content");
        JsonNode simple = content.path("Simple");
        if (content.has("Raw") || content.has("Template")) {
            problems.add("the local SES endpoint supports only Content.Simple (not Raw or Template messages)");
        } else if (simple.isMissingNode()) {
            problems.add("Content.Simple is required");
        }
        String subject = simple.path("Subject").path("Data").asText("");
        if (!simple.isMissingNode() && subject.isEmpty()) {
            problems.add("Content.Simple.Subject.Data is required");
        }
        String html = textOrNull(simple.path("Body").path("Html").path("Data"));
        String text = textOrNull(simple.path("Body").path("Text").path("Data"));
        if (!simple.isMissingNode() && html == null && text == null) {
            problems.add("Content.Simple.Body needs Html or Text");
        }
        return new CapturedEmail(newMessageId(), clock.instant(), from, to, cc, bcc, subject, html, text);
    }

    private String newMessageId() {
        // Shaped like an SES message id: timestamp prefix, a UUID, a sequence suffix.
        return String.format(Locale.ROOT, "0100%012x-%s-000000", clock.millis(), UUID.randomUUID());
    }

    private static List<String> addresses(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        respond(exchange, status, json.createObjectNode().put("message", message).toString(), type);
    }

    private static void respond(HttpExchange exchange, int status, String body, String errorType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A running endpoint with a server of its own. */
    public static final class Server implements AutoCloseable {
        private final HttpServer server;

        private Server(HttpServer server) {
            this.server = server;
        }

        /** Pass this as the SES v2 endpoint override. */
        public URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
