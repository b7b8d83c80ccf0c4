package dev.countersign.local.engine.internal.store;

import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.internal.journal.Journal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Replaces the journal so far with a snapshot of memory — every definition still in use, every state machine
 * (deleted ones that executions refer to, too), every execution with its whole history and cells — once more than
 * max(64 MiB, the last snapshot) has been appended since the last one. Runs on its own thread.
 */
final class Compaction {
    private static final Logger LOG = Logger.getLogger(Compaction.class.getName());
    private static final long THRESHOLD = 64L * 1024 * 1024;

    private final Journal journal;
    private final StateMachineRegistry machines;
    private final ExecutorService maintenance = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "engine-maintenance");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long lastSnapshotSize;

    Compaction(Journal journal, StateMachineRegistry machines) {
        this.journal = journal;
        this.machines = machines;
    }

    boolean due() {
        return journal.bytesSinceSnapshot() > Math.max(THRESHOLD, lastSnapshotSize);
    }

    /** Runs {@code compact} on the maintenance thread when a snapshot is due and none is being written. */
    void whenDue(Runnable compact) {
        if (due() && running.compareAndSet(false, true)) {
            try {
                maintenance.execute(() -> {
                    try {
                        compact.run();
                    } catch (RuntimeException e) {
                        LOG.log(Level.SEVERE, "engine journal compaction failed; the journal keeps growing", e);
                    } finally {
                        running.set(false);
                    }
                });
            } catch (RuntimeException rejected) {
                running.set(false);
            }
        }
    }

    /**
     * Writes the snapshot and points the executions' history at it. The caller keeps appends and reads of history
     * out meanwhile (the store's storage lock, held exclusively).
     */
    void snapshot(Collection<ExecutionEntry> executions) {
        Map<ExecutionEntry, long[]> refs = new IdentityHashMap<>();
        long[] size = {0};
        journal.snapshot(sink -> {
            Set<String> inUse = new HashSet<>();
            executions.stream().filter(e -> e.status() == ExecutionStatus.RUNNING)
                    .forEach(e -> inUse.add(e.definitionKey()));
            size[0] += machines.writeSnapshot(sink, inUse);
            List<ExecutionEntry> all = new ArrayList<>(executions);
            all.sort(Comparator.comparingLong(ExecutionEntry::number));
            for (ExecutionEntry entry : all) {
                int count = entry.eventCount();
                List<byte[]> events = new ArrayList<>(count);
                long[] old = entry.eventRefs(0, count);
                for (int i = 0; i < count; i++) {
                    events.add(journal.read(ExecutionEntry.fileKey(old[i * 2]), ExecutionEntry.offset(old[i * 2]),
                            (int) old[i * 2 + 1]));
                }
                Records.Encoded record = Records.execution(entry.number(), entry.identity(), closing(entry),
                        entry.mapRuns(), events, entry.allCells(), List.of());
                Journal.Position position = sink.write(record.body());
                size[0] += record.body().length;
                long[] updated = new long[Math.max(16, count * 2)];
                for (int i = 0; i < count; i++) {
                    updated[i * 2] = (position.fileKey() << 40) | (position.offset() + record.eventOffsets()[i]);
                    updated[i * 2 + 1] = record.eventLengths()[i];
                }
                refs.put(entry, updated);
            }
            sink.write(Records.snapshotEnd(all.size()));
        });
        refs.forEach((entry, updated) -> entry.replaceEventRefs(updated, entry.eventCount()));
        lastSnapshotSize = size[0];
    }

    private static Records.ExecutionClosing closing(ExecutionEntry entry) {
        return entry.status() == ExecutionStatus.RUNNING ? null
                : new Records.ExecutionClosing(entry.status(), entry.stopDate(), entry.error(), entry.cause());
    }

    /** Lets a compaction in progress finish. */
    void close() {
        maintenance.shutdown();
        try {
            maintenance.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void abandon() {
        maintenance.shutdownNow();
    }
}
