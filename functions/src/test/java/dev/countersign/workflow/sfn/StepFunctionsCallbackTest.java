package dev.countersign.workflow.sfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.countersign.approval.TaskToken;
import dev.countersign.aws.AwsJsonClients;
import dev.countersign.aws.RetryPolicy;
import dev.countersign.core.json.Json;
import dev.countersign.workflow.CallbackResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Step Functions adapter over real HTTP, against a small server that answers as the Step Functions JSON API does
 * (status, {@code __type}, message), so that every failure can be provoked. {@code SdkWireFormatTest} checks that its
 * requests are the SDK client's.
 */
class StepFunctionsCallbackTest {
    private static final TaskToken TOKEN = new TaskToken("AQBtoken-" + "x".repeat(200));

    private record Answer(int status, String type, String message) {
    }

    private HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<Duration> pauses = new ArrayList<>();
    private AwsJsonClients aws;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            targets.add(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Answer answer;
            synchronized (answers) {
                answer = answers.isEmpty() ? new Answer(200, null, null) : answers.poll();
            }
            String body = answer.type() == null ? "{}"
                    : Json.write(Json.object().put("__type", answer.type()).put("message", answer.message()));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        aws = AwsJsonClients.fromEnvironment(Map.of("AWS_ENDPOINT_URL",
                "http://127.0.0.1:" + server.getAddress().getPort()), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private StepFunctionsCallback callback(RetryPolicy retry) {
        return new StepFunctionsCallback(aws.stepFunctions(), retry, delay -> {
            pauses.add(delay);
            return true;
        });
    }

    private void answer(Answer... next) {
        synchronized (answers) {
            answers.addAll(List.of(next));
        }
    }

    @Test
    void success_sendsTheOutputWithTheToken_once() {
        CallbackResult result = callback(RetryPolicy.CALLBACK).succeed(TOKEN, Json.object().put("outcome", "APPROVED"));

        assertThat(result).isEqualTo(new CallbackResult.Delivered(1));
        assertThat(targets).containsExactly("AWSStepFunctions.SendTaskSuccess");
        assertThat(Json.parse(bodies.get(0)).get("taskToken").asText()).isEqualTo(TOKEN.value());
        assertThat(Json.parse(Json.parse(bodies.get(0)).get("output").asText()).get("outcome").asText())
                .isEqualTo("APPROVED");
    }

    @Test
    void throttlingAndServerFaults_areRetriedWithGrowingPauses_untilDelivered() {
        answer(new Answer(400, "ThrottlingException", "Rate exceeded"), new Answer(500, "InternalFailure", "oops"),
                new Answer(503, "ServiceUnavailable", "busy"));

        CallbackResult result = callback(RetryPolicy.CALLBACK).succeed(TOKEN, Json.object());

        assertThat(result).isEqualTo(new CallbackResult.Delivered(4));
        assertThat(targets).hasSize(4);
        assertThat(pauses).hasSize(3);
        // Full jitter: each pause is at most the exponential step (100 ms, 200 ms, 400 ms).
        assertThat(pauses.get(0)).isLessThanOrEqualTo(Duration.ofMillis(100));
        assertThat(pauses.get(2)).isLessThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aWorkflowThatStaysUnavailable_isGivenUpOn_afterTheBoundedAttempts() {
        for (int i = 0; i < 10; i++) {
            answer(new Answer(500, "InternalFailure", "down"));
        }

        CallbackResult result = callback(RetryPolicy.immediate(3)).succeed(TOKEN, Json.object());

        assertThat(result).isInstanceOfSatisfying(CallbackResult.Unavailable.class, u -> {
            assertThat(u.attempts()).isEqualTo(3);
            assertThat(u.error()).isEqualTo("InternalFailure");
        });
        assertThat(targets).hasSize(3);
    }

    @Test
    void theTotalTimeBound_stopsRetryingBeforeTheAttemptsRunOut() {
        for (int i = 0; i < 10; i++) {
            answer(new Answer(500, "InternalFailure", "down"));
        }
        RetryPolicy shortWindow = new RetryPolicy(10, Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(3));

        CallbackResult result = new StepFunctionsCallback(aws.stepFunctions(), shortWindow, delay -> {
            pauses.add(delay);
            return true;
        }).succeed(TOKEN, Json.object());

        // Jitter may make the first pause short; no attempt may start after 3 s of pauses.
        assertThat(result).isInstanceOf(CallbackResult.Unavailable.class);
        assertThat(pauses.stream().mapToLong(Duration::toMillis).sum()).isLessThanOrEqualTo(3000 + 2000);
        assertThat(targets.size()).isLessThan(10);
    }

    @Test
    void connectionRefused_isTransient_andReportedAsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AwsJsonClients nowhere = AwsJsonClients.fromEnvironment(Map.of("AWS_ENDPOINT_URL",
                "http://127.0.0.1:" + closedPort), Clock.systemUTC());

        CallbackResult result = new StepFunctionsCallback(nowhere.stepFunctions(), RetryPolicy.immediate(2), d -> true)
                .succeed(TOKEN, Json.object());

        assertThat(result).isInstanceOfSatisfying(CallbackResult.Unavailable.class, u -> {
            assertThat(u.attempts()).isEqualTo(2);
            assertThat(u.error()).isEqualTo("ConnectionFailure");
        });
    }

    @Test
    void taskTimedOut_isTaskClosed_withoutRetrying() {
        answer(new Answer(400, "TaskTimedOut", "Task Timed Out: '" + TOKEN.value() + "'"));

        CallbackResult result = callback(RetryPolicy.CALLBACK).succeed(TOKEN, Json.object());

        assertThat(result).isInstanceOfSatisfying(CallbackResult.TaskClosed.class, closed -> {
            assertThat(closed.error()).isEqualTo("TaskTimedOut");
            // A service that echoes the token must not get it into our logs through this message.
            assertThat(closed.message()).doesNotContain(TOKEN.value()).contains("<task token>");
        });
        assertThat(targets).hasSize(1);
    }

    @Test
    void taskDoesNotExist_andInvalidToken_areTaskUnknown() {
        answer(new Answer(400, "TaskDoesNotExist", "gone"), new Answer(400, "InvalidToken", "bad token"));

        CallbackResult gone = callback(RetryPolicy.CALLBACK).succeed(TOKEN, Json.object());
        CallbackResult invalid = callback(RetryPolicy.CALLBACK).succeed(TOKEN, Json.object());

        assertThat(gone).isEqualTo(new CallbackResult.TaskUnknown("TaskDoesNotExist", "gone"));
        assertThat(invalid).isEqualTo(new CallbackResult.TaskUnknown("InvalidToken", "bad token"));
    }

    @Test
    void failure_sendsTheErrorNameAndCause_cutToTheServiceLimits() {
        String cause = "c".repeat(40_000);

        CallbackResult result = callback(RetryPolicy.CALLBACK).fail(TOKEN, "Countersign.NoRoute", cause);

        assertThat(result).isInstanceOf(CallbackResult.Delivered.class);
        assertThat(targets).containsExactly("AWSStepFunctions.SendTaskFailure");
        var sent = Json.parse(bodies.get(0));
        assertThat(sent.get("error").asText()).isEqualTo("Countersign.NoRoute");
        assertThat(sent.get("cause").asText()).hasSize(StepFunctionsCallback.MAX_CAUSE_CHARS);
    }

    @Test
    void heartbeat_isSent() {
        assertThat(callback(RetryPolicy.CALLBACK).heartbeat(TOKEN)).isInstanceOf(CallbackResult.Delivered.class);
        assertThat(targets).containsExactly("AWSStepFunctions.SendTaskHeartbeat");
    }

    @Test
    void anotherClientError_isNotRetried() {
        answer(new Answer(400, "InvalidOutput", "too big"));

        CallbackResult result = callback(RetryPolicy.CALLBACK).succeed(TOKEN, Json.object());

        assertThat(result).isEqualTo(new CallbackResult.Unavailable("InvalidOutput", "too big", 1));
    }
}
