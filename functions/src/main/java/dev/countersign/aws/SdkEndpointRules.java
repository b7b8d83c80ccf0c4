package dev.countersign.aws;

import java.net.URI;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointProvider;
import software.amazon.awssdk.services.secretsmanager.endpoints.SecretsManagerEndpointProvider;
import software.amazon.awssdk.services.sesv2.endpoints.SesV2EndpointProvider;
import software.amazon.awssdk.services.sfn.endpoints.SfnEndpointProvider;

/**
 * FIPS and dual-stack endpoints, from the SDK's own endpoint rules for each service (they differ: DynamoDB in
 * GovCloud is FIPS at its usual name, Secrets Manager's dual-stack names keep {@code amazonaws.com}, …). Only the
 * rules are used, not a client; and only when {@code AWS_USE_FIPS_ENDPOINT} or {@code AWS_USE_DUALSTACK_ENDPOINT}
 * asks for them, so the usual cold start never loads this class. The Lambda jar has no EventBridge SDK module:
 * its endpoint follows the common pattern ({@code events[-fips].<region>.<amazonaws.com | api.aws>}).
 */
final class SdkEndpointRules {
    private SdkEndpointRules() {
    }

    static URI resolve(AwsService service, String region, boolean fips, boolean dualStack) {
        Region r = Region.of(region);
        try {
            return switch (service) {
                case DYNAMODB -> DynamoDbEndpointProvider.defaultProvider()
                        .resolveEndpoint(p -> p.region(r).useFips(fips).useDualStack(dualStack)).join().url();
                case SFN -> SfnEndpointProvider.defaultProvider()
                        .resolveEndpoint(p -> p.region(r).useFips(fips).useDualStack(dualStack)).join().url();
                case SESV2 -> SesV2EndpointProvider.defaultProvider()
                        .resolveEndpoint(p -> p.region(r).useFips(fips).useDualStack(dualStack)).join().url();
                case SECRETS_MANAGER -> SecretsManagerEndpointProvider.defaultProvider()
                        .resolveEndpoint(p -> p.region(r).useFips(fips).useDualStack(dualStack)).join().url();
                case EVENTBRIDGE -> URI.create("https://events" + (fips ? "-fips" : "") + "." + region + "."
                        + (region.startsWith("cn-") ? (dualStack ? "api.amazonwebservices.com.cn" : "amazonaws.com.cn")
                        : (dualStack ? "api.aws" : "amazonaws.com")));
            };
        } catch (CompletionException | IllegalArgumentException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("no " + (fips ? "FIPS " : "") + (fips && dualStack ? "and " : "")
                    + (dualStack ? "dual-stack " : "") + "endpoint for " + service.hostPrefix() + " in " + region
                    + " (" + cause.getMessage() + "): unset AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT, or"
                    + " set " + service.endpointVariable() + " to the endpoint to use", cause);
        }
    }
}
