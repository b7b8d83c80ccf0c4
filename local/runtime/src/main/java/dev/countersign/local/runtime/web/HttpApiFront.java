package dev.countersign.local.runtime.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The API Gateway HTTP API in front of one Lambda function, on localhost: each request becomes a payload format 2.0
 * event (version, routeKey {@code $default}, rawPath, rawQueryString, cookies, lower-cased headers with the
 * {@code x-forwarded-*} and {@code x-amzn-trace-id} headers API Gateway adds, queryStringParameters, requestContext
 * with {@code http.method/path/protocol/sourceIp/userAgent}, body and isBase64Encoded), and the function's 2.0
 * response ({@code statusCode}, {@code headers}, {@code cookies}, {@code body}, {@code isBase64Encoded}) becomes the
 * HTTP response.
 *
 * <p>As on AWS: a body whose content type is not text (a form post included) arrives base64-encoded; a function
 * that fails, or answers something that is not a valid response, gives {@code 500 {"message":"Internal Server
 * Error"}}; a response that is JSON without a {@code statusCode} is sent as a 200 JSON body.
 *
 * <p>Paths, query strings and bodies are never logged: review URLs and form posts carry link secrets.
 */
public final class HttpApiFront implements HttpHandler {
    /** Lambda's synchronous invocation payload limit; API Gateway refuses larger requests for a Lambda route. */
    public static final int MAX_BODY_BYTES = 6 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter
            .ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Set<String> MANAGED_RESPONSE_HEADERS = Set.of("content-length", "transfer-encoding",
            "connection", "date");
    private static final SecureRandom TRACE_IDS = new SecureRandom();

    /** The function behind the API: a 2.0 event in, a 2.0 response out. */
    @FunctionalInterface
    public interface Integration {
        JsonNode invoke(JsonNode event) throws Exception;
    }

    private final String functionName;
    private final Integration function;
    private final String accountId;
    private final Clock clock;
    private final PrintStream log;

    /**
     * @param functionName named in the log line when the function fails
     * @param accountId    reported in {@code requestContext.accountId}
     * @param clock        the time in {@code requestContext.time} / {@code timeEpoch}
     * @param log          where a failed invocation is reported (one line: the function and the error type)
     */
    public HttpApiFront(String functionName, Integration function, String accountId, Clock clock, PrintStream log) {
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.function = Objects.requireNonNull(function, "function");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                send(exchange, 413, Map.of("content-type", "application/json"), List.of(),
                        "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String requestId = UUID.randomUUID().toString();
            ObjectNode event = event(exchange, body, clock.instant(), requestId);
            JsonNode result;
            try {
                result = function.invoke(event);
            } catch (Exception | Error e) {
                log.println("[api-gateway] " + functionName + " failed (request " + requestId + "): "
                        + e.getClass().getName() + ": " + e.getMessage());
                internalError(exchange);
                return;
            }
            Response response = Response.from(result);
            if (response == null) {
                log.println("[api-gateway] " + functionName + " returned an invalid response (request " + requestId
                        + "): it needs statusCode 100-599, string headers and a string body");
                internalError(exchange);
                return;
            }
            try {
                send(exchange, response.status, response.headers, response.cookies, response.body);
            } catch (IllegalArgumentException e) {
                // A header value the HTTP layer refuses (a control character): API Gateway answers 500 too.
                log.println("[api-gateway] " + functionName + " returned a header HTTP cannot carry (request "
                        + requestId + ")");
                internalError(exchange);
            }
        }
    }

    /** The payload format 2.0 event for one request. */
    ObjectNode event(HttpExchange exchange, byte[] body, Instant now, String requestId) {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();

        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                for (String value : header.getValue()) {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.trim());
                        }
                    }
                }
                continue;
            }
            headers.merge(name, String.join(",", header.getValue()), (a, b) -> a + "," + b);
        }
        headers.merge("x-forwarded-for", sourceIp, (a, b) -> a + ", " + b);
        headers.put("x-forwarded-port", Integer.toString(exchange.getLocalAddress().getPort()));
        headers.put("x-forwarded-proto", "http");
        headers.put("x-amzn-trace-id", traceId(now));

        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", rawPath == null ? "/" : rawPath);
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        if (!cookies.isEmpty()) {
            ArrayNode array = event.putArray("cookies");
            cookies.forEach(array::add);
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        if (rawQuery != null && !rawQuery.isEmpty()) {
            ObjectNode parameters = event.putObject("queryStringParameters");
            queryParameters(rawQuery).forEach(parameters::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", accountId);
        context.put("apiId", "local");
        String host = headers.getOrDefault("host", "localhost");
        String domain = host.contains(":") && !host.startsWith("[") ? host.substring(0, host.indexOf(':')) : host;
        context.put("domainName", domain);
        context.put("domainPrefix", domain.contains(".") ? domain.substring(0, domain.indexOf('.')) : domain);
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", rawPath == null ? "/" : rawPath);
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", sourceIp);
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", requestId);
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (body.length > 0) {
            boolean text = isText(headers.get("content-type"));
            event.put("body", text ? new String(body, StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /** Content types API Gateway passes as text; everything else (forms, multipart, binary) is base64-encoded. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript");
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a malformed escape reaches the function as sent
        }
    }

    private static String traceId(Instant now) {
        byte[] random = new byte[12];
        TRACE_IDS.nextBytes(random);
        return "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-" + HexFormat.of().formatHex(random);
    }

    private static void internalError(HttpExchange exchange) throws IOException {
        send(exchange, 500, Map.of("content-type", "application/json"), List.of(),
                "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, List<String> cookies,
                             byte[] body) throws IOException {
        Headers out = exchange.getResponseHeaders();
        headers.forEach((name, value) -> {
            if (!MANAGED_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                out.set(name, value);
            }
        });
        cookies.forEach(cookie -> out.add("Set-Cookie", cookie));
        boolean noBody = exchange.getRequestMethod().equalsIgnoreCase("HEAD") || status == 204 || status == 304
                || (status >= 100 && status < 200) || body.length == 0;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(body);
            }
        }
    }

    /** A function's 2.0 response, checked; null when it is not one API Gateway would accept. */
    private record Response(int status, Map<String, String> headers, List<String> cookies, byte[] body) {

        static Response from(JsonNode result) {
            if (result == null || result.isNull() || !result.isObject() || !result.has("statusCode")) {
                // API Gateway's rule for 2.0: JSON without statusCode is a 200 whose body is that JSON.
                String json = result == null ? "null" : result.toString();
                return new Response(200, Map.of("content-type", "application/json"), List.of(),
                        json.getBytes(StandardCharsets.UTF_8));
            }
            JsonNode status = result.get("statusCode");
            if (!status.canConvertToInt() || status.asInt() < 100 || status.asInt() > 599) {
                return null;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            JsonNode headerNode = result.path("headers");
            if (!headerNode.isMissingNode() && !headerNode.isNull()) {
                if (!headerNode.isObject()) {
                    return null;
                }
                var fields = headerNode.fields();
                while (fields.hasNext()) {
                    var field = fields.next();
                    if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                        return null;
                    }
                    headers.put(field.getKey(), field.getValue().asText());
                }
            }
            List<String> cookies = new ArrayList<>();
            JsonNode cookieNode = result.path("cookies");
            if (cookieNode.isArray()) {
                cookieNode.forEach(c -> cookies.add(c.asText()));
            }
            JsonNode bodyNode = result.path("body");
            byte[] body;
            if (bodyNode.isMissingNode() || bodyNode.isNull()) {
                body = new byte[0];
            } else if (!bodyNode.isTextual()) {
                return null;
            } else if (result.path("isBase64Encoded").asBoolean(false)) {
                try {
                    body = Base64.getDecoder().decode(bodyNode.asText());
                } catch (IllegalArgumentException e) {
                    return null;
                }
            } else {
                body = bodyNode.asText().getBytes(StandardCharsets.UTF_8);
            }
            return new Response(status.asInt(), headers, cookies, body);
        }
    }
}
