package dev.countersign.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.aws.AwsService;
import dev.countersign.aws.AwsSettings;
import dev.countersign.core.json.InvalidJsonException;
import dev.countersign.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * A small client for the AWS JSON protocols (DynamoDB's 1.0, Secrets Manager's and EventBridge's 1.1) over {@link HttpURLConnection},
 * signed with {@link RequestSigner}: one POST per operation, the request and response as JSON trees. It exists for
 * cold starts: the SDK's client machinery costs a fresh JVM more than the whole review page (docs/handlers.md). It
 * retries what the SDK retries by default (connection failures, 5xx, throttling), checks DynamoDB's CRC32 of the
 * response, and otherwise throws {@link AwsCallException} with the service's error name and message.
 */
public final class AwsJsonClient {
    /** How an AWS JSON service is addressed: its signing name, target prefix and protocol version. */
    public record Protocol(String signingName, String targetPrefix, String contentType) {
        public static final Protocol DYNAMODB = new Protocol("dynamodb", "DynamoDB_20120810",
                "application/x-amz-json-1.0");
        public static final Protocol SECRETS_MANAGER = new Protocol("secretsmanager", "secretsmanager",
                "application/x-amz-json-1.1");
        public static final Protocol EVENTBRIDGE = new Protocol("events", "AWSEvents",
                "application/x-amz-json-1.1");
    }

    static final int MAX_ATTEMPTS = 3;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final long BASE_DELAY_MILLIS = 25;

    private final URI endpoint;
    private final Protocol protocol;
    private final RequestSigner signer;
    private final Supplier<RequestSigner.Credentials> credentials;
    private final Clock clock;

    public AwsJsonClient(URI endpoint, String region, Protocol protocol, RequestSigner.Credentials credentials,
                         Clock clock) {
        this(endpoint, region, protocol, new FixedCredentials(Objects.requireNonNull(credentials, "credentials")),
                clock);
    }

    /**
     * A client whose credentials are asked for at each call (for credentials that expire and are refreshed, such as
     * the SDK's default chain).
     */
    public AwsJsonClient(URI endpoint, String region, Protocol protocol,
                         Supplier<RequestSigner.Credentials> credentials, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.signer = new RequestSigner(region, protocol.signingName());
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A named class rather than a lambda: each lambda costs a fresh JVM a generated class on the review page. */
    private record FixedCredentials(RequestSigner.Credentials value) implements Supplier<RequestSigner.Credentials> {
        @Override
        public RequestSigner.Credentials get() {
            return value;
        }
    }

    /**
     * A service's endpoint: {@code AWS_ENDPOINT_URL[_<SERVICE>]} when set (see {@link AwsSettings}), else the
     * regional endpoint {@code https://<prefix>.<region>.amazonaws.com} ({@code .amazonaws.com.cn} in China).
     *
     * @param hostPrefix the service's endpoint prefix, e.g. {@code dynamodb}
     */
    public static URI endpoint(AwsSettings settings, AwsService service, String hostPrefix) {
        URI configured = settings.endpoints().get(service);
        if (configured != null) {
            return configured;
        }
        return URI.create("https://" + hostPrefix + "." + settings.region()
                + (settings.region().startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com"));
    }

    /** The endpoint this client calls. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Calls one operation.
     *
     * @param operation e.g. {@code GetItem}
     * @param request   the operation's request document
     * @return the response document ({@code {}} when the service answered with an empty body)
     * @throws AwsCallException when the service refused the request, or after {@value #MAX_ATTEMPTS} transient
     *                          failures
     */
    public JsonNode call(String operation, ObjectNode request) {
        byte[] body = Json.write(request).getBytes(StandardCharsets.UTF_8);
        AwsCallException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            try {
                return send(operation, body);
            } catch (AwsCallException e) {
                if (!e.transientFailure()) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private JsonNode send(String operation, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", protocol.contentType());
        headers.put("X-Amz-Target", protocol.targetPrefix() + "." + operation);
        headers.putAll(signer.sign("POST", endpoint, headers, body, clock.instant(), credentials.get()));
        HttpURLConnection connection;
        int status;
        byte[] answer;
        String crc;
        try {
            connection = (HttpURLConnection) endpoint.toURL().openConnection();
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setReadTimeout(READ_TIMEOUT_MILLIS);
            connection.setUseCaches(false);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            for (Map.Entry<String, String> header : headers.entrySet()) {
                connection.setRequestProperty(header.getKey(), header.getValue());
            }
            connection.setRequestProperty("Accept-Encoding", "identity");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            answer = stream == null ? new byte[0] : readAll(stream);
            crc = connection.getHeaderField("x-amz-crc32");
        } catch (IOException e) {
            throw new AwsCallException(operation, 0, "ConnectionFailure", e.getClass().getSimpleName() + ": "
                    + e.getMessage(), true, e);
        }
        if (crc != null && !crc.equals(Long.toString(crc32(answer)))) {
            throw new AwsCallException(operation, status, "Crc32Mismatch", "the response's CRC32 does not match"
                    + " its x-amz-crc32 header", true, null);
        }
        JsonNode json;
        try {
            json = answer.length == 0 ? Json.object() : Json.parse(new String(answer, StandardCharsets.UTF_8));
        } catch (InvalidJsonException e) {
            throw new AwsCallException(operation, status, "InvalidResponse", "the response is not JSON (HTTP "
                    + status + ")", status >= 500, e);
        }
        if (status >= 300) {
            String type = json.path("__type").asText("");
            String name = type.substring(type.lastIndexOf('#') + 1);
            String message = json.hasNonNull("message") ? json.get("message").asText()
                    : json.path("Message").asText("");
            throw new AwsCallException(operation, status, name.isEmpty() ? "Http" + status : name, message,
                    status >= 500 || isThrottling(name), null);
        }
        return json;
    }

    private static boolean isThrottling(String errorName) {
        return errorName.equals("ThrottlingException") || errorName.equals("ProvisionedThroughputExceededException")
                || errorName.equals("RequestLimitExceeded") || errorName.equals("TooManyRequestsException");
    }

    private static byte[] readAll(InputStream stream) throws IOException {
        try (InputStream in = stream) {
            return in.readAllBytes();
        }
    }

    private static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    /** Full-jitter backoff, as the SDK's default: up to 25 ms, then 50 ms. */
    private static void pause(int attempt) {
        long bound = BASE_DELAY_MILLIS << (attempt - 2);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsCallException("retry", 0, "Interrupted", "interrupted while retrying", false, e);
        }
    }
}
