package dev.countersign.aws;

/**
 * The AWS services Countersign calls, with the key the SDK uses in {@code AWS_ENDPOINT_URL_<KEY>}.
 *
 * <p>The keys are the SDK's own (checked in each generated client builder of SDK 2.57.8): the SDK would read the same
 * variables from the process environment; we resolve them from an injectable map so configuration is testable.
 */
public enum AwsService {
    DYNAMODB("DYNAMODB"),
    SFN("SFN"),
    SESV2("SESV2"),
    SECRETS_MANAGER("SECRETS_MANAGER"),
    EVENTBRIDGE("EVENTBRIDGE");

    private final String endpointKey;

    AwsService(String endpointKey) {
        this.endpointKey = endpointKey;
    }

    /** The per-service endpoint variable, e.g. {@code AWS_ENDPOINT_URL_DYNAMODB}. */
    public String endpointVariable() {
        return "AWS_ENDPOINT_URL_" + endpointKey;
    }
}
