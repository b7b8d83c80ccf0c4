package dev.countersign.store.dynamodb;

import dev.countersign.audit.AuditKey;
import java.time.Clock;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** For tests outside this package: a store whose writer "dies" after the approval write (it never projects). */
public final class DyingWriters {
    private DyingWriters() {
    }

    /** Writes approval items with their {@code projectionDue} mark and never the list rows. */
    public static DynamoDbApprovalStore neverProjecting(DynamoDbClient client, DynamoDbEnhancedClient enhanced,
                                                       CountersignTables tables, AuditKey auditKey, Clock clock) {
        return new DynamoDbApprovalStore(client, enhanced, tables, auditKey, clock, false);
    }
}
