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
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * A small client for the AWS JSON protocols over {@link HttpURLConnection}, signed with {@link RequestSigner}: one
 * POST per operation, the request and response as JSON trees. It speaks the JSON-RPC form (DynamoDB's and Step
 * Functions' 1.0, Secrets Manager's and EventBridge's 1.1: the operation in {@code X-Amz-Target}) and the REST-JSON
 * form of the one SES v2 operation we call (the operation is a path). It exists for cold starts: the SDK's client
 * machinery costs a fresh JVM more than a whole review page or decision (docs/handlers.md, "Cold start"). By default
 * it retries what the SDK retries by default (connection failures, 5xx, throttling); callers that retry on their own,
 * with every attempt recorded, take {@link #withAttempts(int) one attempt}. It checks DynamoDB's CRC32 of the
 * response, and otherwise throws {@link AwsCallException} with the service's error name and message.
 */
public final class AwsJsonClient {
    /**
     * How an AWS JSON service is addressed: its signing name, its content type, and either the target prefix of its
     * operations ({@code X-Amz-Target}) or, for REST-JSON, the path of each operation.
     */
    public record Protocol(String signingName, String targetPrefix, String contentType, Map<String, String> paths) {
        public static final Protocol DYNAMODB = new Protocol("dynamodb", "DynamoDB_20120810",
                "application/x-amz-json-1.0", Map.of());
        public static final Protocol SECRETS_MANAGER = new Protocol("secretsmanager", "secretsmanager",
                "application/x-amz-json-1.1", Map.of());
        public static final Protocol EVENTBRIDGE = new Protocol("events", "AWSEvents",
                "application/x-amz-json-1.1", Map.of());
        public static final Protocol STEP_FUNCTIONS = new Protocol("states", "AWSStepFunctions",
                "application/x-amz-json-1.0", Map.of());
        /** SES v2 (REST-JSON): only {@code SendEmail}, {@code POST /v2/email/outbound-emails}. */
        public static final Protocol SES_V2 = new Protocol("ses", null, "application/json",
                Map.of("SendEmail", "/v2/email/outbound-emails"));

        public Protocol {
            Objects.requireNonNull(signingName, "signingName");
            Objects.requireNonNull(contentType, "contentType");
            paths = Map.copyOf(paths);
            if ((targetPrefix == null) == paths.isEmpty()) {
                throw new IllegalArgumentException("a protocol has either a target prefix or operation paths");
            }
        }
    }

    static final int MAX_ATTEMPTS = 3;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final long BASE_DELAY_MILLIS = 25;
    /** The error names the SDK treats as throttling (besides HTTP 429). */
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "RequestThrottledException", "TooManyRequestsException", "ProvisionedThroughputExceededException",
            "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
            "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
            "EC2ThrottledException");

    private final URI endpoint;
    private final Protocol protocol;
    private final RequestSigner signer;
    private final Supplier<RequestSigner.Credentials> credentials;
    private final Clock clock;
    private final int attempts;

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
        this(endpoint, new RequestSigner(region, protocol.signingName()), protocol, credentials, clock,
                MAX_ATTEMPTS);
    }

    private AwsJsonClient(URI endpoint, RequestSigner signer, Protocol protocol,
                          Supplier<RequestSigner.Credentials> credentials, Clock clock, int attempts) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.signer = signer;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.attempts = attempts;
    }

    /**
     * The same client, trying each call at most {@code attempts} times: 1 for callers that retry on their own
     * ({@code RetryLoop}), so that every attempt is theirs to record and bound.
     */
    public AwsJsonClient withAttempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        return new AwsJsonClient(endpoint, signer, protocol, credentials, clock, attempts);
    }

    /** A named class rather than a lambda: each lambda costs a fresh JVM a generated class on the review page. */
    private record FixedCredentials(RequestSigner.Credentials value) implements Supplier<RequestSigner.Credentials> {
        @Override
        public RequestSigner.Credentials get() {
            return value;
        }
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
     * @throws AwsCallException when the service refused the request, or after as many transient failures as this
     *                          client's attempts ({@value #MAX_ATTEMPTS} unless {@link #withAttempts} said otherwise)
     */
    public JsonNode call(String operation, ObjectNode request) {
        byte[] body = Json.writeUtf8(request);
        AwsCallException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
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
        URI target = target(operation);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", protocol.contentType());
        if (protocol.targetPrefix() != null) {
            headers.put("X-Amz-Target", protocol.targetPrefix() + "." + operation);
        }
        headers.putAll(signer.sign("POST", target, headers, body, clock.instant(), credentials.get()));
        HttpURLConnection connection;
        int status;
        byte[] answer;
        String crc;
        String errorType;
        try {
            connection = (HttpURLConnection) target.toURL().openConnection();
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
            errorType = connection.getHeaderField("x-amzn-ErrorType");
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
            String name = errorName(errorType, json);
            String message = json.hasNonNull("message") ? json.get("message").asText()
                    : json.path("Message").asText("");
            throw new AwsCallException(operation, status, name.isEmpty() ? "Http" + status : name, message,
                    status >= 500 || status == 429 || THROTTLING.contains(name), null);
        }
        return json;
    }

    /** Where an operation is posted: the endpoint itself (JSON-RPC), or the operation's path under it (REST-JSON). */
    private URI target(String operation) {
        if (protocol.targetPrefix() != null) {
            return endpoint;
        }
        String path = protocol.paths().get(operation);
        if (path == null) {
            throw new IllegalArgumentException("this client calls only " + protocol.paths().keySet() + ", not "
                    + operation);
        }
        String base = endpoint.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    /**
     * The error's name as the SDK reads it: the {@code x-amzn-ErrorType} header (REST-JSON; {@code Name:url}), else
     * the body's {@code __type} ({@code namespace#Name}) or {@code code}.
     */
    static String errorName(String header, JsonNode body) {
        String type = header != null && !header.isBlank() ? header : body.path("__type").asText("");
        if (type.isEmpty()) {
            type = body.path("code").asText("");
        }
        int colon = type.indexOf(':');
        if (colon >= 0) {
            type = type.substring(0, colon);
        }
        return type.substring(type.lastIndexOf('#') + 1).trim();
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
