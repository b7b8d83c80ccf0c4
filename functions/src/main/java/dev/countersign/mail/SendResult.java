package dev.countersign.mail;

/** What happened to one send attempt. */
public sealed interface SendResult {

    /** The mail service accepted the message. */
    record Sent(String messageId) implements SendResult {
    }

    /**
     * The attempt failed.
     *
     * @param errorCode the service's error code (e.g. {@code TooManyRequestsException}), or the failure's kind
     * @param message   what the service said, without request ids or message content
     * @param transientFailure true when the same message may go through if tried again (throttling, 5xx, network)
     */
    record Failed(String errorCode, String message, boolean transientFailure) implements SendResult {
    }
}
