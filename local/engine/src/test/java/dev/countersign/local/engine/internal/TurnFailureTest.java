package dev.countersign.local.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.FsyncPolicy;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.internal.journal.Journal;
import dev.countersign.local.engine.internal.store.Records;
import dev.countersign.local.engine.internal.store.StateMachineRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 1, in general: any unexpected exception in a turn fails the execution with States.Runtime and a
 * cause that names it, and is logged — never a turn abandoned silently with the execution left RUNNING. Provoked
 * here by a data directory whose stored definition no longer parses (as after an upgrade that refuses it).
 */
class TurnFailureTest {
    private static final String WAITER = """
            {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}""";

    @TempDir
    Path directory;
    final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    final Logger schedulerLog = Logger.getLogger(TurnScheduler.class.getName());
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        schedulerLog.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        schedulerLog.removeHandler(capture);
    }

    @Test
    void aTurnThatThrows_failsTheExecutionWithStatesRuntime_andIsLogged() {
        EngineUnderTest engine = new EngineUnderTest(directory);
        String execution = engine.start(engine.machine(WAITER), "{}");
        engine.idle();
        engine.close();
        // The stored definition is replaced by one that no longer parses.
        Journal journal = Journal.open(directory.resolve("journal"), FsyncPolicy.ALWAYS, 64L * 1024 * 1024,
                (fileKey, offset, body) -> { });
        journal.append(Records.definition(StateMachineRegistry.key(WAITER), "{\"StartAt\": \"Gone\", \"States\": {}}"));
        journal.close();

        engine.openAgain();
        try {
            engine.advance(Duration.ofSeconds(61));

            ExecutionDescription done = engine.describe(execution);
            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(done.error()).isEqualTo("States.Runtime");
            assertThat(done.cause()).startsWith("Internal error in the local engine: java.lang.IllegalStateException:"
                    + " a stored definition no longer parses");
            assertThat(engine.types(execution)).endsWith(HistoryEventType.ExecutionFailed.name());
            assertThat(logged).anySatisfy(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(record.getMessage()).contains(execution);
                assertThat(record.getThrown()).isInstanceOf(IllegalStateException.class);
            });
        } finally {
            engine.close();
        }
    }
}
