package dev.countersign.local.engine.internal;

import dev.countersign.local.engine.EngineClock;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;

/**
 * Every armed timer of every running execution, in one priority queue watched by one thread. A timer is only an
 * index of a {@code t:} cell (the cell is the truth, on disk); re-arming a key replaces it, and a fired timer whose cell
 * changed meanwhile is ignored by the interpreter. Time comes from the {@link EngineClock}: a manual clock's jump wakes
 * the thread at once.
 */
final class TimerService {
    private record Timer(long at, ExecutionEntry entry, String key, long sequence) {
    }

    private record Slot(long number, String key) {
    }

    private final EngineClock clock;
    private final BiConsumer<ExecutionEntry, String> fire;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> a.at != b.at
            ? Long.compare(a.at, b.at) : Long.compare(a.sequence, b.sequence));
    private final Map<Slot, Timer> armed = new HashMap<>();
    private final Thread thread;
    private long sequence;
    private boolean stopped;

    TimerService(EngineClock clock, BiConsumer<ExecutionEntry, String> fire) {
        this.clock = clock;
        this.fire = fire;
        this.thread = new Thread(this::run, "engine-timers");
        this.thread.setDaemon(true);
        clock.onJump(this::wake);
    }

    void start() {
        thread.start();
    }

    synchronized void arm(ExecutionEntry entry, String key, long at) {
        Timer timer = new Timer(at, entry, key, sequence++);
        armed.put(new Slot(entry.number(), key), timer);
        queue.add(timer);
        notifyAll();
    }

    synchronized void disarm(ExecutionEntry entry, String key) {
        armed.remove(new Slot(entry.number(), key));
    }

    /** True when a timer is due now but has not been handed to its execution yet. */
    synchronized boolean hasDue() {
        purge();
        Timer first = queue.peek();
        return first != null && first.at <= clock.now().toEpochMilli();
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
            fire.accept(due.entry, due.key);
        }
    }
}
