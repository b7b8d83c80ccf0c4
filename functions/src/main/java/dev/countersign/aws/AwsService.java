package dev.countersign.aws;

/**
 * The AWS services Countersign calls, with the key the SDK uses in {@code AWS_ENDPOINT_URL_<KEY>} and the prefix of
 * the service's regional endpoint host ({@code https://<prefix>.<region>.amazonaws.com}).
 *
 * <p>The keys are the SDK's own (checked in each generated client builder of SDK 2.57.8): the SDK would read the same
 * variables from the process environment; we resolve them from an injectable map so configuration is testable.
 */
public enum AwsService {
    DYNAMODB("DYNAMODB", "dynamodb"),
    SFN("SFN", "states"),
    SESV2("SESV2", "email"),
    SECRETS_MANAGER("SECRETS_MANAGER", "secretsmanager"),
    EVENTBRIDGE("EVENTBRIDGE", "events");

    private final String endpointKey;
    private final String hostPrefix;

    AwsService(String endpointKey, String hostPrefix) {
        this.endpointKey = endpointKey;
        this.hostPrefix = hostPrefix;
    }

    /** The first label of the service's regional endpoint, e.g. {@code states} for Step Functions. */
    public String hostPrefix() {
        return hostPrefix;
    }

    /** The per-service endpoint variable, e.g. {@code AWS_ENDPOINT_URL_DYNAMODB}. */
    public String endpointVariable() {
        return "AWS_ENDPOINT_URL_" + endpointKey;
    }
}
