package dev.countersign.audit;

import java.util.List;

/**
 * Publishes a chain's state outside the table after a write, so that a later truncation or rewrite of the trail by
 * someone who can write the table is caught by {@link AuditChain#verifyPublished} (docs/data-design.md).
 *
 * <p>Best effort: the write it anchors has already succeeded, and the next write anchors the chain again. An
 * implementation never throws; it reports a failure its own way (the functions log a warning).
 */
public interface AnchorPublisher {

    /** Publishing off (no bus configured): nothing is published. */
    AnchorPublisher OFF = new AnchorPublisher() {
        @Override
        public void publish(AuditAnchor anchor) {
        }

        @Override
        public String toString() {
            return "AnchorPublisher.OFF";
        }
    };

    void publish(AuditAnchor anchor);

    /**
     * Publishes the anchor of a write that appended {@code written} (in order) to the chain, unless the write is not
     * worth an anchor: it appended nothing, or only page views (VIEWED), which the review page records on its lean
     * path (docs/handlers.md) and which the next state-changing write anchors with the rest of the chain.
     */
    default void afterWrite(List<AuditEvent> written) {
        if (written.isEmpty() || this == OFF) {
            return;
        }
        boolean onlyViews = true;
        for (AuditEvent event : written) {
            if (!AuditEventType.VIEWED.name().equals(event.type())) {
                onlyViews = false;
                break;
            }
        }
        if (!onlyViews) {
            publish(AuditAnchor.of(written.get(written.size() - 1)));
        }
    }
}
