package dev.countersign.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointProvider;
import software.amazon.awssdk.services.secretsmanager.endpoints.SecretsManagerEndpointProvider;
import software.amazon.awssdk.services.sesv2.endpoints.SesV2EndpointProvider;
import software.amazon.awssdk.services.sfn.endpoints.SfnEndpointProvider;

class AwsSettingsTest {

    @Test
    void perServiceEndpoint_winsOverTheGlobalOne() {
        AwsSettings settings = AwsSettings.fromEnvironment(Map.of(
                "AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL", "http://localhost:4566",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000",
                "AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:8083"));

        assertThat(settings.endpoint(AwsService.DYNAMODB)).contains(URI.create("http://127.0.0.1:8000"));
        assertThat(settings.endpoint(AwsService.SFN)).contains(URI.create("http://127.0.0.1:8083"));
        assertThat(settings.endpoint(AwsService.SESV2)).contains(URI.create("http://localhost:4566"));
        assertThat(settings.endpoint(AwsService.SECRETS_MANAGER)).contains(URI.create("http://localhost:4566"));
        assertThat(settings.region()).isEqualTo("eu-west-1");
    }

    @Test
    void eachServiceReadsTheSdksOwnVariableName() {
        assertThat(AwsService.DYNAMODB.endpointVariable()).isEqualTo("AWS_ENDPOINT_URL_DYNAMODB");
        assertThat(AwsService.SFN.endpointVariable()).isEqualTo("AWS_ENDPOINT_URL_SFN");
        assertThat(AwsService.SESV2.endpointVariable()).isEqualTo("AWS_ENDPOINT_URL_SESV2");
        assertThat(AwsService.SECRETS_MANAGER.endpointVariable()).isEqualTo("AWS_ENDPOINT_URL_SECRETS_MANAGER");
    }

    @Test
    void noEndpointVariables_meanTheSdkDefaults_andTheDefaultCredentialChain() {
        AwsSettings settings = AwsSettings.fromEnvironment(Map.of("AWS_REGION", "us-west-2"));

        assertThat(settings.endpoints()).isEmpty();
        assertThat(settings.credentials()).isInstanceOf(AwsSettings.Credentials.SdkDefaultChain.class);
    }

    @Test
    void ignoreConfiguredEndpointUrls_turnsTheVariablesOff() {
        AwsSettings settings = AwsSettings.fromEnvironment(Map.of("AWS_REGION", "us-west-2",
                "AWS_ENDPOINT_URL", "http://localhost:4566", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));

        assertThat(settings.endpoints()).isEmpty();
    }

    @Test
    void everyEndpointLocal_givesADefaultRegionAndDummyCredentials() {
        AwsSettings settings = AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000"));

        assertThat(settings.region()).isEqualTo("us-east-1");
        assertThat(settings.credentials()).isInstanceOf(AwsSettings.Credentials.LocalDummy.class);
    }

    @Test
    void credentialsFromTheEnvironmentMap_areUsed_andNeverPrinted() {
        AwsSettings settings = AwsSettings.fromEnvironment(Map.of("AWS_REGION", "eu-central-1",
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "very-secret",
                "AWS_SESSION_TOKEN", "session"));

        assertThat(settings.credentials()).isEqualTo(new AwsSettings.Credentials.FromEnvironment("AKIDEXAMPLE",
                "very-secret", "session"));
        assertThat(settings.toString()).doesNotContain("very-secret");
    }

    @Test
    void missingRegion_forRealAws_saysWhichVariableToSet() {
        assertThatThrownBy(() -> AwsSettings.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_REGION is not set");
    }

    @Test
    void malformedEndpoint_namesTheVariableAndShowsTheExpectedShape() {
        assertThatThrownBy(() -> AwsSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL_DYNAMODB", "localhost:8000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL_DYNAMODB='localhost:8000'")
                .hasMessageContaining("http://127.0.0.1:8000");
    }

    @Test
    void halfOfAKeyPair_isAnError() {
        assertThatThrownBy(() -> AwsSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")))
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY is not set");
    }

    @Test
    void sdkClients_areBuiltWithTheResolvedRegionAndEndpoints_onceEach() {
        try (AwsClients clients = AwsClients.fromEnvironment(Map.of(
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_ENDPOINT_URL", "http://localhost:4566",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"))) {

            assertThat(clients.dynamoDb().serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("http://127.0.0.1:8000"));
            assertThat(clients.dynamoDb().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(clients.dynamoDb()).isSameAs(clients.dynamoDb());
            assertThat(clients.dynamoDbEnhanced()).isSameAs(clients.dynamoDbEnhanced());
        }
    }

    @Test
    void endpointOf_isTheOverride_elseTheRegionalEndpoint() {
        AwsSettings settings = AwsSettings.fromEnvironment(Map.of("AWS_REGION", "cn-north-1",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"));

        assertThat(settings.endpointOf(AwsService.DYNAMODB)).isEqualTo(URI.create("http://127.0.0.1:8000"));
        assertThat(settings.endpointOf(AwsService.SECRETS_MANAGER))
                .isEqualTo(URI.create("https://secretsmanager.cn-north-1.amazonaws.com.cn"));
        assertThat(settings.fips()).isFalse();
        assertThat(settings.dualStack()).isFalse();
    }

    /** Every region the SDK knows, every service the functions call: the host the SDK's own rules give. */
    static Stream<Arguments> regionsAndServices() {
        return Region.regions().stream().filter(r -> !r.isGlobalRegion()).flatMap(r -> Stream.of(
                Arguments.of(r.id(), AwsService.DYNAMODB, sdk(DynamoDbEndpointProvider.defaultProvider()
                        .resolveEndpoint(p -> p.region(r)).join())),
                Arguments.of(r.id(), AwsService.SFN, sdk(SfnEndpointProvider.defaultProvider()
                        .resolveEndpoint(p -> p.region(r)).join())),
                Arguments.of(r.id(), AwsService.SESV2, sdk(SesV2EndpointProvider.defaultProvider()
                        .resolveEndpoint(p -> p.region(r)).join())),
                Arguments.of(r.id(), AwsService.SECRETS_MANAGER, sdk(SecretsManagerEndpointProvider.defaultProvider()
                        .resolveEndpoint(p -> p.region(r)).join()))))
                // The commercial, China and GovCloud partitions (the isolated ones have other DNS suffixes).
                .filter(a -> ((String) a.get()[0]).matches("(us-gov|cn|[a-z]{2})-[a-z]+-[0-9]"));
    }

    private static URI sdk(software.amazon.awssdk.endpoints.Endpoint endpoint) {
        return endpoint.url();
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("regionsAndServices")
    void endpointOf_withoutAnOverride_isWhatTheSdkResolves(String region, AwsService service, URI expected) {
        assertThat(AwsSettings.fromEnvironment(Map.of("AWS_REGION", region)).endpointOf(service))
                .isEqualTo(expected);
    }

    @Test
    void fipsAndDualStack_areResolvedByTheSdksRules_whichDifferByServiceAndPartition() {
        AwsSettings govFips = AwsSettings.fromEnvironment(Map.of("AWS_REGION", "us-gov-west-1",
                "AWS_USE_FIPS_ENDPOINT", "true"));
        AwsSettings dualStack = AwsSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "AWS_USE_DUALSTACK_ENDPOINT", "TRUE"));

        assertThat(govFips.fips()).isTrue();
        // GovCloud's DynamoDB is FIPS at its usual name; SES gets a -fips host.
        assertThat(govFips.endpointOf(AwsService.DYNAMODB))
                .isEqualTo(URI.create("https://dynamodb.us-gov-west-1.amazonaws.com"));
        assertThat(govFips.endpointOf(AwsService.SESV2))
                .isEqualTo(URI.create("https://email-fips.us-gov-west-1.amazonaws.com"));
        assertThat(dualStack.endpointOf(AwsService.SFN)).isEqualTo(URI.create("https://states.eu-west-1.api.aws"));
        assertThat(dualStack.endpointOf(AwsService.EVENTBRIDGE))
                .isEqualTo(URI.create("https://events.eu-west-1.api.aws"));
        // An override still wins.
        assertThat(AwsSettings.fromEnvironment(Map.of("AWS_REGION", "us-east-1", "AWS_USE_FIPS_ENDPOINT", "true",
                "AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:8083")).endpointOf(AwsService.SFN))
                .isEqualTo(URI.create("http://127.0.0.1:8083"));
    }
}
