package dev.countersign.local.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** One Lambda function the engine can invoke in-process. */
@FunctionalInterface
public interface LambdaFunction {

    /**
     * Runs the function. Called on one of the engine's task threads; may block (it does not hold up other
     * executions).
     *
     * @param payload    the event (any JSON value)
     * @param invocation who is calling
     * @return the response payload (any JSON value; null is JSON {@code null})
     * @throws LambdaFunctionError to fail with a chosen error type (e.g. {@code Lambda.Unknown});
     *                             any other exception fails with its fully qualified class name as the error type, as
     *                             the Java Lambda runtime reports it (e.g. {@code java.lang.IllegalStateException}, or
     *                             {@code Countersign.NoRoute} for a class of that name). Either way the Task's cause
     *                             is Lambda's error document {@code {"errorMessage", "errorType", "stackTrace"}}.
     */
    JsonNode invoke(JsonNode payload, LambdaInvocation invocation) throws Exception;
}
