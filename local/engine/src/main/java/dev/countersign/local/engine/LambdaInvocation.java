package dev.countersign.local.engine;

/**
 * Context of one Lambda invocation.
 *
 * @param functionName  the function name (no ARN parts)
 * @param resource      what the definition asked for (name or ARN)
 * @param executionArn  the calling execution
 * @param stateName     the calling Task state
 * @param requestId     unique per invocation (a retried invocation gets a new one)
 */
public record LambdaInvocation(String functionName, String resource, String executionArn, String stateName,
                               String requestId) {
}
