package dev.countersign.store.dynamodb.internal;

import dev.countersign.store.dynamodb.CountersignTables;

/**
 * The outbox bookkeeping an approval item carries beside the approval itself (see docs/data-design.md, "Projections
 * and how they stay consistent"). Each may be absent (null) on an item, and stays absent when a write leaves it alone.
 *
 * @param projectedSeq          the last audit seq whose event item was written
 * @param inboxVersion          the version at which the set of people with the approval pending last changed
 * @param projectedInboxVersion the inbox version last projected
 * @param projectionDue         {@code due} while projections lag behind the item
 */
public record ProjectionMarks(Integer projectedSeq, Long inboxVersion, Long projectedInboxVersion,
                              String projectionDue) {

    /** True when the item is marked for projection. */
    public boolean due() {
        return CountersignTables.DUE.equals(projectionDue);
    }
}
