package dev.countersign.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.testing.Case;
import dev.countersign.testing.Generator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** The same request signed by {@link RequestSigner} and by the SDK's own SigV4 signer gives the same headers. */
class RequestSignerTest {
    record Request(URI uri, String region, String service, Map<String, String> headers, byte[] body, Instant at,
                   RequestSigner.Credentials credentials) {
    }

    static Stream<Case<Request>> requests() {
        return Generator.cases(0x516_4E4, 200, g -> {
            URI uri = URI.create(g.oneOf("https://dynamodb.eu-west-1.amazonaws.com",
                    "https://dynamodb.eu-west-1.amazonaws.com/", "http://127.0.0.1:8000", "http://localhost:4566/",
                    "https://secretsmanager.us-east-1.amazonaws.com:443", "http://[::1]:8000/",
                    "https://proxy.example.com:8443/dynamo%20db/x~y", "http://127.0.0.1:80/",
                    "https://email.eu-west-1.amazonaws.com/v2/email/outbound-emails",
                    "http://127.0.0.1:8080/v2/email/outbound-emails", "https://states.us-east-1.amazonaws.com"));
            String service = g.oneOf("dynamodb", "secretsmanager", "states", "ses", "events");
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", service.equals("dynamodb") ? "application/x-amz-json-1.0"
                    : "application/x-amz-json-1.1");
            headers.put("X-Amz-Target", g.oneOf("DynamoDB_20120810.GetItem", "DynamoDB_20120810.UpdateItem",
                    "secretsmanager.GetSecretValue"));
            if (g.chance(0.3)) {
                headers.put("X-Custom-Spaced", "  a   b  c ");
            }
            byte[] body = g.anyText(g.between(0, 3000)).getBytes(StandardCharsets.UTF_8);
            Instant at = Instant.ofEpochSecond(g.between(946_684_800L, 4_102_444_800L));
            RequestSigner.Credentials credentials = new RequestSigner.Credentials("AKID" + g.between(0, 99999),
                    g.string(40, 40, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/+"),
                    g.chance(0.5) ? g.string(100, 400, "abcdefABCDEF0123456789/+=") : null);
            return new Request(uri, g.oneOf("us-east-1", "eu-west-1", "cn-north-1", "ap-southeast-2"), service,
                    headers, body, at, credentials);
        });
    }

    @ParameterizedTest
    @MethodSource("requests")
    void sign_givesTheSdkSignersHeaders(Case<Request> c) {
        Request r = c.value();

        Map<String, String> ours = new RequestSigner(r.region(), r.service()).sign("POST", r.uri(), r.headers(),
                r.body(), r.at(), r.credentials());

        SignedRequest sdk = sdkSign(r);
        assertThat(ours.get("Authorization")).as(c.toString())
                .isEqualTo(sdk.request().firstMatchingHeader("Authorization").orElseThrow());
        assertThat(ours.get("X-Amz-Date")).as(c.toString())
                .isEqualTo(sdk.request().firstMatchingHeader("X-Amz-Date").orElseThrow());
        assertThat(ours.get("X-Amz-Content-Sha256")).as(c.toString())
                .isEqualTo(sdk.request().firstMatchingHeader("x-amz-content-sha256").orElseThrow());
        assertThat(ours.get("X-Amz-Security-Token")).as(c.toString())
                .isEqualTo(sdk.request().firstMatchingHeader("X-Amz-Security-Token").orElse(null));
    }

    @Test
    void amzDate_isTheBasicIsoFormInUtc() {
        assertThat(RequestSigner.amzDate(Instant.parse("2026-01-02T03:04:05.999Z"))).isEqualTo("20260102T030405Z");
        assertThat(RequestSigner.amzDate(Instant.parse("0999-12-31T23:59:59Z"))).isEqualTo("09991231T235959Z");
    }

    @Test
    void host_carriesThePortOnlyWhenItIsNotTheSchemesDefault() {
        assertThat(RequestSigner.host(URI.create("https://a.example:443/"))).isEqualTo("a.example");
        assertThat(RequestSigner.host(URI.create("http://a.example:80"))).isEqualTo("a.example");
        assertThat(RequestSigner.host(URI.create("http://a.example:443"))).isEqualTo("a.example:443");
        assertThat(RequestSigner.host(URI.create("http://127.0.0.1:8000"))).isEqualTo("127.0.0.1:8000");
    }

    @Test
    void sign_refusesAQueryString_whichItDoesNotCanonicalise() {
        assertThatThrownBy(() -> new RequestSigner("us-east-1", "dynamodb").sign("POST",
                URI.create("https://dynamodb.us-east-1.amazonaws.com/?a=b"), Map.of(), new byte[0], Instant.EPOCH,
                new RequestSigner.Credentials("a", "b", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query string");
    }

    @Test
    void credentials_neverPrintTheSecretOrTheToken() {
        assertThat(new RequestSigner.Credentials("AKIDPRINTED", "s3cr3t-value", "t0ken-value").toString())
                .contains("AKIDPRINTED").doesNotContain("s3cr3t-value").doesNotContain("t0ken-value");
    }

    private static SignedRequest sdkSign(Request r) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(r.uri());
        r.headers().forEach(request::putHeader);
        AwsCredentialsIdentity identity = r.credentials().sessionToken() == null
                ? AwsCredentialsIdentity.create(r.credentials().accessKeyId(), r.credentials().secretAccessKey())
                : AwsSessionCredentialsIdentity.create(r.credentials().accessKeyId(),
                        r.credentials().secretAccessKey(), r.credentials().sessionToken());
        return AwsV4HttpSigner.create().sign(s -> s.identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(r.body()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, r.service())
                .putProperty(AwsV4HttpSigner.REGION_NAME, r.region())
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(r.at(), ZoneOffset.UTC)));
    }
}
