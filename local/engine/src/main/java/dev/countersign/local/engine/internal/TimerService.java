package dev.countersign.local.engine.internal;

import dev.countersign.local.engine.EngineClock;
import dev.countersign.local.engine.internal.run.Cell;
import dev.countersign.local.engine.internal.store.CellKey;
import dev.countersign.local.engine.internal.store.ExecutionEntry;
import dev.countersign.local.engine.internal.store.ExecutionObserver;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Every armed timer of every running execution, in one priority queue watched by one thread. A timer is only an
 * index of a timer cell (the cell is the truth, on disk), kept as cells are applied; re-arming a key replaces it, and a
 * fired timer whose cell changed meanwhile is ignored by the interpreter. Time comes from the {@link EngineClock}: a
 * manual clock's jump wakes the thread at once.
 */
final class TimerService implements ExecutionObserver {
    private record Timer(long at, ExecutionEntry entry, CellKey key, long sequence) {
    }

    private record Slot(long number, CellKey key) {
    }

    private final EngineClock clock;
    private final BiConsumer<ExecutionEntry, CellKey> fire;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> a.at != b.at
            ? Long.compare(a.at, b.at) : Long.compare(a.sequence, b.sequence));
    private final Map<Slot, Timer> armed = new HashMap<>();
    private final Thread thread;
    private long sequence;
    private boolean stopped;
    /** Timers taken from the queue and not yet handed to their execution. */
    private int firing;

    /** {@code fire} hears each timer that falls due, on the timer thread. */
    TimerService(EngineClock clock, BiConsumer<ExecutionEntry, CellKey> fire) {
        this.clock = clock;
        this.fire = fire;
        this.thread = new Thread(this::run, "engine-timers");
        this.thread.setDaemon(true);
        clock.onJump(this::wake);
    }

    void start() {
        thread.start();
    }

    @Override
    public void cellPut(ExecutionEntry execution, CellKey key, byte[] value, Consumer<Runnable> later) {
        if (key.kind() == CellKey.Kind.TIMER) {
            arm(execution, key, ((Cell.Timer) Cell.decode(key, value)).at());
        }
    }

    @Override
    public void cellRemoved(ExecutionEntry execution, CellKey key, byte[] value, Consumer<Runnable> later) {
        if (key.kind() == CellKey.Kind.TIMER) {
            disarm(execution, key);
        }
    }

    private synchronized void arm(ExecutionEntry entry, CellKey key, long at) {
        Timer timer = new Timer(at, entry, key, sequence++);
        armed.put(new Slot(entry.number(), key), timer);
        queue.add(timer);
        notifyAll();
    }

    private synchronized void disarm(ExecutionEntry entry, CellKey key) {
        armed.remove(new Slot(entry.number(), key));
    }

    /** True when a timer is due now but has not been handed to its execution yet. */
    synchronized boolean hasDue() {
        purge();
        Timer first = queue.peek();
        return firing > 0 || first != null && first.at <= clock.now().toEpochMilli();
    }

    synchronized int size() {
        return armed.size();
    }

    private synchronized void wake() {
        notifyAll();
    }

    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    private void purge() {
        Timer first;
        while ((first = queue.peek()) != null && armed.get(new Slot(first.entry.number(), first.key)) != first) {
            queue.poll();
        }
    }

    private void run() {
        while (true) {
            Timer due;
            synchronized (this) {
                while (true) {
                    if (stopped) {
                        return;
                    }
                    purge();
                    Timer first = queue.peek();
                    long now = clock.now().toEpochMilli();
                    if (first != null && first.at <= now) {
                        due = queue.poll();
                        armed.remove(new Slot(due.entry.number(), due.key));
                        firing++;
                        break;
                    }
                    long wait = first == null ? 1_000 : Math.min(first.at - now, 1_000);
                    try {
                        wait(Math.max(wait, 1));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            try {
                fire.accept(due.entry, due.key);
            } finally {
                synchronized (this) {
                    firing--;
                }
            }
        }
    }
}
