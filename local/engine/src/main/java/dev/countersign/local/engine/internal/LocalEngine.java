package dev.countersign.local.engine.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.Engine;
import dev.countersign.local.engine.EngineClock;
import dev.countersign.local.engine.EngineOptions;
import dev.countersign.local.engine.EngineStorageException;
import dev.countersign.local.engine.ExecutionAlreadyExistsException;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionStart;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.ExecutionStop;
import dev.countersign.local.engine.ExecutionSummary;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.InvalidExecutionInputException;
import dev.countersign.local.engine.MapRunDescription;
import dev.countersign.local.engine.MapRunSummary;
import dev.countersign.local.engine.Page;
import dev.countersign.local.engine.RecordedEvent;
import dev.countersign.local.engine.StateMachineDescription;
import dev.countersign.local.engine.StateMachineSummary;
import dev.countersign.local.engine.internal.asl.DefinitionParser;
import dev.countersign.local.engine.internal.journal.Journal;
import dev.countersign.local.engine.internal.run.InboxItem;
import dev.countersign.local.engine.internal.run.Interpreter;
import dev.countersign.local.engine.internal.store.ExecutionEntry;
import dev.countersign.local.engine.internal.store.ExecutionStore;
import dev.countersign.local.engine.internal.store.Records;
import dev.countersign.local.engine.internal.store.StateMachineEntry;
import dev.countersign.local.engine.internal.store.StateMachineRegistry;
import dev.countersign.local.engine.internal.task.NestedExecutions;
import dev.countersign.local.engine.internal.task.NestedExecutions.StartedBy;
import dev.countersign.local.engine.internal.task.TaskIntegrations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine, a façade over its parts: the data-directory lock, the state-machine registry, the execution store
 * (journal append, apply, replay, compaction), the turn scheduler (workers), the task dispatcher (task threads), the
 * timers, the task-token service and the nested-execution links. It validates API calls, asks the parts, and waits for
 * durability where the API promises it.
 */
public final class LocalEngine implements Engine {
    private static final int RECORDED_EVENTS_LIMIT = 10_000;

    private static final Logger LOG = Logger.getLogger(LocalEngine.class.getName());

    private final EngineOptions options;
    private final EngineClock clock;
    private final DataDirectoryLock lock;
    private final Lifecycle lifecycle = new Lifecycle();
    private final ExecutorService workers;
    private final ExecutorService taskPool;
    private final StateMachineRegistry machines;
    private final ExecutionStore store;
    private final TaskTokens tokens = new TaskTokens();
    private final TurnScheduler scheduler;
    private final TimerService timers;
    private final TaskDispatcher dispatcher;
    private final NestedExecutionLinks nested;
    private final TaskTokenService callbacks;
    private final MapRunQueries mapRuns;
    private final Object startLock = new Object();
    private final Deque<RecordedEvent> recorded = new ArrayDeque<>();

    private LocalEngine(EngineOptions options) {
        this.options = options;
        this.clock = options.clock();
        this.lock = DataDirectoryLock.acquire(options.dataDirectory());
        this.workers = Executors.newFixedThreadPool(options.workerThreads(), threads("engine-worker"));
        // No queue: a task's TimeoutSeconds measures the task, and a blocking function never holds up another.
        this.taskPool = new ThreadPoolExecutor(options.taskThreads(), Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), threads("engine-task"));
        TaskIntegrations integrations = new TaskIntegrations(options.lambdaFunctions(), options.dynamoDb(),
                this::record, clock::now, taskPool, new Nested(), options.region(), options.accountId());
        this.machines = new StateMachineRegistry(new DefinitionParser(integrations), options.region(),
                options.accountId());
        this.store = new ExecutionStore(machines, options.listener(), lifecycle, workers);
        this.scheduler = new TurnScheduler(store, machines, new Interpreter(new EngineRunHost(options, tokens, store)),
                lifecycle, workers, clock);
        this.timers = new TimerService(clock, (entry, key) -> {
            entry.timerDue(key);
            scheduler.schedule(entry);
        });
        this.dispatcher = new TaskDispatcher(integrations, store, scheduler, lifecycle, taskPool);
        this.nested = new NestedExecutionLinks(store, scheduler);
        this.callbacks = new TaskTokenService(tokens, store, scheduler, clock);
        this.mapRuns = new MapRunQueries(store);
        try {
            store.open(options.dataDirectory().resolve("journal"), options.fsyncPolicy(),
                    List.of(timers, tokens, dispatcher, nested));
        } catch (RuntimeException e) {
            shutdownThreads();
            lock.close();
            throw e;
        }
    }

    /** Opens an engine: recovers the journal, re-arms timers, re-runs unfinished invocations, starts the threads. */
    public static Engine open(EngineOptions options) {
        LocalEngine engine = new LocalEngine(options);
        engine.resume();
        return engine;
    }

    private void resume() {
        List<Runnable> unfinished = nested.reconcile();
        timers.start();
        dispatcher.resume();
        scheduler.resume();
        unfinished.forEach(action -> lifecycle.submit(workers, action, "engine follow-up for a nested execution"));
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // ==== state machines ============================================================================================

    @Override
    public StateMachineDescription createStateMachine(String name, String definition, String roleArn) {
        return createStateMachine(name, definition, roleArn, null);
    }

    @Override
    public StateMachineDescription createStateMachine(String name, String definition, String roleArn, String type) {
        ensureOpen();
        synchronized (machines) {
            appendDurably(machines.create(name, definition, roleArn, type, clock.now()));
            return machines.describe(machines.machine(machines.arn(name)));
        }
    }

    @Override
    public StateMachineDescription updateStateMachine(String stateMachineArn, String definition, String roleArn) {
        ensureOpen();
        synchronized (machines) {
            appendDurably(machines.update(stateMachineArn, definition, roleArn, clock.now()));
            return machines.describe(machines.machine(stateMachineArn));
        }
    }

    private void appendDurably(List<byte[]> records) {
        Journal.Appended last = null;
        for (byte[] record : records) {
            last = store.append(record);
        }
        if (last != null) {
            store.awaitDurable(last);
        }
    }

    @Override
    public StateMachineDescription describeStateMachine(String stateMachineArn) {
        ensureOpen();
        return machines.describe(machines.machine(stateMachineArn));
    }

    @Override
    public Page<StateMachineSummary> listStateMachines(int maxResults, String nextToken) {
        ensureOpen();
        List<StateMachineSummary> summaries = machines.list().stream().map(m -> new StateMachineSummary(m.arn(),
                m.name(), "STANDARD", m.creationDate())).toList();
        return Paging.page(summaries, maxResults, nextToken, "machines");
    }

    @Override
    public void deleteStateMachine(String stateMachineArn) {
        ensureOpen();
        StateMachineEntry machine = machines.find(stateMachineArn);
        if (machine == null) {
            return;
        }
        for (ExecutionEntry entry : store.executionsOf(machine.arn())) {
            if (entry.status() == ExecutionStatus.RUNNING) {
                stop(entry, "States.Aborted", "The state machine " + machine.arn() + " was deleted");
            }
        }
        synchronized (machines) {
            appendDurably(List.of(machines.delete(machine)));
        }
    }

    @Override
    public List<DefinitionProblem> validateStateMachineDefinition(String definition) {
        return machines.validate(definition);
    }

    // ==== executions ================================================================================================

    @Override
    public ExecutionStart startExecution(String stateMachineArn, String name, String input) {
        return startExecution(stateMachineArn, name, input, null);
    }

    /** What tasks and Distributed Maps start: nested executions, and the child executions of map runs. */
    private final class Nested implements NestedExecutions {
        @Override
        public ExecutionStart start(String stateMachineArn, String name, String input, StartedBy startedBy) {
            return startNested(stateMachineArn, name, input, startedBy);
        }

        @Override
        public ExecutionStart startMapRunChild(MapRunChild child, StartedBy startedBy) {
            ensureOpen();
            ExecutionEntry parent = store.execution(startedBy.executionArn());
            String machine = child.stateMachineArn();
            return launch(machine, Names.stateMachineArn(machine)[2], child.definitionKey(), parent.roleArn(),
                    child.name(), child.input(), startedBy, new Records.MapRunMember(child.mapRunArn(),
                            child.items()));
        }
    }

    /** For {@code states:startExecution} tasks: StartExecution, recording which attempt started the child. */
    ExecutionStart startNested(String stateMachineArn, String name, String input, StartedBy startedBy) {
        return startExecution(stateMachineArn, name, input, startedBy);
    }

    private ExecutionStart startExecution(String stateMachineArn, String name, String input, StartedBy startedBy) {
        ensureOpen();
        StateMachineEntry machine = machines.machine(stateMachineArn);
        String executionName = name == null ? UUID.randomUUID().toString() : name;
        Names.checkName(executionName, "execution");
        return launch(machine.arn(), machine.name(), machine.definitionKey(), machine.roleArn(), executionName, input,
                startedBy, null);
    }

    private ExecutionStart launch(String machineArn, String machineName, String definitionKey, String roleArn,
                                   String executionName, String input, StartedBy startedBy,
                                  Records.MapRunMember mapRun) {
        String inputText = input == null ? "{}" : input;
        if (Limits.payloadExceededBy(inputText)) {
            throw new InvalidExecutionInputException("Invalid State Machine Execution Input: the input is larger than "
                    + Limits.PAYLOAD_STATED + ": pass a reference to the data instead");
        }
        if (Json.parseOrNull(inputText) == null) {
            throw new InvalidExecutionInputException("Invalid State Machine Execution Input: '"
                    + Paging.abbreviate(inputText) + "' is not valid JSON");
        }
        byte[] hash = Records.sha256(inputText);
        String arn = "arn:aws:states:" + options.region() + ":" + options.accountId() + ":execution:"
                + machineName + ":" + executionName;
        ExecutionStore.Started started;
        synchronized (startLock) {
            ExecutionEntry existing = store.find(arn);
            if (existing != null) {
                // The same attempt again (its invocation re-run after a crash) gets its child back, whatever its state.
                boolean sameAttempt = startedBy != null && startedBy.equals(existing.startedBy());
                if (sameAttempt || existing.status() == ExecutionStatus.RUNNING
                        && Arrays.equals(existing.inputHash(), hash)) {
                    return new ExecutionStart(existing.arn(), existing.startDate());
                }
                throw new ExecutionAlreadyExistsException("Execution Already Exists: '" + arn + "'"
                        + (existing.status() == ExecutionStatus.RUNNING ? " is running with a different input"
                        : " has already run (" + existing.status() + ")") + ": choose another name");
            }
            Instant now = clock.now();
            ObjectNode details = Json.object().put("input", inputText);
            details.putObject("inputDetails").put("truncated", false);
            details.put("roleArn", roleArn);
            started = store.appendStart(new Records.ExecutionIdentity(arn, executionName, machineArn, definitionKey,
                            roleArn, now, hash, startedBy, mapRun),
                    new HistoryEvent(1, 0, now, HistoryEventType.ExecutionStarted, details),
                    new InboxItem.Start().encode());
        }
        store.awaitDurable(started.appended());
        scheduler.schedule(started.entry());
        return new ExecutionStart(started.entry().arn(), started.entry().startDate());
    }

    @Override
    public ExecutionDescription describeExecution(String executionArn) {
        ensureOpen();
        return store.describe(store.execution(executionArn));
    }

    @Override
    public Page<ExecutionSummary> listExecutions(String stateMachineArn, ExecutionStatus status, int maxResults,
                                                 String nextToken) {
        ensureOpen();
        StateMachineEntry machine = machines.machine(stateMachineArn);
        List<ExecutionEntry> all = new ArrayList<>(store.executionsOf(machine.arn()));
        Collections.reverse(all);
        // Executions of an earlier machine of the same name (deleted, then created again) are not this machine's.
        List<ExecutionSummary> summaries = all.stream().filter(e -> e.stateMachine() == machine)
                .filter(e -> status == null || e.status() == status)
                .map(e -> new ExecutionSummary(e.arn(), machine.arn(), e.name(), e.status(), e.startDate(),
                        e.stopDate(), null, null)).toList();
        return Paging.page(summaries, maxResults, nextToken, "executions");
    }

    @Override
    public Page<ExecutionSummary> listMapRunExecutions(String mapRunArn, ExecutionStatus status, int maxResults,
                                                       String nextToken) {
        ensureOpen();
        return mapRuns.executions(mapRunArn, status, maxResults, nextToken);
    }

    @Override
    public MapRunDescription describeMapRun(String mapRunArn) {
        ensureOpen();
        return mapRuns.describe(mapRunArn);
    }

    @Override
    public Page<MapRunSummary> listMapRuns(String executionArn, int maxResults, String nextToken) {
        ensureOpen();
        return mapRuns.list(executionArn, maxResults, nextToken);
    }

    @Override
    public Page<HistoryEvent> getExecutionHistory(String executionArn, boolean reverseOrder, int maxResults,
                                                  String nextToken) {
        ensureOpen();
        ExecutionEntry entry = store.execution(executionArn);
        int limit = Paging.limit(maxResults);
        int count = entry.eventCount();
        int start = Paging.offset(nextToken, "history", count);
        int end = Math.min(count, start + limit);
        List<HistoryEvent> events = store.history(entry, start, end, count, reverseOrder);
        return new Page<>(events, end < count ? Paging.token("history", end) : null);
    }

    @Override
    public ExecutionStop stopExecution(String executionArn, String error, String cause) {
        ensureOpen();
        ExecutionEntry entry = store.execution(executionArn);
        Limits.checkErrorAndCause(error, cause);
        stop(entry, error, cause);
        return new ExecutionStop(entry.stopDate());
    }

    /** Asks the execution's next turn to abort it, and waits until it has. */
    private void stop(ExecutionEntry entry, String error, String cause) {
        if (entry.status() == ExecutionStatus.RUNNING) {
            Journal.Appended appended = scheduler.deliver(entry, new InboxItem.Stop(error, cause), List.of(), null);
            if (appended != null) {
                store.awaitDurable(appended);
            }
        }
        store.awaitClosed(entry, TimeUnit.SECONDS.toNanos(30));
    }

    // ==== task callbacks ============================================================================================

    @Override
    public void sendTaskSuccess(String taskToken, String output) {
        ensureOpen();
        callbacks.success(taskToken, output);
    }

    @Override
    public void sendTaskFailure(String taskToken, String error, String cause) {
        ensureOpen();
        callbacks.failure(taskToken, error, cause);
    }

    @Override
    public void sendTaskHeartbeat(String taskToken) {
        ensureOpen();
        callbacks.heartbeat(taskToken);
    }

    // ==== local extras ==============================================================================================

    @Override
    public List<RecordedEvent> recordedEvents() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    private void record(RecordedEvent event) {
        synchronized (recorded) {
            recorded.addLast(event);
            while (recorded.size() > RECORDED_EVENTS_LIMIT) {
                recorded.removeFirst();
            }
        }
        try {
            options.listener().onEventPublished(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "engine listener failed on a published event", e);
        }
    }

    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            boolean idle = lifecycle.nothingInFlight() && !store.writing() && !timers.hasDue()
                    && dispatcher.onlyAbandonedRunning();
            quiet = idle ? quiet + 1 : 0;
            if (quiet >= 2) {
                return true;
            }
            Thread.sleep(idle ? 1 : 2);
        }
        return false;
    }

    /** Replaces the journal so far with a snapshot of the current state (appends wait meanwhile). */
    public void compact() {
        store.compact();
    }

    /** How many executions, timers and open tokens there are: for tests and the benchmark's memory report. */
    public String statistics() {
        return store.statistics() + " timers=" + timers.size() + " openTokens=" + tokens.openCount();
    }

    private void ensureOpen() {
        if (lifecycle.isClosed()) {
            throw new EngineStorageException("the engine is closed");
        }
    }

    // ==== closing ===================================================================================================

    @Override
    public void close() {
        if (lifecycle.isClosed()) {
            return;
        }
        lifecycle.close();
        shutdownThreads();
        store.close();
        lock.close();
    }

    /**
     * Stops as a crash would: queued journal writes are dropped, threads are abandoned, nothing is flushed. For
     * tests that reopen the directory in the same JVM to check recovery.
     */
    public void crash() {
        lifecycle.close();
        store.abandon();
        timers.stop();
        workers.shutdownNow();
        taskPool.shutdownNow();
        lock.close();
    }

    private void shutdownThreads() {
        if (timers != null) {
            timers.stop();
        }
        workers.shutdown();
        taskPool.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        taskPool.shutdownNow();
    }
}
