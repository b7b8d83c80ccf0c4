package dev.countersign.local.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.countersign.local.runtime.lambda.InProcessLambda;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API Gateway HTTP API front: real HTTP in, a payload format 2.0 event to the function, its response out. */
class HttpApiFrontTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-12T19:03:58.390Z");
    private static final String SECRET = "cs1_QmFzZTY0U2VjcmV0VGhhdE11c3ROZXZlckJlTG9nZ2Vk";

    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    final HttpClient http = HttpClient.newHttpClient();
    volatile Function<JsonNode, String> responder = event -> "{\"statusCode\":200,\"headers\":{\"content-type\":"
            + "\"text/html; charset=utf-8\"},\"body\":\"<p>ok</p>\"}";
    HttpServer server;
    URI base;

    @BeforeEach
    void start() throws Exception {
        PrintStream log = new PrintStream(logs, true, StandardCharsets.UTF_8);
        InProcessLambda function = new InProcessLambda("countersign-decision",
                "arn:aws:lambda:us-east-1:123456789012:function:countersign-decision", Duration.ofSeconds(10), 512,
                () -> (in, out, context) -> {
                    JsonNode event = JSON.readTree(in);
                    events.add(event);
                    out.write(responder.apply(event).getBytes(StandardCharsets.UTF_8));
                }, log);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/review", new HttpApiFront("countersign-decision", function::invoke, "123456789012",
                Clock.fixed(NOW, ZoneOffset.UTC), log));
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aGet_becomesAPayload2Event_withLowerCasedHeadersCookiesAndQuery() throws Exception {
        send(HttpRequest.newBuilder(base.resolve("/review/" + SECRET + "?lang=en&x=1&x=2&q=a%20b"))
                .header("User-Agent", "Mozilla/5.0 (Review test)")
                .header("X-Custom", "one").header("X-Custom", "two")
                .header("Cookie", "a=1; b=2"));

        JsonNode event = events.get(0);
        assertThat(event.get("version").asText()).isEqualTo("2.0");
        assertThat(event.get("routeKey").asText()).isEqualTo("$default");
        assertThat(event.get("rawPath").asText()).isEqualTo("/review/" + SECRET);
        assertThat(event.get("rawQueryString").asText()).isEqualTo("lang=en&x=1&x=2&q=a%20b");
        assertThat(event.get("queryStringParameters")).isEqualTo(JSON.readTree(
                "{\"lang\":\"en\",\"x\":\"1,2\",\"q\":\"a b\"}"));
        assertThat(event.get("cookies")).isEqualTo(JSON.readTree("[\"a=1\",\"b=2\"]"));
        JsonNode headers = event.get("headers");
        headers.fieldNames().forEachRemaining(name -> assertThat(name).isLowerCase());
        assertThat(headers.get("x-custom").asText()).isEqualTo("one,two");
        assertThat(headers.get("user-agent").asText()).isEqualTo("Mozilla/5.0 (Review test)");
        assertThat(headers.has("cookie")).as("2.0 moves cookies out of the headers").isFalse();
        assertThat(headers.get("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
        assertThat(headers.get("x-forwarded-proto").asText()).isEqualTo("http");
        assertThat(headers.get("x-amzn-trace-id").asText()).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
        JsonNode context = event.get("requestContext");
        assertThat(context.get("accountId").asText()).isEqualTo("123456789012");
        assertThat(context.get("routeKey").asText()).isEqualTo("$default");
        assertThat(context.get("stage").asText()).isEqualTo("$default");
        assertThat(context.get("time").asText()).isEqualTo("12/Mar/2026:19:03:58 +0000");
        assertThat(context.get("timeEpoch").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(context.get("requestId").asText()).isNotBlank();
        assertThat(context.at("/http/method").asText()).isEqualTo("GET");
        assertThat(context.at("/http/path").asText()).isEqualTo("/review/" + SECRET);
        assertThat(context.at("/http/protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(context.at("/http/sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(context.at("/http/userAgent").asText()).isEqualTo("Mozilla/5.0 (Review test)");
        assertThat(event.has("body")).isFalse();
        assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void aFormPost_arrivesBase64Encoded_asApiGatewaySendsIt() throws Exception {
        String form = "secret=" + SECRET + "&decision=approve&comment=Looks+right+%E2%9C%93";
        send(HttpRequest.newBuilder(base.resolve("/review"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));

        JsonNode event = events.get(0);
        assertThat(event.at("/requestContext/http/method").asText()).isEqualTo("POST");
        assertThat(event.get("rawPath").asText()).isEqualTo("/review");
        // HTTP APIs base64-encode non-text bodies, forms included: the handler must decode them.
        assertThat(event.get("isBase64Encoded").asBoolean()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(event.get("body").asText()), StandardCharsets.UTF_8))
                .isEqualTo(form);
        assertThat(event.at("/headers/content-type").asText()).isEqualTo("application/x-www-form-urlencoded");
    }

    @Test
    void aJsonPost_arrivesAsText() throws Exception {
        send(HttpRequest.newBuilder(base.resolve("/review/api"))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":\"é\"}")));

        JsonNode event = events.get(0);
        assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
        assertThat(event.get("body").asText()).isEqualTo("{\"a\":\"é\"}");
    }

    @Test
    void theFunctionsResponse_becomesStatusHeadersCookiesAndBody() throws Exception {
        responder = event -> {
            ObjectNode r = JSON.createObjectNode();
            r.put("statusCode", 409);
            r.putObject("headers").put("Content-Type", "text/html; charset=utf-8")
                    .put("Content-Security-Policy", "default-src 'none'").put("Cache-Control", "no-store");
            r.putArray("cookies").add("seen=1; HttpOnly").add("other=2");
            r.put("body", Base64.getEncoder().encodeToString("<p>already decided</p>".getBytes(StandardCharsets.UTF_8)));
            r.put("isBase64Encoded", true);
            return r.toString();
        };

        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/review/" + SECRET)));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).isEqualTo("<p>already decided</p>");
        assertThat(response.headers().firstValue("content-security-policy")).hasValue("default-src 'none'");
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("seen=1; HttpOnly", "other=2");
    }

    @Test
    void aHead_getsTheFunctionsStatusAndHeaders_withoutABody() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/review/" + SECRET))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(events.get(0).at("/requestContext/http/method").asText()).isEqualTo("HEAD");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void jsonWithoutAStatusCode_isA200JsonBody() throws Exception {
        responder = event -> "{\"hello\":\"world\"}";

        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/review/x")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"hello\":\"world\"}");
    }

    @Test
    void aFailingFunction_is500InternalServerError_andTheLogLineCarriesNoPathOrBody() throws Exception {
        responder = event -> {
            throw new IllegalStateException("store unavailable");
        };

        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/review"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("secret=" + SECRET + "&decision=approve")));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        String log = logs.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("countersign-decision failed").contains("java.lang.IllegalStateException");
        // The path and the form both carry the link secret.
        assertThat(log).doesNotContain(SECRET).doesNotContain("decision=approve");
    }

    @Test
    void anInvalidResponse_is500() throws Exception {
        responder = event -> "{\"statusCode\":99,\"body\":\"x\"}";
        assertThat(send(HttpRequest.newBuilder(base.resolve("/review/" + SECRET))).statusCode()).isEqualTo(500);

        responder = event -> "{\"statusCode\":200,\"body\":{\"not\":\"a string\"}}";
        assertThat(send(HttpRequest.newBuilder(base.resolve("/review/" + SECRET))).statusCode()).isEqualTo(500);

        responder = event -> "{\"statusCode\":200,\"headers\":{\"x-bad\":\"a\\r\\nSet-Cookie: injected=1\"},"
                + "\"body\":\"x\"}";
        HttpResponse<String> split = send(HttpRequest.newBuilder(base.resolve("/review/" + SECRET)));
        // A header value with CR LF must never split the response.
        assertThat(split.statusCode()).isEqualTo(500);
        assertThat(split.headers().allValues("set-cookie")).isEmpty();
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
    }

    @Test
    void aBodyOverTheLambdaPayloadLimit_isRefusedWith413_withoutInvoking() throws Exception {
        byte[] big = new byte[HttpApiFront.MAX_BODY_BYTES + 1];

        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/review"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(events).isEmpty();
    }
}
