package dev.countersign.benchmarks;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the cold-start benchmark runs.
 *
 * @param runs               timed fresh JVMs per program (interleaved: one of each program per round)
 * @param warmupRounds       rounds run first and not counted (page cache, dynalite's own JIT)
 * @param lambdaJar          the shaded Lambda jar ({@code functions/target/*-lambda.jar})
 * @param naiveSdkDefaultJar the naive baseline with the SDK's default HTTP client
 * @param naiveUrlJar        the naive baseline with url-connection-client
 * @param oneCore            pin every measured JVM to one core with {@code taskset} (Lambda gives one vCPU at 1,769 MB)
 * @param classLoads         after the timed rounds, run each program once more with {@code -Xlog:class+load} and
 *                           print where its classes came from ({@link ClassLoadProfile})
 */
public record ColdStartParameters(int runs, int warmupRounds, Path lambdaJar, Path naiveSdkDefaultJar,
                                  Path naiveUrlJar, boolean oneCore, boolean classLoads) {
    public ColdStartParameters {
        if (runs < 1 || warmupRounds < 0) {
            throw new IllegalArgumentException("runs must be at least 1 and warm-up rounds at least 0, got runs="
                    + runs + " warmup=" + warmupRounds);
        }
        Objects.requireNonNull(lambdaJar, "lambdaJar");
        Objects.requireNonNull(naiveSdkDefaultJar, "naiveSdkDefaultJar");
        Objects.requireNonNull(naiveUrlJar, "naiveUrlJar");
    }

    public ColdStartParameters withRuns(int value) {
        return new ColdStartParameters(value, warmupRounds, lambdaJar, naiveSdkDefaultJar, naiveUrlJar, oneCore,
                classLoads);
    }

    public ColdStartParameters withLambdaJar(Path value) {
        return new ColdStartParameters(runs, warmupRounds, value, naiveSdkDefaultJar, naiveUrlJar, oneCore,
                classLoads);
    }

    public ColdStartParameters withNaiveSdkDefaultJar(Path value) {
        return new ColdStartParameters(runs, warmupRounds, lambdaJar, value, naiveUrlJar, oneCore,
                classLoads);
    }

    public ColdStartParameters withNaiveUrlJar(Path value) {
        return new ColdStartParameters(runs, warmupRounds, lambdaJar, naiveSdkDefaultJar, value, oneCore,
                classLoads);
    }

    public ColdStartParameters withOneCore(boolean value) {
        return new ColdStartParameters(runs, warmupRounds, lambdaJar, naiveSdkDefaultJar, naiveUrlJar, value,
                classLoads);
    }

    public ColdStartParameters withWarmupRounds(int value) {
        return new ColdStartParameters(runs, value, lambdaJar, naiveSdkDefaultJar, naiveUrlJar, oneCore,
                classLoads);
    }

    public ColdStartParameters withClassLoads(boolean value) {
        return new ColdStartParameters(runs, warmupRounds, lambdaJar, naiveSdkDefaultJar, naiveUrlJar, oneCore, value);
    }
}
