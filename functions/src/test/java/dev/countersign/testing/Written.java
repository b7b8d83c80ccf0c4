package dev.countersign.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.Transition;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditKey;
import java.time.Clock;
import java.util.List;

/** What a store does with a transition, without a store: sign its entries onto the chain and append them. */
public final class Written {
    private final AuditChain chain = new AuditChain(new AuditKey(new byte[AuditKey.MIN_BYTES], "test"));
    private final Clock clock;

    public Written(Clock clock) {
        this.clock = clock;
    }

    /** {@code before} (null for a new approval) after {@code transition}, which must be a write. */
    public ApprovalRecord after(ApprovalRecord before, Transition<?> transition) {
        assertThat(transition).isInstanceOf(Transition.Write.class);
        Transition.Write<?> write = (Transition.Write<?>) transition;
        List<AuditEvent> signed = chain.extend(write.next().approvalId().value(),
                before == null ? 0 : before.auditCount(), before == null ? null : before.lastHash(), clock.instant(),
                write.entries());
        return write.next().afterWrite(signed, 0, clock.instant());
    }
}
