package dev.countersign.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Region, endpoints and credentials for every AWS client, resolved once from an environment map.
 *
 * <p>Endpoint precedence per service: {@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL}, then the
 * SDK's regional default; {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true} turns both variables off, as in the SDK.
 *
 * <p>A service without an override is called at its regional endpoint: {@code https://<prefix>.<region>.amazonaws.com}
 * ({@code .amazonaws.com.cn} in China), or, when {@code AWS_USE_FIPS_ENDPOINT} or {@code AWS_USE_DUALSTACK_ENDPOINT}
 * is {@code true}, the endpoint the SDK's own endpoint rules give for that service ({@link #endpointOf}).
 *
 * @param region      the AWS region name
 * @param endpoints   the services whose endpoint is overridden (absent: the SDK's default endpoint)
 * @param credentials where credentials come from
 * @param fips        {@code AWS_USE_FIPS_ENDPOINT=true}: FIPS endpoints
 * @param dualStack   {@code AWS_USE_DUALSTACK_ENDPOINT=true}: dual-stack (IPv6) endpoints
 */
public record AwsSettings(String region, Map<AwsService, URI> endpoints, Credentials credentials, boolean fips,
                          boolean dualStack) {

    /** Access key used when every endpoint is local and no credentials are configured: local servers ignore it. */
    public static final String LOCAL_ACCESS_KEY = "countersign-local";

    public AwsSettings {
        endpoints = Collections.unmodifiableMap(endpoints.isEmpty()
                ? new EnumMap<>(AwsService.class) : new EnumMap<>(endpoints));
    }

    /** Where the SDK clients get credentials. */
    public sealed interface Credentials {
        /** Keys from the environment map (what Lambda provides). */
        record FromEnvironment(String accessKeyId, String secretAccessKey, String sessionToken) implements Credentials {
            @Override
            public String toString() {
                return "FromEnvironment[accessKeyId=" + accessKeyId + ", secret=<redacted>]";
            }
        }

        /** Fixed dummy keys for local endpoints (dynalite, the local engine, LocalStack), which do not check them. */
        record LocalDummy() implements Credentials {
        }

        /** The SDK's default chain (profile, container, instance role...). */
        record SdkDefaultChain() implements Credentials {
        }
    }

    public static AwsSettings fromEnvironment(Map<String, String> env) {
        Map<AwsService, URI> endpoints = new EnumMap<>(AwsService.class);
        boolean ignoreEndpoints = "true".equalsIgnoreCase(value(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").orElse(""));
        if (!ignoreEndpoints) {
            Optional<URI> global = value(env, "AWS_ENDPOINT_URL").map(v -> endpoint("AWS_ENDPOINT_URL", v));
            for (AwsService service : AwsService.values()) {
                String variable = service.endpointVariable();
                Optional<URI> specific = value(env, variable).map(v -> endpoint(variable, v));
                specific.or(() -> global).ifPresent(uri -> endpoints.put(service, uri));
            }
        }
        boolean allLocal = endpoints.size() == AwsService.values().length
                && endpoints.values().stream().allMatch(AwsSettings::isLoopback);
        String region = value(env, "AWS_REGION").or(() -> value(env, "AWS_DEFAULT_REGION"))
                .orElseGet(() -> {
                    if (allLocal) {
                        return "us-east-1";
                    }
                    throw new IllegalArgumentException("AWS_REGION is not set: set AWS_REGION to the region of the"
                            + " Countersign stack (for example AWS_REGION=eu-west-1); Lambda sets it for you");
                });
        if (!region.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("AWS_REGION='" + region + "' is not a region name: use a name like"
                    + " eu-west-1");
        }
        Optional<String> accessKey = value(env, "AWS_ACCESS_KEY_ID");
        Optional<String> secretKey = value(env, "AWS_SECRET_ACCESS_KEY");
        if (accessKey.isPresent() != secretKey.isPresent()) {
            throw new IllegalArgumentException((accessKey.isPresent() ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID")
                    + " is not set but its partner is: set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or"
                    + " neither");
        }
        Credentials credentials;
        if (accessKey.isPresent()) {
            credentials = new Credentials.FromEnvironment(accessKey.get(), secretKey.get(),
                    value(env, "AWS_SESSION_TOKEN").orElse(null));
        } else if (allLocal) {
            credentials = new Credentials.LocalDummy();
        } else {
            credentials = new Credentials.SdkDefaultChain();
        }
        return new AwsSettings(region, endpoints, credentials, flag(env, "AWS_USE_FIPS_ENDPOINT"),
                flag(env, "AWS_USE_DUALSTACK_ENDPOINT"));
    }


    /** The overridden endpoint of a service, if any. */
    public Optional<URI> endpoint(AwsService service) {
        return Optional.ofNullable(endpoints.get(service));
    }

    /**
     * Where a service is called: its override, else its regional endpoint, else (FIPS or dual-stack asked for) the
     * endpoint the SDK's rules for that service give — those rules differ from service to service and partition to
     * partition, so they are asked rather than copied.
     */
    public URI endpointOf(AwsService service) {
        URI configured = endpoints.get(service);
        if (configured != null) {
            return configured;
        }
        if (fips || dualStack) {
            return SdkEndpointRules.resolve(service, region, fips, dualStack);
        }
        return URI.create("https://" + service.hostPrefix() + "." + region
                + (region.startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com"));
    }

    private static boolean flag(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && v.trim().equalsIgnoreCase("true");
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static URI endpoint(String variable, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(variable + "='" + value + "' is not a URL (" + e.getReason()
                    + "): write it like http://127.0.0.1:8000 or https://dynamodb.eu-west-1.amazonaws.com");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(variable + "='" + value + "' is not an absolute http(s) URL with a"
                    + " host: write it like http://127.0.0.1:8000");
        }
        return uri;
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1")
                || host.equals("localhost.localstack.cloud");
    }
}
