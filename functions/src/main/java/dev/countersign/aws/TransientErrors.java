package dev.countersign.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Which SDK failures are worth retrying: throttling, server faults (5xx) and failures to reach the service at all.
 * Everything else (a refused message, an unknown task token, a bad request) fails the same way again.
 */
public final class TransientErrors {
    private TransientErrors() {
    }

    public static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500 || service.statusCode() == 429;
        }
        // Connection refused or reset, timeouts, unreadable responses: nothing reached the service, or we lost its answer.
        return e instanceof SdkClientException;
    }

    /** The service's error code ("TooManyRequestsException"), or the exception's simple name when there is none. */
    public static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

    /** A short message without request ids: what to log and audit. */
    public static String message(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorMessage() != null) {
            return service.awsErrorDetails().errorMessage();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
