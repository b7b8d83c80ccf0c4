package dev.countersign.local.engine;

import java.util.Optional;

/**
 * The Lambda functions tasks can invoke, provided by the embedding program (the local runtime maps function names to
 * in-process handler classes). Asked with what the definition names: a function name ({@code request}), a partial
 * ARN ({@code 123456789012:function:request}) or a full ARN, possibly with a version or alias qualifier.
 */
@FunctionalInterface
public interface LambdaFunctions {

    /** The function, or empty when there is none (the task fails with {@code Lambda.ResourceNotFoundException}). */
    Optional<LambdaFunction> find(String functionNameOrArn);

    /** No functions at all. */
    static LambdaFunctions none() {
        return name -> Optional.empty();
    }

    /**
     * The function name inside a name or ARN: {@code arn:aws:lambda:us-east-1:123456789012:function:request:live}
     * and {@code 123456789012:function:request} both give {@code request}.
     */
    static String functionName(String functionNameOrArn) {
        String[] parts = functionNameOrArn.split(":");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("function")) {
                return parts[i + 1];
            }
        }
        return parts[0];
    }
}
