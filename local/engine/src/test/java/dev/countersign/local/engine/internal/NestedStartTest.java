package dev.countersign.local.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.local.engine.EngineUnderTest;
import dev.countersign.local.engine.ExecutionAlreadyExistsException;
import dev.countersign.local.engine.ExecutionStart;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.internal.task.NestedExecutions.StartedBy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's hook for {@code states:startExecution}: an invocation the engine runs again after a crash must find the
 * child its attempt started, even one that has already ended, and never start a second (or fail on the name).
 */
class NestedStartTest {
    static final String CHILD = "arn:aws:states:us-east-1:123456789012:stateMachine:child";
    static final String PARENT = "arn:aws:states:us-east-1:123456789012:execution:parent:p1";

    @TempDir
    Path directory;

    @Test
    void theAttemptThatStartedAChild_getsItBack_evenAfterItEnded_andAcrossARestart_whileAnotherAttemptIsRefused() {
        try (EngineUnderTest engine = new EngineUnderTest(directory)) {
            engine.engine().createStateMachine("child", """
                    {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}""", null);
            StartedBy attempt = new StartedBy(PARENT, "a1", false);
            ExecutionStart first = ((LocalEngine) engine.engine()).startNested(CHILD, "order-1", "{}", attempt);
            engine.idle();
            assertThat(engine.describe(first.executionArn()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

            engine.crashAndReopen();
            LocalEngine reopened = (LocalEngine) engine.engine();

            assertThat(reopened.startNested(CHILD, "order-1", "{}", attempt)).isEqualTo(first);
            assertThatThrownBy(() -> reopened.startNested(CHILD, "order-1", "{}", new StartedBy(PARENT, "a2", false)))
                    .isInstanceOf(ExecutionAlreadyExistsException.class);
            assertThat(engine.engine().listExecutions(CHILD, null, 10, null).items()).hasSize(1);
        }
    }
}
