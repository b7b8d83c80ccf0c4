package dev.countersign.functions.internal;

import dev.countersign.audit.AuditAnchor;
import dev.countersign.audit.eventbridge.EventBridgeAnchorPublisher;
import dev.countersign.functions.JsonLog;

/**
 * An anchor that could not be published becomes a warning with the approval id and seq: the decision or callback it
 * followed stands, and the approval's next write publishes the chain's state again.
 */
public final class AnchorWarnings implements EventBridgeAnchorPublisher.Failures {
    private final JsonLog log;
    private final String bus;

    public AnchorWarnings(JsonLog log, String bus) {
        this.log = log;
        this.bus = bus;
    }

    @Override
    public void notPublished(AuditAnchor anchor, String reason) {
        log.warn("audit anchor not published; the approval's next write publishes the chain again",
                "approvalId", anchor.approvalId(), "seq", anchor.seq(), "eventBus", bus, "reason", reason);
    }
}
