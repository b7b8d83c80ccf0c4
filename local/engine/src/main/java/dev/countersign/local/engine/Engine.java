package dev.countersign.local.engine;

import dev.countersign.local.engine.internal.LocalEngine;
import java.time.Duration;
import java.util.List;

/**
 * The embedded Step Functions engine: the facade the HTTP API, the {@code countersign} runtime, the tests and the
 * benchmark call. One engine owns one data directory; {@link #open(EngineOptions)} recovers every execution that
 * was running there (paused executions stay paused, timers that fell due while the engine was down fire at once).
 *
 * <p>Every method is thread-safe. Methods that change state return only once the change is durable (journalled under
 * the options' {@link FsyncPolicy}). Errors are {@link EngineException} subclasses whose
 * {@link EngineException#errorType()} is the AWS error name ({@code ExecutionAlreadyExists}, …); the message says what
 * was wrong and what to do.
 *
 * <p>ARNs look like AWS's: {@code arn:aws:states:<region>:<account>:stateMachine:<name>} and
 * {@code arn:aws:states:<region>:<account>:execution:<stateMachineName>:<executionName>}, with the region and account
 * from the options.
 */
public interface Engine extends AutoCloseable {

    /**
     * Opens (creating if needed) the engine on {@link EngineOptions#dataDirectory()}, recovers its executions and
     * starts its worker threads.
     *
     * @throws EngineStorageException when the directory cannot be used (locked by another engine, unreadable, or a
     *                                journal record in the middle of the journal is corrupt); the message says what to do
     */
    static Engine open(EngineOptions options) {
        return LocalEngine.open(options);
    }

    // ---- state machines ------------------------------------------------------------------------------------------

    /**
     * Creates a STANDARD state machine. Idempotent like AWS: creating one again with the same name, definition and
     * role returns the existing one.
     *
     * @param name       1–80 characters, no whitespace, brackets, wildcards or special characters ({@link InvalidNameException})
     * @param definition the Amazon States Language JSON ({@link InvalidDefinitionException} lists every problem)
     * @param roleArn    kept and reported as is (the engine does not evaluate IAM); may be null for a default
     * @throws StateMachineAlreadyExistsException when the name is taken by a different definition or role
     */
    StateMachineDescription createStateMachine(String name, String definition, String roleArn);

    /**
     * Creates a state machine of the given type: only {@code STANDARD} (or null) is supported; {@code EXPRESS} is
     * rejected with {@link ValidationException} naming the unsupported feature.
     */
    StateMachineDescription createStateMachine(String name, String definition, String roleArn, String type);

    /**
     * Replaces the definition and/or role (a null argument keeps the current value). Executions already running keep
     * the definition they started with, as on AWS.
     *
     * @throws ValidationException when both are null
     */
    StateMachineDescription updateStateMachine(String stateMachineArn, String definition, String roleArn);

    StateMachineDescription describeStateMachine(String stateMachineArn);

    /** State machines in creation order. {@code maxResults} 1–1000 (0 means 100). */
    Page<StateMachineSummary> listStateMachines(int maxResults, String nextToken);

    /**
     * Deletes a state machine: its running executions are aborted (ExecutionAborted, cause "state machine deleted"),
     * then it is gone; its executions' descriptions and histories stay readable. Deleting one that does not exist
     * succeeds, as on AWS.
     */
    void deleteStateMachine(String stateMachineArn);

    /**
     * Checks a definition without creating anything: every problem, each with the JSON path of the offending field
     * and what to do. An empty list means the engine would accept and run it.
     */
    List<DefinitionProblem> validateStateMachineDefinition(String definition);

    // ---- executions ----------------------------------------------------------------------------------------------

    /**
     * Starts an execution. Idempotent for STANDARD workflows as on AWS: the same name and the same input while the
     * first execution is still running returns the first execution; a different input, or a name used by a closed
     * execution, is {@link ExecutionAlreadyExistsException}.
     *
     * @param name  null for a random UUID; otherwise the rules of {@link #createStateMachine(String, String, String)}
     * @param input JSON text, at most 256 KiB; null means {@code {}} ({@link InvalidExecutionInputException})
     */
    ExecutionStart startExecution(String stateMachineArn, String name, String input);

    ExecutionDescription describeExecution(String executionArn);

    /**
     * Executions of one state machine, newest first, optionally only those with {@code status} (null for all).
     */
    Page<ExecutionSummary> listExecutions(String stateMachineArn, ExecutionStatus status, int maxResults,
                                          String nextToken);

    /**
     * The child executions of a map run (one run of a Distributed Map state), newest first, optionally only those
     * with {@code status}.
     *
     * @throws MapRunDoesNotExistException no map run has this ARN
     */
    Page<ExecutionSummary> listMapRunExecutions(String mapRunArn, ExecutionStatus status, int maxResults,
                                                String nextToken);

    /**
     * A map run: its status, its settings and how many of its items and child executions are in each state.
     *
     * @throws MapRunDoesNotExistException no map run has this ARN
     */
    MapRunDescription describeMapRun(String mapRunArn);

    /** The map runs an execution's Distributed Map states started, newest first. */
    Page<MapRunSummary> listMapRuns(String executionArn, int maxResults, String nextToken);

    /** The execution's history in event-id order (or newest first when {@code reverseOrder}). */
    Page<HistoryEvent> getExecutionHistory(String executionArn, boolean reverseOrder, int maxResults,
                                           String nextToken);

    /**
     * Aborts a running execution (ExecutionAborted with the given error and cause, both optional). Stopping an
     * execution that already closed changes nothing and returns its stop date.
     */
    ExecutionStop stopExecution(String executionArn, String error, String cause);

    // ---- task callbacks ------------------------------------------------------------------------------------------

    /**
     * Completes the task waiting on {@code taskToken} with {@code output} (JSON text, at most 256 KiB).
     *
     * @throws InvalidTokenException     the token is malformed (not one this engine could have issued)
     * @throws TaskDoesNotExistException no task with this token exists (never issued, or its execution is gone)
     * @throws TaskTimedOutException     the task already closed: completed, failed, timed out, or its execution ended;
     *                                   a second success on the same token lands here
     * @throws InvalidOutputException    the output is not JSON or is too large
     */
    void sendTaskSuccess(String taskToken, String output);

    /** Fails the task waiting on {@code taskToken}; {@code error} and {@code cause} are optional. Errors as above. */
    void sendTaskFailure(String taskToken, String error, String cause);

    /** Restarts the task's HeartbeatSeconds countdown. Errors as above (not InvalidOutput). */
    void sendTaskHeartbeat(String taskToken);

    // ---- local extras --------------------------------------------------------------------------------------------

    /** Every {@code events:putEvents} entry tasks have sent, oldest first (kept in memory, newest 10,000). */
    List<RecordedEvent> recordedEvents();

    /**
     * Waits until the engine has nothing runnable: no execution step queued or running, no task invocation in flight,
     * nothing waiting to be journalled. Executions paused on a token or a future timer do not count. For tests and
     * benchmarks (after {@link ManualClock#advance(Duration)}, for instance).
     *
     * @return false when {@code timeout} passed first
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException;

    /**
     * Stops the worker threads and closes the journal cleanly. Running executions stay as they are on disk and resume
     * when an engine is opened on the directory again. Task invocations still in flight are abandoned and will be
     * invoked again after the next open (at-least-once, with the same task token).
     */
    @Override
    void close();
}
