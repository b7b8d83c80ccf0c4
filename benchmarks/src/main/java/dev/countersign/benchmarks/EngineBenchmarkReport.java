package dev.countersign.benchmarks;

/**
 * Every figure of one engine benchmark run.
 *
 * @param throughputDefaultFsync   executions per second of the 10-state machine, engine default fsync (ALWAYS)
 * @param throughputFsyncOff       the same with fsync NEVER
 * @param inProcessLatency         SendTaskSuccess → next state entered, through {@code Engine.sendTaskSuccess}
 * @param httpLatency              the same through the HTTP API with the SfnClient
 * @param pausedExecutions         how many executions were held paused
 * @param baselineHeapBytes        heap after GC with the engine open and nothing paused
 * @param pausedHeapBytes          heap after GC with every execution paused
 * @param openToRecoveredMillis    restart: Engine.open until the engine is idle with every execution recovered
 * @param openToFirstCallMillis    restart: Engine.open until the first API call (DescribeExecution over HTTP) answered
 */
public record EngineBenchmarkReport(double throughputDefaultFsync, double throughputFsyncOff,
                                    LatencyFigure inProcessLatency, LatencyFigure httpLatency, int pausedExecutions,
                                    long baselineHeapBytes, long pausedHeapBytes, double openToRecoveredMillis,
                                    double openToFirstCallMillis) {

    /** Heap held per paused execution: the growth over the empty-engine baseline, divided evenly. */
    public double bytesPerPausedExecution() {
        return (double) (pausedHeapBytes - baselineHeapBytes) / pausedExecutions;
    }
}
