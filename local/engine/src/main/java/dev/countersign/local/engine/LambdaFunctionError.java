package dev.countersign.local.engine;

/**
 * Thrown by a {@link LambdaFunction} to fail with a chosen error type, like a Lambda function whose error response has
 * {@code errorType}. Step Functions reports {@link #errorType()} as the task's error (matched by Retry/Catch) and the
 * cause as Lambda's JSON error document ({@code errorMessage}, {@code errorType}, {@code stackTrace}).
 */
public class LambdaFunctionError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorType;

    public LambdaFunctionError(String errorType, String errorMessage) {
        super(errorMessage);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}
