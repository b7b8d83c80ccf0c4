package dev.countersign.testing;

import dev.countersign.approval.ApprovalStoreContract;
import dev.countersign.audit.AuditKey;
import java.time.Clock;

/** The store contract against the in-memory store: the fast tests' store behaves as the real one does. */
class InMemoryApprovalStoreTest extends ApprovalStoreContract<InMemoryApprovalStore> {
    @Override
    protected InMemoryApprovalStore newStore(Clock clock) {
        return new InMemoryApprovalStore(new AuditKey(new byte[AuditKey.MIN_BYTES], "in-memory"), clock);
    }
}
