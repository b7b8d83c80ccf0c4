package dev.countersign.audit;

/** Reads a named secret's text from a secret store (on AWS: Secrets Manager). */
@FunctionalInterface
public interface SecretReader {
    /**
     * @param secretId the secret's name or ARN
     * @return the secret's value (a string secret's text in UTF-8)
     */
    byte[] read(String secretId);

    /** For processes that have no secret store configured: every lookup fails with a message saying so. */
    SecretReader NONE = id -> {
        throw new IllegalStateException("COUNTERSIGN_AUDIT_KEY_SECRET names secret '" + id + "' but this process has"
                + " no secret store: set COUNTERSIGN_AUDIT_KEY instead, or run with AWS credentials");
    };
}
