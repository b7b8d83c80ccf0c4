package dev.countersign.local.runtime;

import java.util.ArrayDeque;
import java.util.Deque;

/** Closes what was opened, newest first; a failure to close one part does not keep the others open. */
final class Closer {
    private final Deque<Runnable> steps = new ArrayDeque<>();
    private boolean closed;

    synchronized void add(Runnable step) {
        steps.push(step);
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!steps.isEmpty()) {
            try {
                steps.pop().run();
            } catch (RuntimeException e) {
                System.err.println("countersign: while stopping: " + e);
            }
        }
    }
}
