package dev.countersign.store.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How the approval store reaches DynamoDB: one JSON-protocol call (GetItem, PutItem, UpdateItem, Query) with the
 * request and answer documents of DynamoDB's own API ({@code {"TableName": …, "Key": {"pk": {"S": …}}}}). The store
 * builds and reads those documents with one codec; a transport only carries them: over the SDK client
 * ({@link DynamoDbApprovalStore#overSdk}), or over a small signed-HTTP client that saves the review page's cold start
 * the SDK's client machinery ({@link DynamoDbApprovalStore#overHttp}).
 */
public interface DynamoDbTransport {

    /**
     * @throws Failure when DynamoDB refused the call or could not be reached
     */
    JsonNode call(String operation, ObjectNode request);

    /** Where the calls go, for error messages. */
    String endpoint();

    /** A call that did not succeed: DynamoDB's error name (e.g. {@code ConditionalCheckFailedException}). */
    final class Failure extends RuntimeException {
        private final String errorName;

        public Failure(String errorName, String message, Throwable cause) {
            super(message, cause);
            this.errorName = errorName;
        }

        public String errorName() {
            return errorName;
        }

        /** DynamoDB refused a write because its condition did not hold. */
        public boolean conditionFailed() {
            return "ConditionalCheckFailedException".equals(errorName);
        }
    }
}
