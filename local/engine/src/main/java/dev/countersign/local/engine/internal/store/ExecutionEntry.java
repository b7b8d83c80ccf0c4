package dev.countersign.local.engine.internal.store;

import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.internal.task.NestedExecutions.StartedBy;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One execution as the engine holds it in memory: identity and status, where its history events are in the journal
 * (not the events themselves), and while it runs, its runtime cells as serialized bytes (keyed by their text, as in
 * journal records; {@code run.Cell} is their one codec). A paused execution is just this: a few hundred bytes plus
 * its cells; nothing is parsed until a signal arrives.
 */
public final class ExecutionEntry {
    private final long number;
    private final String arn;
    private final String name;
    private final StateMachineEntry stateMachine;
    private final String definitionKey;
    private final String roleArn;
    private final Instant startDate;
    private final byte[] inputHash;
    private final StartedBy startedBy;
    private final Records.MapRunMember mapRun;

    private volatile ExecutionStatus status = ExecutionStatus.RUNNING;
    private volatile Instant stopDate;
    private volatile String error;
    private volatile String cause;

    /** Pairs of (file key << 40 | offset, length), one pair per history event. Guarded by this. */
    private long[] eventRefs = new long[16];
    private int eventCount;
    /** Guarded by this. Keyed by {@link CellKey#text()}, sorted so inbox cells come out in arrival order. */
    private final TreeMap<String, byte[]> cells = new TreeMap<>();
    private int inboxSequence;

    private final ConcurrentLinkedQueue<CellKey> dueTimers = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /** The map runs of this execution's Distributed Maps, by ARN in start order. Guarded by this. */
    private final Map<String, Records.MapRunState> mapRuns = new LinkedHashMap<>();

    ExecutionEntry(long number, Records.ExecutionIdentity identity, StateMachineEntry stateMachine) {
        this(number, identity.arn(), identity.name(), stateMachine, identity.definitionKey(), identity.roleArn(),
                identity.startDate(), identity.inputHash(), identity.startedBy(), identity.mapRun());
    }

    private ExecutionEntry(long number, String arn, String name, StateMachineEntry stateMachine, String definitionKey,
                           String roleArn, Instant startDate, byte[] inputHash, StartedBy startedBy,
                           Records.MapRunMember mapRun) {
        this.number = number;
        this.arn = arn;
        this.name = name;
        this.stateMachine = stateMachine;
        this.definitionKey = definitionKey;
        this.roleArn = roleArn;
        this.startDate = startDate;
        this.inputHash = inputHash;
        this.startedBy = startedBy;
        this.mapRun = mapRun;
    }

    public long number() {
        return number;
    }

    public String arn() {
        return arn;
    }

    public String name() {
        return name;
    }

    public StateMachineEntry stateMachine() {
        return stateMachine;
    }

    public String definitionKey() {
        return definitionKey;
    }

    public String roleArn() {
        return roleArn;
    }

    public Instant startDate() {
        return startDate;
    }

    public byte[] inputHash() {
        return inputHash;
    }

    /** The task attempt that started this execution through {@code states:startExecution}, else null. */
    public StartedBy startedBy() {
        return startedBy;
    }

    /** For a child execution of a Distributed Map: its map run and how many items it takes; else null. */
    public Records.MapRunMember mapRun() {
        return mapRun;
    }

    /** Who this execution is, as its first record (and a snapshot) holds it. */
    Records.ExecutionIdentity identity() {
        return new Records.ExecutionIdentity(arn, name, stateMachine.arn(), definitionKey, roleArn, startDate,
                inputHash, startedBy, mapRun);
    }

    /** The map runs of this execution's Distributed Maps, in start order. */
    public synchronized List<Records.MapRunState> mapRuns() {
        return new ArrayList<>(mapRuns.values());
    }

    /** A map run of this execution, or null. */
    public synchronized Records.MapRunState mapRun(String mapRunArn) {
        return mapRuns.get(mapRunArn);
    }

    synchronized void putMapRun(Records.MapRunState run) {
        mapRuns.put(run.arn(), run);
    }

    public ExecutionStatus status() {
        return status;
    }

    public Instant stopDate() {
        return stopDate;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    void close(ExecutionStatus closedStatus, Instant closedAt, String closedError, String closedCause) {
        this.error = closedError;
        this.cause = closedCause;
        this.stopDate = closedAt;
        this.status = closedStatus;
    }

    // ---- history references ----------------------------------------------------------------------------------

    synchronized void addEventRef(long fileKey, long offset, int length) {
        if (eventCount * 2 + 2 > eventRefs.length) {
            eventRefs = Arrays.copyOf(eventRefs, eventRefs.length * 2);
        }
        eventRefs[eventCount * 2] = (fileKey << 40) | offset;
        eventRefs[eventCount * 2 + 1] = length;
        eventCount++;
    }

    synchronized void replaceEventRefs(long[] refs, int count) {
        this.eventRefs = refs;
        this.eventCount = count;
    }

    /** How many history events are journalled. */
    public synchronized int eventCount() {
        return eventCount;
    }

    /** A copy of the references of events [from, to). */
    synchronized long[] eventRefs(int from, int to) {
        return Arrays.copyOfRange(eventRefs, from * 2, to * 2);
    }

    static long fileKey(long ref) {
        return ref >>> 40;
    }

    static long offset(long ref) {
        return ref & ((1L << 40) - 1);
    }

    // ---- runtime cells ----------------------------------------------------------------------------------------

    /** The cell's bytes, or null when the execution has no such cell. */
    public synchronized byte[] cell(CellKey key) {
        return cells.get(key.text());
    }

    /** The cells of one kind, in key order (for the inbox: arrival order). */
    public synchronized List<Map.Entry<CellKey, byte[]>> cells(CellKey.Kind kind) {
        List<Map.Entry<CellKey, byte[]>> found = new ArrayList<>();
        for (Map.Entry<String, byte[]> cell : cells.subMap(kind.prefix(), kind.prefix() + Character.MAX_VALUE)
                .entrySet()) {
            found.add(new AbstractMap.SimpleImmutableEntry<>(CellKey.parse(cell.getKey()), cell.getValue()));
        }
        return found;
    }

    public synchronized boolean hasCells(CellKey.Kind kind) {
        return !cells.subMap(kind.prefix(), kind.prefix() + Character.MAX_VALUE).isEmpty();
    }

    /** Every cell, keyed by its text (what a snapshot writes). */
    synchronized Map<String, byte[]> allCells() {
        return new TreeMap<>(cells);
    }

    /** The keys of every cell. */
    public synchronized List<CellKey> keys() {
        return cells.keySet().stream().map(CellKey::parse).toList();
    }

    synchronized void putCell(CellKey key, byte[] value) {
        cells.put(key.text(), value);
    }

    synchronized byte[] removeCell(CellKey key) {
        return cells.remove(key.text());
    }

    synchronized void clearCells() {
        cells.clear();
    }

    /** The key for the next inbox cell; keys sort by arrival. */
    synchronized CellKey nextInboxKey() {
        int highest = inboxSequence;
        Map.Entry<String, byte[]> last = cells.subMap(CellKey.Kind.INBOX.prefix(), true,
                CellKey.Kind.INBOX.prefix() + Character.MAX_VALUE, true).lastEntry();
        if (last != null) {
            highest = Math.max(highest, Integer.parseInt(CellKey.parse(last.getKey()).name()));
        }
        inboxSequence = highest + 1;
        return CellKey.inbox(inboxSequence);
    }

    // ---- scheduling -----------------------------------------------------------------------------------------------

    /** Claims the right to run this execution's turns; false when a worker already has it. */
    public boolean claimTurns() {
        return scheduled.compareAndSet(false, true);
    }

    public void releaseTurns() {
        scheduled.set(false);
    }

    /** A timer of this execution fell due; its next turn takes it. */
    public void timerDue(CellKey key) {
        dueTimers.add(key);
    }

    /** The timers that fell due since the last call. */
    public List<CellKey> takeDueTimers() {
        List<CellKey> due = new ArrayList<>();
        for (CellKey key; (key = dueTimers.poll()) != null; ) {
            due.add(key);
        }
        return due;
    }

    public boolean hasDueTimers() {
        return !dueTimers.isEmpty();
    }
}
