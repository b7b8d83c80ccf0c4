package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What Step Functions' optimized integrations add to a service's answer, and how they word a service's refusal. */
final class SdkResponses {
    private SdkResponses() {
    }

    /** Adds {@code SdkHttpMetadata} (headers twice: as lists and as values) and {@code SdkResponseMetadata}. */
    static void addMetadata(ObjectNode result, String requestId, int status, ObjectNode headers) {
        ObjectNode http = result.putObject("SdkHttpMetadata");
        ObjectNode all = http.putObject("AllHttpHeaders");
        headers.properties().forEach(e -> all.putArray(e.getKey()).add(e.getValue().asText()));
        http.set("HttpHeaders", headers);
        http.put("HttpStatusCode", status);
        result.putObject("SdkResponseMetadata").put("RequestId", requestId);
    }

    /** The cause of a refused call, as the AWS SDK for Java words it. */
    static String cause(String message, String service, int status, String errorCode, String requestId) {
        return message + " (Service: " + service + "; Status Code: " + status + "; Error Code: " + errorCode
                + "; Request ID: " + requestId + "; Proxy: null)";
    }
}
