package dev.countersign.store.dynamodb;

import dev.countersign.audit.AnchorPublisher;
import dev.countersign.audit.AuditKey;
import dev.countersign.store.dynamodb.internal.SdkTransport;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** For tests outside this package: a store whose writer "dies" after the approval write (it never projects). */
public final class DyingWriters {
    private DyingWriters() {
    }

    /** Writes approval items with their {@code projectionDue} mark and never the list rows. */
    public static DynamoDbApprovalStore neverProjecting(DynamoDbClient client, CountersignTables tables,
                                                       AuditKey auditKey, Clock clock) {
        return new DynamoDbApprovalStore(new SdkTransport(() -> client), tables, auditKey, clock, false,
                AnchorPublisher.OFF);
    }
}
