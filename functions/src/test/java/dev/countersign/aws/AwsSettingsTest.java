package dev.countersign.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

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
    void clients_areBuiltWithTheResolvedRegionAndEndpoints_onceEach() {
        try (AwsClients clients = AwsClients.fromEnvironment(Map.of(
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_ENDPOINT_URL", "http://localhost:4566",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"))) {

            assertThat(clients.dynamoDb().serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("http://127.0.0.1:8000"));
            assertThat(clients.dynamoDb().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(clients.sfn().serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("http://localhost:4566"));
            assertThat(clients.sesV2().serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("http://localhost:4566"));
            assertThat(clients.dynamoDb()).isSameAs(clients.dynamoDb());
            assertThat(clients.dynamoDbEnhanced()).isSameAs(clients.dynamoDbEnhanced());
        }
    }
}
