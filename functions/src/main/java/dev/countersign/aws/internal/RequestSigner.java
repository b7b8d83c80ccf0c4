package dev.countersign.aws.internal;

import dev.countersign.core.crypto.HmacSha256;
import dev.countersign.core.crypto.Sha256;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * AWS Signature Version 4 for one service in one region, for requests without a query string (the JSON protocols:
 * DynamoDB, Secrets Manager): the JDK's HMAC and SHA-256, nothing of the SDK. The SDK's own signer gives the same
 * {@code Authorization} header for the same request (RequestSignerTest checks that).
 */
public final class RequestSigner {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final String region;
    private final String service;
    private volatile SigningKey signingKey;

    /**
     * @param region  the region name, e.g. {@code eu-west-1}
     * @param service the signing name, e.g. {@code dynamodb}, {@code secretsmanager}
     */
    public RequestSigner(String region, String service) {
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
    }

    /** Access keys to sign with; {@code sessionToken} is null for long-term keys. Never printed. */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        public Credentials {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String toString() {
            return "Credentials[accessKeyId=" + accessKeyId + ", secret=<redacted>]";
        }
    }

    /**
     * Signs a request and returns the headers to add to it, as the SDK's signer adds them:
     * {@code X-Amz-Content-Sha256}, {@code X-Amz-Date}, {@code X-Amz-Security-Token} (with a session token) and
     * {@code Authorization}. Every header in {@code headers} is signed, and {@code host} is added from the URI when
     * absent, written as HTTP clients send it (the port only when it is not the scheme's default).
     *
     * @param method  the HTTP method, e.g. POST
     * @param uri     the request's URI (its path, if any, is the canonical path; a query string is not supported)
     * @param headers the headers the request will carry, other than the ones this adds
     * @param body    the exact bytes of the body
     * @param now     the signing time
     */
    public Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body, Instant now,
                                    Credentials credentials) {
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException("a query string is not supported by this signer: " + uri);
        }
        String amzDate = amzDate(now);
        String date = amzDate.substring(0, 8);
        TreeMap<String, String> canonical = new TreeMap<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            canonical.put(header.getKey().toLowerCase(Locale.ROOT), canonicalValue(header.getValue()));
        }
        String payloadHash = HEX.formatHex(sha256(body));
        canonical.putIfAbsent("host", host(uri));
        canonical.put("x-amz-content-sha256", payloadHash);
        canonical.put("x-amz-date", amzDate);
        if (credentials.sessionToken() != null) {
            canonical.put("x-amz-security-token", canonicalValue(credentials.sessionToken()));
        }
        StringBuilder request = new StringBuilder(512).append(method).append('\n').append(canonicalPath(uri))
                .append("\n\n");
        for (Map.Entry<String, String> header : canonical.entrySet()) {
            request.append(header.getKey()).append(':').append(header.getValue()).append('\n');
        }
        String signedHeaders = String.join(";", canonical.keySet());
        request.append('\n').append(signedHeaders).append('\n').append(payloadHash);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String toSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + HEX.formatHex(sha256(request.toString().getBytes(StandardCharsets.UTF_8)));
        String signature = HEX.formatHex(signingKey(date, credentials.secretAccessKey()).mac(
                toSign.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> added = new TreeMap<>();
        added.put("X-Amz-Content-Sha256", payloadHash);
        added.put("X-Amz-Date", amzDate);
        if (credentials.sessionToken() != null) {
            added.put("X-Amz-Security-Token", credentials.sessionToken());
        }
        added.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        return added;
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'} in UTC (by hand: a formatter costs a cold start more than the rest of this). */
    static String amzDate(Instant now) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(now.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(16);
        pad(out, t.getYear(), 4);
        pad(out, t.getMonthValue(), 2);
        pad(out, t.getDayOfMonth(), 2);
        out.append('T');
        pad(out, t.getHour(), 2);
        pad(out, t.getMinute(), 2);
        pad(out, t.getSecond(), 2);
        return out.append('Z').toString();
    }

    private static void pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }

    /** The Host header as HTTP clients send it: the port only when it differs from the scheme's default. */
    public static String host(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (port == 443 && "https".equalsIgnoreCase(uri.getScheme()))
                || (port == 80 && "http".equalsIgnoreCase(uri.getScheme()));
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }

    /** The URI-encoded path, encoded twice as every service except S3 expects; empty is "/". */
    static String canonicalPath(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            return "/";
        }
        return encodePath(path);
    }

    private static String encodePath(String rawPath) {
        StringBuilder out = new StringBuilder(rawPath.length());
        for (byte b : rawPath.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c == '/' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX.toHexDigits(b).toUpperCase(Locale.ROOT));
            }
        }
        return out.toString();
    }

    /** Trimmed, with runs of spaces folded into one (without a regular expression, for the same reason). */
    private static String canonicalValue(String value) {
        String v = value.strip();
        if (!v.contains("  ")) {
            return v;
        }
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != ' ' || out.charAt(out.length() - 1) != ' ') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The day's signing key (four HMACs from the secret key), kept while the date and the secret stay the same, as
     * the SDK's signer keeps it: a function signs every call of an invocation on the same day with the same keys.
     */
    private HmacSha256 signingKey(String date, String secretAccessKey) {
        SigningKey current = signingKey;
        if (current == null || !current.date().equals(date) || !current.secret().equals(secretAccessKey)) {
            byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
            key = hmac(key, region);
            key = hmac(key, service);
            key = hmac(key, "aws4_request");
            current = new SigningKey(date, secretAccessKey, new HmacSha256(key));
            signingKey = current;
        }
        return current.key();
    }

    private record SigningKey(String date, String secret, HmacSha256 key) {
        @Override
        public String toString() {
            return "SigningKey[" + date + "]";
        }
    }

    private static byte[] sha256(byte[] bytes) {
        return Sha256.hash(bytes);
    }

    private static byte[] hmac(byte[] key, String data) {
        return HmacSha256.mac(key, data.getBytes(StandardCharsets.UTF_8));
    }
}
