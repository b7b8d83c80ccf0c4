package dev.countersign.local.engine;

/** When the journal forces written records to the storage device. */
public enum FsyncPolicy {
    /**
     * Group commit: a change is acknowledged (API call returns, task invoked, listener told) only after the journal
     * has been written and {@code fsync}ed. Survives kill -9 and power loss.
     */
    ALWAYS,
    /**
     * The journal is written to the operating system before acknowledging, but never forced. Survives kill -9 of the
     * engine's process (the kernel keeps the pages), not a power loss or kernel crash. For tests and benchmarks.
     */
    NEVER
}
