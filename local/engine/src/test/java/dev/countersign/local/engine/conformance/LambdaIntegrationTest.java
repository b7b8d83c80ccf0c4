package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.LambdaInvocation;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** arn:aws:states:::lambda:invoke and bare Lambda ARNs: result shapes, history events, errors. */
class LambdaIntegrationTest {
    @TempDir
    Path directory;
    EngineUnderTest engine;
    final AtomicReference<LambdaInvocation> invocation = new AtomicReference<>();

    @BeforeEach
    void open() {
        engine = new EngineUnderTest(directory);
        engine.functions.put("greet", (payload, call) -> {
            invocation.set(call);
            return EngineUnderTest.json("{\"greeting\": \"hi " + payload.path("who").asText() + "\"}");
        });
        engine.functions.put("broken", (payload, call) -> {
            throw new IllegalStateException("the handler broke");
        });
        engine.functions.put("silent", (payload, call) -> validate(payload));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void lambdaInvoke_wrapsTheResponseAsStepFunctionsDoes() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:greet",
                                 "Payload": {"who.$": "$.name"}}, "End": true}}}""", "{\"name\": \"ana\"}");
        JsonNode output = EngineUnderTest.json(done.output());
        assertThat(output.get("Payload")).isEqualTo(EngineUnderTest.json("{\"greeting\": \"hi ana\"}"));
        assertThat(output.get("StatusCode").asInt()).isEqualTo(200);
        assertThat(output.get("ExecutedVersion").asText()).isEqualTo("$LATEST");
        assertThat(output.at("/SdkHttpMetadata/HttpStatusCode").asInt()).isEqualTo(200);
        assertThat(output.at("/SdkResponseMetadata/RequestId").asText()).isNotEmpty();
        assertThat(invocation.get().functionName()).isEqualTo("greet");
        assertThat(invocation.get().executionArn()).isEqualTo(done.executionArn());
        assertThat(invocation.get().stateName()).isEqualTo("T");

        HistoryEvent scheduled = engine.first(done.executionArn(), HistoryEventType.TaskScheduled);
        assertThat(scheduled.details().get("resourceType").asText()).isEqualTo("lambda");
        assertThat(scheduled.details().get("resource").asText()).isEqualTo("invoke");
        assertThat(scheduled.details().get("region").asText()).isEqualTo("us-east-1");
        assertThat(EngineUnderTest.json(scheduled.details().get("parameters").asText()).at("/Payload/who").asText())
                .isEqualTo("ana");
        assertThat(engine.types(done.executionArn())).containsExactly("ExecutionStarted", "TaskStateEntered",
                "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
    }

    @Test
    void bareFunctionArn_returnsThePayloadItself_withLambdaEvents() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:greet", "TimeoutSeconds": 30,
                  "End": true}}}""", "{\"who\": \"bo\"}");
        assertThat(done.output()).isEqualTo("{\"greeting\":\"hi bo\"}");
        assertThat(engine.types(done.executionArn())).containsExactly("ExecutionStarted", "TaskStateEntered",
                "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
                "ExecutionSucceeded");
        HistoryEvent scheduled = engine.first(done.executionArn(), HistoryEventType.LambdaFunctionScheduled);
        assertThat(scheduled.details().get("resource").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:greet");
        assertThat(scheduled.details().get("timeoutInSeconds").asInt()).isEqualTo(30);
    }

    @Test
    void unknownFunction_failsWithLambdaResourceNotFoundException() {
        ExecutionDescription viaInvoke = engine.run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "nobody"}, "End": true}}}""", "{}");
        assertThat(viaInvoke.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(viaInvoke.error()).isEqualTo("Lambda.ResourceNotFoundException");
        assertThat(viaInvoke.cause()).contains("Function not found: arn:aws:lambda:us-east-1:123456789012:function:nobody");

        ExecutionDescription bare = engine.run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:nobody", "End": true}}}""", "{}");
        assertThat(bare.error()).isEqualTo("Lambda.ResourceNotFoundException");
    }

    @Test
    void handlerException_failsWithItsClassName_andLambdasErrorDocumentAsCause() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "broken"}, "End": true}}}""", "{}");
        assertThat(done.error()).isEqualTo("java.lang.IllegalStateException");
        JsonNode cause = EngineUnderTest.json(done.cause());
        assertThat(cause.get("errorMessage").asText()).isEqualTo("the handler broke");
        assertThat(cause.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(cause.get("stackTrace").isArray()).isTrue();
        HistoryEvent failed = engine.first(done.executionArn(), HistoryEventType.TaskFailed);
        assertThat(failed.details().get("error").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failed.details().get("resourceType").asText()).isEqualTo("lambda");
    }

    /** A handler method a few frames below the function, so that its frames show in the trace. */
    private static JsonNode validate(JsonNode payload) {
        throw new UnsupportedOperationException();
    }

    @Test
    void handlerExceptionWithoutAMessage_reportsItsClassNameAsTheMessage_andOnlyTheHandlersFrames() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:silent", "End": true}}}""", "{}");

        assertThat(done.error()).isEqualTo("java.lang.UnsupportedOperationException");
        JsonNode cause = EngineUnderTest.json(done.cause());
        // The Java runtime writes the class name where there is no message, never null.
        assertThat(cause.get("errorMessage").asText()).isEqualTo("java.lang.UnsupportedOperationException");
        assertThat(cause.get("errorType").asText()).isEqualTo("java.lang.UnsupportedOperationException");
        assertThat(cause.get("stackTrace").get(0).asText()).contains(LambdaIntegrationTest.class.getName()
                + ".validate(");
        // Lambda drops its own runtime's frames: the engine's (the stand-in runtime) must not show either.
        assertThat(cause.get("stackTrace")).extracting(JsonNode::asText)
                .noneMatch(frame -> frame.startsWith("dev.countersign.local.engine.internal"))
                .noneMatch(frame -> frame.startsWith("java.util.concurrent"));
    }

    @Test
    void eventInvocationType_returns202WithoutWaitingForTheFunction() {
        ExecutionDescription done = engine.run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "greet", "InvocationType": "Event"}, "End": true}}}""", "{}");
        assertThat(EngineUnderTest.json(done.output()).get("StatusCode").asInt()).isEqualTo(202);
    }
}
