package dev.countersign.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalStoreException;
import dev.countersign.audit.AnchorPublisher;
import dev.countersign.aws.RetryPolicy;
import dev.countersign.store.dynamodb.internal.SdkTransport;
import dev.countersign.testing.ApprovalRequests;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.MutableClock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A passing outage of DynamoDB is retried in the store and then reported as {@link Countersign.StoreUnavailable}, the
 * error the gate's steps retry for minutes and the pages answer 503 for; anything else stays an
 * {@link ApprovalStoreException}, which fails the gate.
 */
class StoreOutageTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final ApprovalId SOME = ApprovalId.forKey(new ApprovalKey(
            "arn:aws:states:us-east-1:123456789012:execution:w:nowhere", "gate"));
    private final MutableClock clock = MutableClock.at("2026-11-24T09:00:00Z");

    @Test
    void anUnreachableStore_isAPassingOutage_namingWhatCouldNotBeDoneAndWhere() throws Exception {
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort());
        try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(nowhere).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("l", "l"))).build()) {
            DynamoDbApprovalStore store = DynamoDbApprovalStore.overSdk(client, dynalite.tables(),
                    dynalite.auditKey(), clock, AnchorPublisher.OFF).retrying(RetryPolicy.immediate(2));

            assertThatThrownBy(() -> store.get(SOME))
                    .isInstanceOf(Countersign.StoreUnavailable.class)
                    .hasMessageContaining("could not read approval ap_")
                    .hasMessageContaining(nowhere.toString())
                    .hasMessageContaining("retried")
                    .satisfies(e -> assertThat(((ApprovalStoreException) e).transientFailure()).isTrue());
        }
    }

    @Test
    void aFailureThatPasses_isRetriedInTheStore_andTheCallerNeverSeesIt() {
        AtomicInteger calls = new AtomicInteger();
        SdkTransport real = new SdkTransport(dynalite::client);
        // The first call fails as a dropped connection would (nothing else provokes one on demand).
        DynamoDbTransport flaky = new DynamoDbTransport() {
            @Override
            public JsonNode call(String operation, ObjectNode request) {
                if (calls.getAndIncrement() == 0) {
                    throw new Failure("SdkClientException", "Connection reset", true, null);
                }
                return real.call(operation, request);
            }

            @Override
            public String endpoint() {
                return real.endpoint();
            }
        };
        DynamoDbApprovalStore store = new DynamoDbApprovalStore(flaky, dynalite.tables(), dynalite.auditKey(), clock,
                AnchorPublisher.OFF).retrying(RetryPolicy.immediate(3));

        ApprovalId id = store.create(ApprovalRequests.request(clock, "refunds", "ann@example.com")).approval()
                .approvalId();

        assertThat(store.get(id)).isPresent();
        assertThat(calls.get()).isGreaterThan(1);
    }

    @Test
    void aRefusalThatWouldRepeat_isNotAnOutage() {
        DynamoDbApprovalStore store = DynamoDbApprovalStore.overSdk(dynalite.client(),
                CountersignTables.named("no-such-table"), dynalite.auditKey(), clock, AnchorPublisher.OFF);

        assertThatThrownBy(() -> store.get(SOME))
                .isInstanceOf(ApprovalStoreException.class)
                .isNotInstanceOf(Countersign.StoreUnavailable.class)
                .hasMessageContaining("ResourceNotFoundException")
                .hasMessageContaining("check the table exists");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
