package dev.countersign.store.dynamodb;

import dev.countersign.approval.ApprovalStoreContract;
import dev.countersign.testing.DynaliteExtension;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract against the DynamoDB store on dynalite (through the SDK transport). */
class DynamoDbApprovalStoreTest extends ApprovalStoreContract<DynamoDbApprovalStore> {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    @Override
    protected DynamoDbApprovalStore newStore(Clock clock) {
        return dynalite.store(clock);
    }
}
