package dev.countersign.local.engine.api;

/**
 * A request refused by the HTTP layer itself (before the engine is asked), reported as the AWS JSON protocol reports
 * errors: {@code __type} and {@code message} in the body, with an HTTP status.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;

    ApiError(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    /** A field is missing, too long, too short or not one of the allowed values. */
    static ApiError validation(String message) {
        return new ApiError(400, "ValidationException", message);
    }

    /** The body is not JSON, or a field has the wrong JSON type. */
    static ApiError serialization(String message) {
        return new ApiError(400, "SerializationException", message);
    }

    static ApiError unknownOperation(int status, String message) {
        return new ApiError(status, "UnknownOperationException", message);
    }

    String type() {
        return type;
    }

    int status() {
        return status;
    }
}
