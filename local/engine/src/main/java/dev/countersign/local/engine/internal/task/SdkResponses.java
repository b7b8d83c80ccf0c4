package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.Map;

/** What Step Functions' optimized integrations add to a service's answer, and how they word a service's refusal. */
final class SdkResponses {
    private SdkResponses() {
    }

    /**
     * Adds {@code SdkHttpMetadata} and {@code SdkResponseMetadata}. The headers come twice, as AWS gives them: in
     * {@code AllHttpHeaders} as lists, in the order given; in {@code HttpHeaders} as values, sorted by name without
     * regard to case.
     */
    static void addMetadata(ObjectNode result, String requestId, int status, ObjectNode headers) {
        ObjectNode http = result.putObject("SdkHttpMetadata");
        ObjectNode all = http.putObject("AllHttpHeaders");
        headers.properties().forEach(e -> all.putArray(e.getKey()).add(e.getValue().asText()));
        ObjectNode sorted = http.putObject("HttpHeaders");
        headers.properties().stream().sorted(Comparator.comparing(Map.Entry::getKey, String.CASE_INSENSITIVE_ORDER))
                .forEach(e -> sorted.set(e.getKey(), e.getValue()));
        http.put("HttpStatusCode", status);
        result.putObject("SdkResponseMetadata").put("RequestId", requestId);
    }

    /** The cause of a refused call, as the AWS SDK for Java words it. */
    static String cause(String message, String service, int status, String errorCode, String requestId) {
        return message + " (Service: " + service + "; Status Code: " + status + "; Error Code: " + errorCode
                + "; Request ID: " + requestId + "; Proxy: null)";
    }
}
