package dev.countersign.benchmarks;

/**
 * How much work one run of the engine benchmark does.
 *
 * @param throughputExecutions executions of the 10-state machine timed per fsync policy (after the warm-up)
 * @param warmupExecutions     executions run first and not timed, per measurement
 * @param latencySamples       callbacks timed through the in-process API
 * @param httpLatencySamples   callbacks timed through the HTTP API with the SfnClient
 * @param pausedExecutions     executions held paused for the memory and restart figures
 * @param clientThreads        threads starting executions concurrently (group commit needs concurrent writers)
 */
public record EngineBenchmarkParameters(int throughputExecutions, int warmupExecutions, int latencySamples,
                                        int httpLatencySamples, int pausedExecutions, int clientThreads) {

    public EngineBenchmarkParameters {
        if (throughputExecutions < 1 || warmupExecutions < 0 || latencySamples < 1 || httpLatencySamples < 1
                || pausedExecutions < 1 || clientThreads < 1) {
            throw new IllegalArgumentException("every count must be at least 1 (the warm-up at least 0)");
        }
    }

    /** The figures DESIGN.md asks for: 10,000 paused executions, enough samples for a stable p99. */
    public static EngineBenchmarkParameters standard() {
        return new EngineBenchmarkParameters(2_000, 300, 1_000, 500, 10_000, 8);
    }

    public EngineBenchmarkParameters withThroughputExecutions(int value) {
        return new EngineBenchmarkParameters(value, warmupExecutions, latencySamples, httpLatencySamples,
                pausedExecutions, clientThreads);
    }

    public EngineBenchmarkParameters withWarmupExecutions(int value) {
        return new EngineBenchmarkParameters(throughputExecutions, value, latencySamples, httpLatencySamples,
                pausedExecutions, clientThreads);
    }

    public EngineBenchmarkParameters withLatencySamples(int value) {
        return new EngineBenchmarkParameters(throughputExecutions, warmupExecutions, value, httpLatencySamples,
                pausedExecutions, clientThreads);
    }

    public EngineBenchmarkParameters withHttpLatencySamples(int value) {
        return new EngineBenchmarkParameters(throughputExecutions, warmupExecutions, latencySamples, value,
                pausedExecutions, clientThreads);
    }

    public EngineBenchmarkParameters withPausedExecutions(int value) {
        return new EngineBenchmarkParameters(throughputExecutions, warmupExecutions, latencySamples,
                httpLatencySamples, value, clientThreads);
    }
}
