package dev.countersign.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * EventBridge's {@code PutEvents} on localhost (AWS JSON 1.1, {@code X-Amz-Target: AWSEvents.PutEvents}): the
 * functions' audit anchors, and any other service's events ({@code aws events put-events --endpoint-url …}). Each
 * accepted entry goes on its {@link LocalEventBus} (archived in its {@link EventLog}, then matched against the bus's
 * rules). Tests can make the next entries fail, which PutEvents reports in {@code FailedEntryCount}.
 */
public final class LocalEventBridgeEndpoint implements HttpHandler {
    /** The path to mount the handler at; the endpoint URL is the server's address plus this path. */
    public static final String CONTEXT = "/eventbridge/";
    static final String TARGET = "AWSEvents.PutEvents";
    static final int MAX_ENTRIES = 10;
    /** PutEvents' limit on one request's total entry size. */
    static final int MAX_REQUEST_BYTES = 256 * 1024;

    private final ObjectMapper json = new ObjectMapper();
    private final LocalEventBus bus;
    private int failNext;

    /** An endpoint whose bus has no rules: every event is only archived in {@code log}. */
    public LocalEventBridgeEndpoint(EventLog log, Clock clock) {
        this(new LocalEventBus(log, clock, "us-east-1", "123456789012", System.err));
    }

    public LocalEventBridgeEndpoint(LocalEventBus bus) {
        this.bus = bus;
    }

    public EventLog log() {
        return bus.archive();
    }

    public LocalEventBus bus() {
        return bus;
    }

    /** The next {@code count} entries are refused as PutEvents refuses entries (ErrorCode InternalFailure). */
    public synchronized void failNextEntries(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more, got " + count);
        }
        failNext += count;
    }

    private synchronized boolean takeFailure() {
        if (failNext > 0) {
            failNext--;
            return true;
        }
        return false;
    }

    /** Starts a server of its own on 127.0.0.1 (port 0 for a free one), for tests. */
    public Server start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext(CONTEXT, this);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return new Server(server);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "ValidationException", "the local EventBridge endpoint takes POST");
                return;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!TARGET.equals(target)) {
                error(exchange, 400, "UnknownOperationException", "the local EventBridge endpoint supports only"
                        + " PutEvents (X-Amz-Target: " + TARGET + "); got " + target);
                return;
            }
            byte[] body = exchange.getRequestBody().readNBytes(MAX_REQUEST_BYTES + 1);
            if (body.length > MAX_REQUEST_BYTES) {
                error(exchange, 413, "ValidationException", "the request is larger than PutEvents' 256 KB");
                return;
            }
            JsonNode request;
            try {
                request = json.readTree(body);
            } catch (JsonProcessingException e) {
                error(exchange, 400, "SerializationException", "the request body is not JSON");
                return;
            }
            JsonNode entries = request == null ? null : request.get("Entries");
            if (entries == null || !entries.isArray() || entries.isEmpty() || entries.size() > MAX_ENTRIES) {
                error(exchange, 400, "ValidationException", "Entries must be an array of 1 to " + MAX_ENTRIES
                        + " entries");
                return;
            }
            ObjectNode response = json.createObjectNode();
            ArrayNode results = json.createArrayNode();
            int failed = 0;
            List<LocalEventBus.Entry> accepted = new ArrayList<>();
            List<ObjectNode> acceptedResults = new ArrayList<>();
            for (JsonNode entry : entries) {
                ObjectNode result = json.createObjectNode();
                String problem = problem(entry);
                if (problem == null && takeFailure()) {
                    result.put("ErrorCode", "InternalFailure");
                    result.put("ErrorMessage", "failure injected by the test");
                    failed++;
                } else if (problem != null) {
                    result.put("ErrorCode", problem.startsWith("Detail") ? "MalformedDetail" : "InvalidArgument");
                    result.put("ErrorMessage", problem);
                    failed++;
                } else {
                    accepted.add(entry(entry));
                    acceptedResults.add(result);
                }
                results.add(result);
            }
            try {
                List<ObjectNode> events = bus.put(accepted);
                for (int i = 0; i < events.size(); i++) {
                    acceptedResults.get(i).put("EventId", events.get(i).get("id").asText());
                }
            } catch (java.io.UncheckedIOException e) {
                error(exchange, 500, "InternalException", e.getMessage());
                return;
            }
            response.put("FailedEntryCount", failed);
            response.set("Entries", results);
            respond(exchange, 200, json.writeValueAsBytes(response), null);
        }
    }

    /** Why PutEvents would refuse an entry, or null. */
    private String problem(JsonNode entry) {
        for (String field : List.of("Source", "DetailType", "Detail")) {
            if (!entry.path(field).isTextual() || entry.path(field).asText().isBlank()) {
                return field + " is required";
            }
        }
        try {
            if (!json.readTree(entry.get("Detail").asText()).isObject()) {
                return "Detail must be a JSON object";
            }
        } catch (JsonProcessingException e) {
            return "Detail is not valid JSON";
        }
        return null;
    }

    private LocalEventBus.Entry entry(JsonNode entry) throws JsonProcessingException {
        List<String> resources = new ArrayList<>();
        entry.path("Resources").forEach(r -> resources.add(r.asText()));
        return new LocalEventBus.Entry(entry.path("EventBusName").asText(null), entry.get("Source").asText(),
                entry.get("DetailType").asText(), json.readTree(entry.get("Detail").asText()), resources);
    }

    private void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode body = json.createObjectNode().put("__type", type).put("message", message);
        respond(exchange, status, json.writeValueAsBytes(body), type);
    }

    private static void respond(HttpExchange exchange, int status, byte[] bytes, String errorType)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
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

        /** Pass this as the EventBridge endpoint ({@code AWS_ENDPOINT_URL_EVENTBRIDGE}). */
        public URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + CONTEXT);
        }

        @Override
        public void close() {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
