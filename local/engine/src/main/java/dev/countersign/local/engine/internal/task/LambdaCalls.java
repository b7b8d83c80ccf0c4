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
            throw failure(e.errorType(), e.getMessage(), e);
        } catch (Exception | Error e) {
            throw failure(e.getClass().getName(), e.getMessage(), e);
        }
    }

    /** The error a function raised: its type as the error, Lambda's JSON error document as the cause. */
    private static StatesFailure failure(String errorType, String message, Throwable thrown) {
        ObjectNode cause = Json.object();
        cause.put("errorMessage", message);
        cause.put("errorType", errorType);
        ArrayNode trace = cause.putArray("stackTrace");
        StackTraceElement[] frames = thrown.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 10); i++) {
            trace.add(frames[i].toString());
        }
        return new StatesFailure(errorType, Json.write(cause));
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
