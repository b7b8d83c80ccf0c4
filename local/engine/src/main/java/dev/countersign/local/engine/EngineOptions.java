package dev.countersign.local.engine;

import java.nio.file.Path;
import java.util.Objects;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * How to open an {@link Engine}. Immutable; build with {@link #builder(Path)}.
 *
 * @param dataDirectory   where the journal lives (created if missing); one engine at a time per directory
 * @param clock           time for timestamps and timers; default {@link EngineClock#system()}
 * @param lambdaFunctions the Lambda functions tasks may invoke; default none (every invocation fails with
 *                        {@code Lambda.ResourceNotFoundException})
 * @param dynamoDb        the client DynamoDB integrations use; default null (those tasks fail with
 *                        {@code States.TaskFailed} saying no endpoint is configured)
 * @param listener        notified of every history event once it is durable; default none
 * @param fsyncPolicy     default {@link FsyncPolicy#ALWAYS}
 * @param region          used in ARNs; default {@code us-east-1}
 * @param accountId       used in ARNs; default {@code 123456789012}
 * @param workerThreads   threads that advance executions; default 2
 * @param taskThreads     threads kept ready to run task invocations (Lambda handlers, DynamoDB calls); default 8.
 *                        An invocation never waits for one: when every one is busy (say, with blocking functions),
 *                        another starts, and threads beyond this many end after a minute without work
 * @param jitter          random numbers for Retry {@code JitterStrategy: FULL} only (task tokens always come from
 *                        {@link java.security.SecureRandom}); default a fresh {@link java.util.SplittableRandom}
 */
public record EngineOptions(Path dataDirectory, EngineClock clock, LambdaFunctions lambdaFunctions,
                            DynamoDbClient dynamoDb, EngineListener listener, FsyncPolicy fsyncPolicy, String region,
                            String accountId, int workerThreads, int taskThreads, RandomGenerator jitter) {

    public EngineOptions {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(lambdaFunctions, "lambdaFunctions");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(jitter, "jitter");
        if (workerThreads < 1 || taskThreads < 1) {
            throw new IllegalArgumentException("workerThreads and taskThreads must be at least 1");
        }
    }

    public static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    public Builder toBuilder() {
        return new Builder(dataDirectory).clock(clock).lambdaFunctions(lambdaFunctions).dynamoDb(dynamoDb)
                .listener(listener).fsyncPolicy(fsyncPolicy).region(region).accountId(accountId)
                .workerThreads(workerThreads).taskThreads(taskThreads).jitter(jitter);
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private final Path dataDirectory;
        private EngineClock clock = EngineClock.system();
        private LambdaFunctions lambdaFunctions = LambdaFunctions.none();
        private DynamoDbClient dynamoDb;
        private EngineListener listener = EngineListener.NONE;
        private FsyncPolicy fsyncPolicy = FsyncPolicy.ALWAYS;
        private String region = "us-east-1";
        private String accountId = "123456789012";
        private int workerThreads = 2;
        private int taskThreads = 8;
        private RandomGenerator jitter = new java.util.SplittableRandom();

        private Builder(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
        }

        public Builder clock(EngineClock value) {
            this.clock = value;
            return this;
        }

        public Builder lambdaFunctions(LambdaFunctions value) {
            this.lambdaFunctions = value;
            return this;
        }

        public Builder dynamoDb(DynamoDbClient value) {
            this.dynamoDb = value;
            return this;
        }

        public Builder listener(EngineListener value) {
            this.listener = value;
            return this;
        }

        public Builder fsyncPolicy(FsyncPolicy value) {
            this.fsyncPolicy = value;
            return this;
        }

        public Builder region(String value) {
            this.region = value;
            return this;
        }

        public Builder accountId(String value) {
            this.accountId = value;
            return this;
        }

        public Builder workerThreads(int value) {
            this.workerThreads = value;
            return this;
        }

        public Builder taskThreads(int value) {
            this.taskThreads = value;
            return this;
        }

        public Builder jitter(RandomGenerator value) {
            this.jitter = value;
            return this;
        }

        public EngineOptions build() {
            return new EngineOptions(dataDirectory, clock, lambdaFunctions, dynamoDb, listener, fsyncPolicy, region,
                    accountId, workerThreads, taskThreads, jitter);
        }
    }
}
