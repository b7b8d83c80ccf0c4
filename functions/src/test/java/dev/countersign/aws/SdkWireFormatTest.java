package dev.countersign.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.countersign.approval.TaskToken;
import dev.countersign.core.json.Json;
import dev.countersign.mail.EmailMessage;
import dev.countersign.mail.SendResult;
import dev.countersign.mail.ses.SesMailer;
import dev.countersign.testing.Case;
import dev.countersign.testing.Generator;
import dev.countersign.views.RenderedEmail;
import dev.countersign.workflow.CallbackResult;
import dev.countersign.workflow.sfn.StepFunctionsCallback;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The Step Functions callback and the SES mailer send their requests as signed JSON of their own, not through the
 * SDK's clients (cold start). Over generated inputs, each request is the one the SDK's client sends for the same call:
 * same method, path, content type, target and JSON document. (The signature is {@code RequestSignerTest}'s.)
 */
class SdkWireFormatTest {
    private record Captured(String method, String path, String contentType, String target, JsonNode body) {
    }

    private static HttpServer server;
    private static final List<Captured> captured = new CopyOnWriteArrayList<>();
    private static URI endpoint;
    private static SfnClient sdkSfn;
    private static SesV2Client sdkSes;
    private static AwsJsonClients ours;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            captured.add(new Captured(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-Amz-Target"), Json.parse(body)));
            byte[] answer = (exchange.getRequestURI().getPath().startsWith("/v2/") ? "{\"MessageId\":\"m-1\"}" : "{}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        StaticCredentialsProvider keys = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "s"));
        sdkSfn = SfnClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(keys)
                .httpClient(UrlConnectionHttpClient.create()).build();
        sdkSes = SesV2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(keys)
                .httpClient(UrlConnectionHttpClient.create()).build();
        ours = AwsJsonClients.fromEnvironment(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "s"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        sdkSfn.close();
        sdkSes.close();
        server.stop(0);
    }

    record Callback(String token, ObjectNode output, String error, String cause) {
    }

    static Stream<Case<Callback>> callbacks() {
        return Generator.cases(0x5F4_CA11, 60, g -> {
            ObjectNode output = Json.object();
            for (int i = g.between(0, 6); i > 0; i--) {
                output.put(g.string(1, 12, "abcdefghijklmnopqrstuvwxyz"), g.chance(0.5) ? g.anyText(200)
                        : Integer.toString(g.between(-1000, 1000)));
            }
            String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
            return new Callback("AQB" + g.string(50, 900, letters + "0123456789+/="), output,
                    "Countersign." + g.string(1, 40, letters), g.anyText(2000));
        });
    }

    @ParameterizedTest
    @MethodSource("callbacks")
    void theCallbacks_sendWhatTheSdkClientSends(Case<Callback> c) {
        Callback cb = c.value();
        StepFunctionsCallback callback = new StepFunctionsCallback(ours.stepFunctions(), RetryPolicy.immediate(1));
        TaskToken token = new TaskToken(cb.token());

        captured.clear();
        sdkSfn.sendTaskSuccess(r -> r.taskToken(cb.token()).output(Json.write(cb.output())));
        assertThat(callback.succeed(token, cb.output())).isEqualTo(new CallbackResult.Delivered(1));
        sdkSfn.sendTaskFailure(r -> r.taskToken(cb.token()).error(cb.error()).cause(cb.cause()));
        assertThat(callback.fail(token, cb.error(), cb.cause())).isEqualTo(new CallbackResult.Delivered(1));
        sdkSfn.sendTaskHeartbeat(r -> r.taskToken(cb.token()));
        assertThat(callback.heartbeat(token)).isEqualTo(new CallbackResult.Delivered(1));

        assertThat(captured).as(c.toString()).hasSize(6);
        for (int i = 0; i < 6; i += 2) {
            sameRequest(c, captured.get(i), captured.get(i + 1));
        }
        assertThat(captured.get(0).target()).isEqualTo("AWSStepFunctions.SendTaskSuccess");
    }

    static Stream<Case<EmailMessage>> emails() {
        return Generator.cases(0x5E5_3A11, 60, g -> new EmailMessage(
                g.oneOf("Countersign <approvals@example.com>", "approvals@shop.example",
                        "\"Approvals, Inc.\" <a@b.example>"),
                g.string(1, 20, "abcdefghijklmnopqrstuvwxyz.") + "@shop.example",
                new RenderedEmail(g.anyText(120), "<p>" + g.anyText(3000) + "</p>", g.anyText(3000))));
    }

    @ParameterizedTest
    @MethodSource("emails")
    void theMailer_sendsWhatTheSdkClientSends(Case<EmailMessage> c) {
        EmailMessage m = c.value();

        captured.clear();
        sdkSes.sendEmail(r -> r.fromEmailAddress(m.from()).destination(d -> d.toAddresses(m.to()))
                .content(content -> content.simple(s -> s
                        .subject(x -> x.data(m.content().subject()).charset("UTF-8"))
                        .body(b -> b.html(h -> h.data(m.content().html()).charset("UTF-8"))
                                .text(t -> t.data(m.content().text()).charset("UTF-8"))))));
        SendResult sent = new SesMailer(ours.sesV2()).send(m);

        assertThat(sent).isEqualTo(new SendResult.Sent("m-1"));
        assertThat(captured).as(c.toString()).hasSize(2);
        sameRequest(c, captured.get(0), captured.get(1));
        assertThat(captured.get(0).path()).isEqualTo("/v2/email/outbound-emails");
    }

    private static void sameRequest(Case<?> c, Captured sdk, Captured ours) {
        assertThat(ours.method()).as(c + " method").isEqualTo(sdk.method());
        assertThat(ours.path()).as(c + " path").isEqualTo(sdk.path());
        assertThat(ours.contentType()).as(c + " content type").isEqualTo(sdk.contentType());
        assertThat(ours.target()).as(c + " target").isEqualTo(sdk.target());
        assertThat(ours.body().fieldNames()).toIterable().as(c + " fields")
                .containsExactlyInAnyOrderElementsOf(() -> sdk.body().fieldNames());
        sdk.body().fields().forEachRemaining(field -> assertThat(ours.body().get(field.getKey()))
                .as(c + " " + field.getKey()).isEqualTo(field.getValue()));
    }
}
