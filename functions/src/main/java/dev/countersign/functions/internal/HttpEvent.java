package dev.countersign.functions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of an API Gateway HTTP API event (payload format 2.0) the decision function reads, parsed by hand (no
 * event classes, no bean mapping). Header names are lower-cased, as API Gateway delivers them.
 *
 * <p>{@link #toString()} leaves out the path and the body: both can carry a link secret.
 */
public record HttpEvent(String method, String rawPath, Map<String, String> headers, String body,
                        boolean bodyTooLarge) {
    /** Bodies larger than this are not read (the review form is a few kilobytes): {@link #bodyTooLarge()}. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    public static HttpEvent parse(JsonNode event) {
        String method = event.path("requestContext").path("http").path("method").asText("").toUpperCase(Locale.ROOT);
        String rawPath = event.path("rawPath").asText("");
        if (rawPath.isEmpty()) {
            rawPath = event.path("requestContext").path("http").path("path").asText("");
        }
        Map<String, String> headers = new TreeMap<>();
        event.path("headers").properties().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT),
                h.getValue().asText("")));
        JsonNode bodyNode = event.get("body");
        String body = bodyNode == null || bodyNode.isNull() ? "" : bodyNode.asText("");
        if (event.path("isBase64Encoded").asBoolean(false) && !body.isEmpty()) {
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                body = "";
            }
        }
        boolean tooLarge = body.length() > MAX_BODY_BYTES;
        return new HttpEvent(method, rawPath, headers, tooLarge ? "" : body, tooLarge);
    }

    public String header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }

    @Override
    public String toString() {
        return "HttpEvent[method=" + method + ", bodyLength=" + body.length() + "]";
    }
}
