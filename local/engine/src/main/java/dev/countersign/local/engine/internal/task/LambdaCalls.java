package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.LambdaFunction;
import dev.countersign.local.engine.LambdaFunctionError;
import dev.countersign.local.engine.LambdaFunctions;
import dev.countersign.local.engine.LambdaInvocation;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Invoking an in-process Lambda function and reporting its failures the way Step Functions does. */
final class LambdaCalls {
    private final LambdaFunctions functions;
    private final String region;
    private final String accountId;

    LambdaCalls(LambdaFunctions functions, String region, String accountId) {
        this.functions = functions;
        this.region = region;
        this.accountId = accountId;
    }

    LambdaFunction find(String functionNameOrArn) {
        return functions.find(functionNameOrArn).orElseThrow(() -> new StatesFailure(
                "Lambda.ResourceNotFoundException", "Function not found: " + arn(functionNameOrArn)
                + " (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: "
                + UUID.randomUUID() + "; Proxy: null)"));
    }

    JsonNode invoke(LambdaFunction function, String functionNameOrArn, JsonNode payload, TaskCall call) {
        LambdaInvocation invocation = new LambdaInvocation(LambdaFunctions.functionName(functionNameOrArn),
                functionNameOrArn, call.executionArn(), call.stateName(), call.requestId());
        try {
            JsonNode result = function.invoke(payload, invocation);
            return result == null ? Json.NODES.nullNode() : result;
        } catch (LambdaFunctionError e) {
            throw failure(e.errorType(), e, function, call.requestId());
        } catch (Exception | Error e) {
            throw failure(e.getClass().getName(), e, function, call.requestId());
        }
    }

    /**
     * The error a function raised, as the Java Lambda runtime reports it and Step Functions passes it on: the error
     * type (the exception's fully qualified class name) as the Task's error, and Lambda's JSON error document as the
     * cause: {@code errorMessage} (the message, or the class name when there is none), {@code errorType},
     * {@code requestId} (the invocation's, as recorded executions show it) and {@code stackTrace}, the thrown frames
     * above the runtime. Here the runtime is the engine and the
     * {@link LambdaFunction} adapter that stands in for Lambda's (their frames are dropped, as Lambda drops its own).
     */
    private static StatesFailure failure(String errorType, Throwable thrown, LambdaFunction function,
                                         String requestId) {
        ObjectNode cause = Json.object();
        cause.put("errorMessage", thrown.getMessage() == null ? thrown.getClass().getName() : thrown.getMessage());
        cause.put("errorType", errorType).put("requestId", requestId);
        List<String> frames = handlerFrames(thrown, function.getClass().getName());
        String document = document(cause, frames);
        // A Cause holds at most 32,768 characters: drop the outermost frames until the document fits, keeping JSON.
        int kept = frames.size();
        while (document.length() > Limits.CAUSE_CHARS && kept > 0) {
            kept = Math.max(0, kept - Math.max(1, kept / 4));
            document = document(cause, frames.subList(0, kept));
        }
        return new StatesFailure(errorType, document);
    }

    private static String document(ObjectNode cause, List<String> frames) {
        ArrayNode trace = cause.putArray("stackTrace");
        frames.forEach(trace::add);
        return Json.write(cause);
    }

    /** The frames from the throw up to (not including) the first frame of the engine or of the function's adapter. */
    private static List<String> handlerFrames(Throwable thrown, String adapterClass) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement frame : thrown.getStackTrace()) {
            String type = frame.getClassName();
            if (type.equals(LambdaCalls.class.getName())) {
                break;
            }
            if (!type.equals(adapterClass) && !type.startsWith(adapterClass + "$")) {
                frames.add(frame.toString());
            }
        }
        return frames;
    }

    String arn(String functionNameOrArn) {
        if (functionNameOrArn.startsWith("arn:")) {
            return functionNameOrArn;
        }
        if (functionNameOrArn.contains(":function:")) {
            return "arn:aws:lambda:" + region + ":" + functionNameOrArn;
        }
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionNameOrArn;
    }
}
