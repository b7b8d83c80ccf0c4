package dev.countersign.local.runtime.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.Engine;
import dev.countersign.local.engine.EngineOptions;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.FsyncPolicy;
import dev.countersign.local.engine.LambdaFunctionError;
import dev.countersign.local.engine.LambdaInvocation;
import dev.countersign.local.engine.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProcessLambdaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:echo";

    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logs, true, StandardCharsets.UTF_8);

    private InProcessLambda lambda(RequestStreamHandler handler) {
        return new InProcessLambda("echo", ARN, Duration.ofSeconds(30), 512, () -> handler, log);
    }

    @Test
    void invoke_handsTheHandlerTheEventAsJsonBytes_andParsesItsResponse() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        InProcessLambda echo = lambda((in, out, context) -> {
            String event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            received.add(event);
            out.write(("{\"seen\":" + event + "}").getBytes(StandardCharsets.UTF_8));
        });

        JsonNode response = echo.invoke(JSON.readTree("{\"a\":[1,2,{\"b\":\"<x>\"}],\"c\":null}"));

        // The event crosses as compact JSON text, as Lambda delivers it; nothing is passed by reference.
        assertThat(received).containsExactly("{\"a\":[1,2,{\"b\":\"<x>\"}],\"c\":null}");
        assertThat(response).isEqualTo(JSON.readTree("{\"seen\":{\"a\":[1,2,{\"b\":\"<x>\"}],\"c\":null}}"));
    }

    @Test
    void invoke_givesTheHandlerALambdaContext_withTheEnginesRequestId() throws Exception {
        List<Context> contexts = new CopyOnWriteArrayList<>();
        InProcessLambda echo = lambda((in, out, context) -> {
            contexts.add(context);
            context.getLogger().log("hello from the handler");
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        });

        echo.invoke(JSON.readTree("{}"), new LambdaInvocation("echo", ARN, "arn:execution", "Gate", "req-123"));

        Context context = contexts.get(0);
        assertThat(context.getFunctionName()).isEqualTo("echo");
        assertThat(context.getInvokedFunctionArn()).isEqualTo(ARN);
        assertThat(context.getAwsRequestId()).isEqualTo("req-123");
        assertThat(context.getFunctionVersion()).isEqualTo("$LATEST");
        assertThat(context.getLogGroupName()).isEqualTo("/aws/lambda/echo");
        assertThat(context.getMemoryLimitInMB()).isEqualTo(512);
        assertThat(context.getRemainingTimeInMillis()).isBetween(1, 30_000);
        assertThat(logs.toString(StandardCharsets.UTF_8)).isEqualTo("[echo] hello from the handler"
                + System.lineSeparator());
    }

    @Test
    void aResponseOfNoBytes_isJsonNull() throws Exception {
        assertThat(lambda((in, out, context) -> { }).invoke(JSON.readTree("{}")).isNull()).isTrue();
    }

    @Test
    void aResponseThatIsNotJson_failsNamingTheFunction() {
        InProcessLambda broken = lambda((in, out, context) -> out.write("OK".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> broken.invoke(JSON.readTree("{}")))
                .isInstanceOfSatisfying(LambdaFunctionError.class, e ->
                        assertThat(e.errorType()).isEqualTo(InProcessLambda.INVALID_RESPONSE))
                .hasMessageContaining("function echo wrote a response that is not JSON");
    }

    /** Runs {@code definition} (with {@code %s} for the function's ARN) on an engine that knows {@code function}. */
    private static ExecutionDescription run(Path directory, InProcessLambda function, String definition)
            throws Exception {
        try (Engine engine = Engine.open(EngineOptions.builder(directory).clock(new ManualClock())
                .fsyncPolicy(FsyncPolicy.NEVER)
                .lambdaFunctions(name -> name.equals(ARN) ? Optional.of(function) : Optional.empty()).build())) {
            String machine = engine.createStateMachine("m", definition.formatted(ARN), null).stateMachineArn();
            String execution = engine.startExecution(machine, "e", "{}").executionArn();
            assertThat(engine.awaitIdle(Duration.ofSeconds(30))).isTrue();
            return engine.describeExecution(execution);
        }
    }

    private static final String ONE_TASK = """
            {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s", "End": true}}}""";

    @Test
    void aHandlerException_failsTheTaskWithItsClassName_asTheJavaRuntimeReportsIt(@TempDir Path directory)
            throws Exception {
        InProcessLambda failing = lambda((in, out, context) -> {
            throw new IllegalStateException("no route for this proposal");
        });

        ExecutionDescription done = run(directory, failing, ONE_TASK);

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        // Workflows Catch by this name: the fully qualified class, not the simple name.
        assertThat(done.error()).isEqualTo("java.lang.IllegalStateException");
        JsonNode cause = JSON.readTree(done.cause());
        assertThat(cause.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(cause.get("errorMessage").asText()).isEqualTo("no route for this proposal");
        // The handler's own frame leads; Lambda's runtime frames (here: this adapter's and the engine's) are dropped.
        assertThat(cause.get("stackTrace").get(0).asText()).startsWith(InProcessLambdaTest.class.getName() + ".");
        assertThat(cause.get("stackTrace")).extracting(JsonNode::asText)
                .noneMatch(frame -> frame.startsWith(InProcessLambda.class.getName() + "."))
                .noneMatch(frame -> frame.startsWith("dev.countersign.local.engine."));
    }

    @Test
    void aHandlerThrowingCountersignNoRoute_failsTheTaskWithThatErrorName_andLambdasErrorDocumentAsCause(
            @TempDir Path directory) throws Exception {
        InProcessLambda route = lambda((in, out, context) -> {
            throw new Countersign.NoRoute("no routing rule matches workflow 'payroll': add a default rule");
        });

        ExecutionDescription done = run(directory, route, ONE_TASK);

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("Countersign.NoRoute");
        // Exactly the document the Java runtime writes, with the invocation's requestId as Step Functions records it
        // (issue 16 item 13): no stack trace was recorded, so the array is empty.
        ObjectNode cause = (ObjectNode) JSON.readTree(done.cause());
        assertThat(cause.fieldNames()).toIterable()
                .containsExactly("errorMessage", "errorType", "requestId", "stackTrace");
        assertThat(UUID.fromString(cause.remove("requestId").asText())).isNotNull();
        assertThat(cause).isEqualTo(JSON.readTree("""
                {"errorMessage": "no routing rule matches workflow 'payroll': add a default rule",
                 "errorType": "Countersign.NoRoute", "stackTrace": []}"""));
    }

    @Test
    void aCatchOnCountersignNoRoute_catchesTheThrownRefusal_andAnUnknownExceptionByItsClassName(
            @TempDir Path directory) throws Exception {
        String caught = """
                {"StartAt": "Call", "States": {
                  "Call": {"Type": "Task", "Resource": "%s", "End": true, "Catch": [
                    {"ErrorEquals": ["Countersign.NoRoute"], "ResultPath": "$.refusal", "Next": "NoRoute"},
                    {"ErrorEquals": ["java.lang.IllegalArgumentException"], "ResultPath": "$.bug", "Next": "Bug"}]},
                  "NoRoute": {"Type": "Pass", "Result": "routed by hand", "ResultPath": "$.handled", "End": true},
                  "Bug": {"Type": "Pass", "Result": "definition fixed", "ResultPath": "$.handled", "End": true}}}""";
        InProcessLambda refusing = lambda((in, out, context) -> {
            throw new Countersign.NoRoute("nobody left to ask");
        });
        InProcessLambda broken = lambda((in, out, context) -> {
            throw new IllegalArgumentException("the route function's input field 'gate' is missing");
        });

        ExecutionDescription refused = run(directory.resolve("refused"), refusing, caught);
        ExecutionDescription failed = run(directory.resolve("broken"), broken, caught);

        assertThat(refused.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode refusal = JSON.readTree(refused.output());
        assertThat(refusal.at("/handled").asText()).isEqualTo("routed by hand");
        assertThat(refusal.at("/refusal/Error").asText()).isEqualTo("Countersign.NoRoute");
        assertThat(JSON.readTree(refusal.at("/refusal/Cause").asText()).get("errorMessage").asText())
                .isEqualTo("nobody left to ask");
        // A Catch names the fully qualified class: the second catcher, not the refusal's, takes the bug.
        assertThat(failed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(JSON.readTree(failed.output()).at("/bug/Error").asText())
                .isEqualTo("java.lang.IllegalArgumentException");
    }

    @Test
    void concurrentInvocations_eachGetTheirOwnHandlerInstance_andInstancesAreReused() throws Exception {
        AtomicInteger created = new AtomicInteger();
        Set<Object> busy = ConcurrentHashMap.newKeySet();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        CountDownLatch allInside = new CountDownLatch(4);
        InProcessLambda pooled = new InProcessLambda("pooled", ARN, Duration.ofSeconds(30), 512, () -> {
            created.incrementAndGet();
            return new RequestStreamHandler() {
                @Override
                public void handleRequest(java.io.InputStream in, java.io.OutputStream out, Context context)
                        throws java.io.IOException {
                    if (!busy.add(this)) {
                        overlaps.add("instance used by two requests at once");
                    }
                    allInside.countDown();
                    try {
                        allInside.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    busy.remove(this);
                    out.write("1".getBytes(StandardCharsets.UTF_8));
                }
            };
        }, log);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonNode>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(threads.submit(() -> pooled.invoke(JSON.readTree("{}"))));
            }
            for (Future<JsonNode> call : calls) {
                assertThat(call.get(30, TimeUnit.SECONDS).asInt()).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
        // Like Lambda: a container serves one request at a time, so four at once need four containers...
        assertThat(overlaps).isEmpty();
        assertThat(created.get()).isEqualTo(4);
        // ...and a later request reuses a warm one instead of building a fifth.
        pooled.invoke(JSON.readTree("{}"));
        assertThat(pooled.containers()).isEqualTo(4);
    }
}
