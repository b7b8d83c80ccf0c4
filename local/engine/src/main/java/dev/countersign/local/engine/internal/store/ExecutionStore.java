package dev.countersign.local.engine.internal.store;

import dev.countersign.local.engine.EngineListener;
import dev.countersign.local.engine.EngineStorageException;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionDoesNotExistException;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.FsyncPolicy;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.internal.Lifecycle;
import dev.countersign.local.engine.internal.Names;
import dev.countersign.local.engine.internal.journal.Journal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The executions and the journal behind them. Every change is a record that is appended and applied to memory under
 * one lock, so memory and journal order agree; replay at open applies the same records through the same code. What a
 * record makes due outside the engine (the listener hearing its events, the follow-ups observers ask for) waits until
 * it is durable. Compaction replaces the journal so far with a snapshot of memory.
 */
public final class ExecutionStore {
    private static final Logger LOG = Logger.getLogger(ExecutionStore.class.getName());
    private static final long SEGMENT_LIMIT = 64L * 1024 * 1024;

    private final StateMachineRegistry machines;
    private final EngineListener listener;
    private final Lifecycle lifecycle;
    private final Executor followUps;
    private List<ExecutionObserver> observers = List.of();
    private Journal journal;
    private final Object appendLock = new Object();
    private final Object closeSignal = new Object();
    private final ReentrantReadWriteLock storage = new ReentrantReadWriteLock();
    private Compaction compaction;

    private final Map<String, ExecutionEntry> executions = new ConcurrentHashMap<>();
    private final Map<Long, ExecutionEntry> byNumber = new ConcurrentHashMap<>();
    private final Map<String, List<ExecutionEntry>> byMachine = new ConcurrentHashMap<>();
    /** Map-run ARN → the execution whose Distributed Map runs it. */
    private final Map<String, ExecutionEntry> mapRuns = new ConcurrentHashMap<>();
    /** Map-run ARN → its child executions, in start order. */
    private final Map<String, List<ExecutionEntry>> byMapRun = new ConcurrentHashMap<>();
    private final AtomicLong nextNumber = new AtomicLong(1);
    /** Where follow-ups of the record being applied go; replay drops them. Guarded by appendLock. */
    private List<Runnable> later;

    /**
     * A store to {@link #open}.
     *
     * @param followUps where follow-ups run once their record is durable (the engine's workers)
     */
    public ExecutionStore(StateMachineRegistry machines, EngineListener listener, Lifecycle lifecycle,
                          Executor followUps) {
        this.machines = machines;
        this.listener = listener;
        this.lifecycle = lifecycle;
        this.followUps = followUps;
    }

    /**
     * Opens the journal under {@code directory} and replays it into memory and into the observers' indexes, which
     * from then on are told of every change; compacts when the journal is large.
     */
    public void open(Path directory, FsyncPolicy fsyncPolicy, List<ExecutionObserver> observers) {
        this.observers = List.copyOf(observers);
        this.journal = Journal.open(directory, fsyncPolicy, SEGMENT_LIMIT, (fileKey, offset, body) -> {
            later = new ArrayList<>();
            apply(body, fileKey, offset);
        });
        later = null;
        compaction = new Compaction(journal, machines);
        if (compaction.due()) {
            compact();
        }
    }

    // ---- reading --------------------------------------------------------------------------------------------------

    /** An execution by ARN; ExecutionDoesNotExist when there is none (the ARN is checked first). */
    public ExecutionEntry execution(String arn) {
        Names.executionArn(arn);
        ExecutionEntry entry = executions.get(arn);
        if (entry == null) {
            throw new ExecutionDoesNotExistException("Execution Does Not Exist: '" + arn + "'");
        }
        return entry;
    }

    /** An execution by ARN, or null. */
    public ExecutionEntry find(String arn) {
        return executions.get(arn);
    }

    /** An execution by number (task tokens carry it), or null. */
    public ExecutionEntry byNumber(long number) {
        return byNumber.get(number);
    }

    /** Every execution, in no particular order. */
    public Iterable<ExecutionEntry> all() {
        return byNumber.values();
    }

    /** The executions of a machine ARN (also of an earlier machine of that name), oldest first. */
    public List<ExecutionEntry> executionsOf(String machineArn) {
        return copy(byMachine.get(machineArn));
    }

    /** The execution that runs a map run, or null. */
    public ExecutionEntry mapRunParent(String mapRunArn) {
        return mapRuns.get(mapRunArn);
    }

    /** The child executions of a map run, oldest first. */
    public List<ExecutionEntry> mapRunChildren(String mapRunArn) {
        return copy(byMapRun.get(mapRunArn));
    }

    private static List<ExecutionEntry> copy(List<ExecutionEntry> list) {
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }

    /** The execution's input (JSON text), from its ExecutionStarted event. */
    public String input(ExecutionEntry entry) {
        storage.readLock().lock();
        try {
            return event(entry, 0).details().path("input").asText();
        } finally {
            storage.readLock().unlock();
        }
    }

    public ExecutionDescription describe(ExecutionEntry entry) {
        storage.readLock().lock();
        try {
            String input = input(entry);
            String output = null;
            if (entry.status() == ExecutionStatus.SUCCEEDED) {
                output = event(entry, entry.eventCount() - 1).details().path("output").asText();
            }
            return new ExecutionDescription(entry.arn(), entry.stateMachine().arn(), entry.name(), entry.status(),
                    entry.startDate(), entry.stopDate(), input, output, entry.error(), entry.cause(),
                    entry.mapRun() == null ? null : entry.mapRun().mapRunArn());
        } finally {
            storage.readLock().unlock();
        }
    }

    /**
     * Events {@code from} (inclusive) to {@code to} (exclusive) in order, or counted backwards from event
     * {@code count - 1} when {@code reverse}.
     */
    public List<HistoryEvent> history(ExecutionEntry entry, int from, int to, int count, boolean reverse) {
        List<HistoryEvent> events = new ArrayList<>(Math.max(0, to - from));
        storage.readLock().lock();
        try {
            for (int i = from; i < to; i++) {
                events.add(event(entry, reverse ? count - 1 - i : i));
            }
        } finally {
            storage.readLock().unlock();
        }
        return events;
    }

    private HistoryEvent event(ExecutionEntry entry, int index) {
        long[] ref = entry.eventRefs(index, index + 1);
        return Records.event(journal.read(ExecutionEntry.fileKey(ref[0]), ExecutionEntry.offset(ref[0]),
                (int) ref[1]));
    }

    /** Reads under the storage lock's shared side, so compaction does not move events meanwhile (a turn does). */
    public void whileStable(Runnable action) {
        storage.readLock().lock();
        try {
            action.run();
        } finally {
            storage.readLock().unlock();
        }
    }

    /** Waits until the execution has closed (or {@code timeout} passes, or the engine closes). */
    public void awaitClosed(ExecutionEntry entry, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (closeSignal) {
            while (entry.status() == ExecutionStatus.RUNNING && System.nanoTime() < deadline
                    && !lifecycle.isClosed()) {
                try {
                    closeSignal.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EngineStorageException("interrupted while stopping " + entry.arn());
                }
            }
        }
    }

    // ---- appending ------------------------------------------------------------------------------------------------

    /** Appends and applies a record that concerns no execution (definitions, state machines). */
    public Journal.Appended append(byte[] body) {
        return append(body, null, List.of());
    }

    /**
     * Appends and applies a record; once it is durable the listener hears {@code events} (of {@code executionArn}),
     * and then the follow-ups it made due run.
     */
    public Journal.Appended append(byte[] body, String executionArn, List<HistoryEvent> events) {
        Journal.Appended appended;
        List<Runnable> due;
        storage.readLock().lock();
        try {
            synchronized (appendLock) {
                appended = appendApplied(body);
                due = takeLater();
            }
        } finally {
            storage.readLock().unlock();
        }
        notifyListener(executionArn, events, appended);
        runLater(appended, due);
        return appended;
    }

    /** A new execution's first record appended and applied (not yet durable). */
    public record Started(ExecutionEntry entry, Journal.Appended appended) {
    }

    /**
     * Appends the first record of a new execution, numbered here: its identity, its ExecutionStarted event and its
     * first inbox item. Call under the lock that makes names unique.
     */
    public Started appendStart(Records.ExecutionIdentity identity, HistoryEvent started, byte[] firstItem) {
        long number = nextNumber.getAndIncrement();
        Records.Encoded record = Records.execution(number, identity, null, List.of(Records.event(started)),
                Map.of(CellKey.inbox(1).text(), firstItem), List.of());
        Journal.Appended appended = append(record.body(), identity.arn(), List.of(started));
        return new Started(byNumber.get(number), appended);
    }

    /**
     * Appends an inbox item (and deletes cells) for a running execution: null when it has closed, or when
     * {@code required} (if given) is no longer there.
     */
    public Journal.Appended appendInbox(ExecutionEntry entry, byte[] item, List<CellKey> deletes, CellKey required) {
        Journal.Appended appended;
        List<Runnable> due;
        storage.readLock().lock();
        try {
            synchronized (appendLock) {
                if (entry.status() != ExecutionStatus.RUNNING || required != null && entry.cell(required) == null) {
                    return null;
                }
                Records.Encoded record = Records.execution(entry.number(), null, null, List.of(),
                        Map.of(entry.nextInboxKey().text(), item), deletes.stream().map(CellKey::text).toList());
                appended = appendApplied(record.body());
                due = takeLater();
            }
        } finally {
            storage.readLock().unlock();
        }
        runLater(appended, due);
        return appended;
    }

    private Journal.Appended appendApplied(byte[] body) {
        later = new ArrayList<>();
        Journal.Appended appended = journal.append(body);
        apply(ByteBuffer.wrap(body), appended.position().fileKey(), appended.position().offset());
        return appended;
    }

    private List<Runnable> takeLater() {
        List<Runnable> due = later;
        later = null;
        return due;
    }

    /** Waits until the record is durable; a journal that cannot be written is EngineStorageException. */
    public void awaitDurable(Journal.Appended appended) {
        try {
            appended.durable().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof EngineStorageException storageFailure) {
                throw storageFailure;
            }
            throw new EngineStorageException("the engine journal cannot be written: " + e.getCause(), e.getCause());
        }
    }

    /** Runs {@code action} once the record is durable (not if the engine closed meanwhile), counted as in flight. */
    public void afterDurable(Journal.Appended appended, Runnable action) {
        lifecycle.begin();
        appended.durable().whenComplete((ignored, failure) -> {
            try {
                if (failure == null && !lifecycle.isClosed()) {
                    action.run();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "engine follow-up action failed", e);
            } finally {
                lifecycle.end();
            }
        });
    }

    private void runLater(Journal.Appended appended, List<Runnable> due) {
        if (!due.isEmpty()) {
            // Off the journal writer's thread: follow-ups append records of their own.
            afterDurable(appended, () -> due.forEach(action -> lifecycle.submit(followUps, action,
                    "engine follow-up for a nested execution")));
        }
    }

    private void notifyListener(String executionArn, List<HistoryEvent> events, Journal.Appended appended) {
        if (listener == EngineListener.NONE || events.isEmpty()) {
            return;
        }
        afterDurable(appended, () -> {
            for (HistoryEvent event : events) {
                try {
                    listener.onHistoryEvent(executionArn, event);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "engine listener failed", e);
                }
            }
        });
    }

    /** True while appends are queued and not yet durable. */
    public boolean writing() {
        return journal.busy();
    }

    // ---- applying (live and replay) -------------------------------------------------------------------------------

    private void apply(ByteBuffer body, long fileKey, long bodyOffset) {
        Records.Decoded decoded = Records.decode(body);
        if (decoded instanceof Records.DefinitionRecord definition) {
            machines.apply(definition);
        } else if (decoded instanceof Records.StateMachineRecord machine) {
            machines.apply(machine);
        } else if (decoded instanceof Records.ExecutionRecord execution) {
            applyExecution(execution, fileKey, bodyOffset);
        }
    }

    private void applyExecution(Records.ExecutionRecord record, long fileKey, long bodyOffset) {
        Consumer<Runnable> due = later::add;
        ExecutionEntry entry = byNumber.get(record.number());
        if (entry == null) {
            Records.ExecutionIdentity identity = record.identity();
            if (identity == null) {
                LOG.warning("engine journal: a record for unknown execution #" + record.number() + " is ignored");
                return;
            }
            entry = new ExecutionEntry(record.number(), identity, machines.machineOf(identity));
            byNumber.put(entry.number(), entry);
            executions.put(entry.arn(), entry);
            byMachine.computeIfAbsent(identity.stateMachineArn(), k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(entry);
            if (identity.mapRun() != null) {
                byMapRun.computeIfAbsent(identity.mapRun().mapRunArn(),
                        k -> Collections.synchronizedList(new ArrayList<>())).add(entry);
            }
            nextNumber.accumulateAndGet(entry.number() + 1, Math::max);
            for (ExecutionObserver observer : observers) {
                observer.started(entry, due);
            }
        }
        for (Records.MapRunState run : record.runs()) {
            entry.putMapRun(run);
            mapRuns.put(run.arn(), entry);
        }
        for (int i = 0; i < record.eventOffsets().length; i++) {
            entry.addEventRef(fileKey, bodyOffset + record.eventOffsets()[i], record.eventLengths()[i]);
        }
        for (Map.Entry<String, byte[]> put : record.puts()) {
            CellKey key = CellKey.parse(put.getKey());
            entry.putCell(key, put.getValue());
            for (ExecutionObserver observer : observers) {
                observer.cellPut(entry, key, put.getValue(), due);
            }
        }
        for (String text : record.deletes()) {
            CellKey key = CellKey.parse(text);
            byte[] removed = entry.removeCell(key);
            if (removed != null) {
                removed(entry, key, removed, due);
            }
        }
        Records.ExecutionClosing closing = record.closing();
        if (closing != null && closing.status() != ExecutionStatus.RUNNING) {
            for (CellKey key : entry.keys()) {
                removed(entry, key, entry.cell(key), due);
            }
            entry.clearCells();
            entry.close(closing.status(), closing.stopDate(), closing.error(), closing.cause());
            for (ExecutionObserver observer : observers) {
                observer.closed(entry, due);
            }
            synchronized (closeSignal) {
                closeSignal.notifyAll();
            }
        }
    }

    private void removed(ExecutionEntry entry, CellKey key, byte[] value, Consumer<Runnable> due) {
        for (ExecutionObserver observer : observers) {
            observer.cellRemoved(entry, key, value, due);
        }
    }

    // ---- compaction -----------------------------------------------------------------------------------------------

    /** Compacts in the background when enough has been appended since the last snapshot. */
    public void maybeCompact() {
        compaction.whenDue(this::compact);
    }

    /** Replaces the journal so far with a snapshot of the current state (appends wait meanwhile). */
    public void compact() {
        storage.writeLock().lock();
        try {
            compaction.snapshot(byNumber.values());
        } finally {
            storage.writeLock().unlock();
        }
    }

    // ---- closing --------------------------------------------------------------------------------------------------

    /** Writes what is queued and closes the journal (after the maintenance thread finishes a compaction). */
    public void close() {
        synchronized (closeSignal) {
            closeSignal.notifyAll();
        }
        compaction.close();
        journal.close();
    }

    /** Drops what is queued, as a crash would. */
    public void abandon() {
        compaction.abandon();
        journal.abandon();
    }

    /** For tests and the benchmark's memory report. */
    public String statistics() {
        return "executions=" + byNumber.size() + " running=" + byNumber.values().stream()
                .filter(e -> e.status() == ExecutionStatus.RUNNING).count();
    }
}
