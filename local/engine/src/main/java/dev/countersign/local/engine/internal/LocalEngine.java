package dev.countersign.local.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.Engine;
import dev.countersign.local.engine.EngineClock;
import dev.countersign.local.engine.EngineListener;
import dev.countersign.local.engine.EngineOptions;
import dev.countersign.local.engine.EngineStorageException;
import dev.countersign.local.engine.ExecutionAlreadyExistsException;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.engine.ExecutionDoesNotExistException;
import dev.countersign.local.engine.ExecutionStart;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.ExecutionStop;
import dev.countersign.local.engine.ExecutionSummary;
import dev.countersign.local.engine.HistoryEvent;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.InvalidArnException;
import dev.countersign.local.engine.InvalidDefinitionException;
import dev.countersign.local.engine.InvalidExecutionInputException;
import dev.countersign.local.engine.InvalidOutputException;
import dev.countersign.local.engine.InvalidTokenException;
import dev.countersign.local.engine.Page;
import dev.countersign.local.engine.RecordedEvent;
import dev.countersign.local.engine.StateMachineAlreadyExistsException;
import dev.countersign.local.engine.StateMachineDescription;
import dev.countersign.local.engine.StateMachineDoesNotExistException;
import dev.countersign.local.engine.StateMachineSummary;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.TaskDoesNotExistException;
import dev.countersign.local.engine.TaskTimedOutException;
import dev.countersign.local.engine.ValidationException;
import dev.countersign.local.engine.internal.asl.DefinitionParser;
import dev.countersign.local.engine.internal.asl.StateMachineDefinition;
import dev.countersign.local.engine.internal.asl.TaskResource;
import dev.countersign.local.engine.internal.journal.Journal;
import dev.countersign.local.engine.internal.run.Interpreter;
import dev.countersign.local.engine.internal.run.RunHost;
import dev.countersign.local.engine.internal.run.TurnResult;
import dev.countersign.local.engine.internal.task.NestedExecutions;
import dev.countersign.local.engine.internal.task.StartExecutionIntegration;
import dev.countersign.local.engine.internal.task.TaskCall;
import dev.countersign.local.engine.internal.task.TaskIntegration;
import dev.countersign.local.engine.internal.task.TaskIntegrations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine: an in-memory index of state machines and executions rebuilt from the journal at open, actor-style
 * workers that run one turn of one execution at a time, a task pool for invocations, and a timer thread.
 *
 * <p>Every change goes through {@link #append}: the record is queued in the journal and applied to memory under one
 * lock, so memory and journal order agree; effects on the outside world (invocations, listener calls, API replies)
 * wait until the record is durable.
 */
public final class LocalEngine implements Engine {
    private static final Logger LOG = Logger.getLogger(LocalEngine.class.getName());
    static final int PAYLOAD_LIMIT = 256 * 1024;
    private static final long SEGMENT_LIMIT = 64L * 1024 * 1024;
    private static final long SNAPSHOT_THRESHOLD = 64L * 1024 * 1024;
    private static final int RECORDED_EVENTS_LIMIT = 10_000;

    private final EngineOptions options;
    private final EngineClock clock;
    private final EngineListener listener;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Journal journal;
    private final Object appendLock = new Object();
    private final Object startLock = new Object();
    private final Object machineLock = new Object();
    private final Object closeSignal = new Object();
    private final ReentrantReadWriteLock storage = new ReentrantReadWriteLock();

    private final Map<String, String> definitions = new ConcurrentHashMap<>();
    private final Map<String, StateMachineDefinition> parsed = new ConcurrentHashMap<>();
    private final Map<String, StateMachineEntry> stateMachines = new ConcurrentHashMap<>();
    private final Map<String, StateMachineEntry> retiredMachines = new ConcurrentHashMap<>();
    private final Map<String, ExecutionEntry> executions = new ConcurrentHashMap<>();
    private final Map<Long, ExecutionEntry> byNumber = new ConcurrentHashMap<>();
    private final Map<String, List<ExecutionEntry>> byMachine = new ConcurrentHashMap<>();
    private final Map<String, ExecutionEntry> openTokens = new ConcurrentHashMap<>();
    private final AtomicLong nextNumber = new AtomicLong(1);
    private final AtomicLong nextMachineOrder = new AtomicLong(1);

    private final TaskTokens tokens = new TaskTokens();
    private final TimerService timers;
    private final ExecutorService workers;
    private final ExecutorService taskPool;
    private final ExecutorService maintenance;
    private final Interpreter interpreter;
    private final TaskIntegrations integrations;
    private final DefinitionParser parser;
    private final Deque<RecordedEvent> recorded = new ArrayDeque<>();
    private final AtomicInteger busy = new AtomicInteger();
    /** Invocations running on the task pool, by execution and attempt (awaitIdle ignores abandoned ones). */
    private final Map<String, ExecutionEntry> invocations = new ConcurrentHashMap<>();
    private final NestedExecutionLinks nested = new NestedExecutionLinks(executions::get);
    /** What applying a record made due outside it (nested executions); guarded by appendLock. */
    private final List<NestedExecutionLinks.Effect> effects = new ArrayList<>();
    private final AtomicBoolean compacting = new AtomicBoolean();
    private volatile boolean closed;
    private volatile long lastSnapshotSize;

    private LocalEngine(EngineOptions options) {
        this.options = options;
        this.clock = options.clock();
        this.listener = options.listener();
        Path data = options.dataDirectory();
        try {
            Files.createDirectories(data);
            this.lockChannel = FileChannel.open(data.resolve("LOCK"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new EngineStorageException("cannot use " + data + " as the engine's data directory: " + e.getMessage()
                    + " — choose a writable directory", e);
        }
        FileLock acquired;
        try {
            acquired = lockChannel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            acquired = null;
        }
        if (acquired == null) {
            closeQuietly();
            throw new EngineStorageException("another engine has " + data + " open: stop it first, or choose another"
                    + " data directory");
        }
        this.lock = acquired;
        this.workers = Executors.newFixedThreadPool(options.workerThreads(), threads("engine-worker"));
        this.taskPool = Executors.newFixedThreadPool(options.taskThreads(), threads("engine-task"));
        this.maintenance = Executors.newSingleThreadExecutor(threads("engine-maintenance"));
        this.integrations = new TaskIntegrations(options.lambdaFunctions(), options.dynamoDb(), this::record,
                clock::now, taskPool, this::startNested, options.region(), options.accountId());
        this.parser = new DefinitionParser(integrations);
        this.interpreter = new Interpreter(new Host());
        this.timers = new TimerService(clock, (entry, key) -> {
            entry.dueTimers.add(key);
            schedule(entry);
        });
        try {
            this.journal = Journal.open(data.resolve("journal"), options.fsyncPolicy(), SEGMENT_LIMIT, this::replay);
        } catch (RuntimeException e) {
            shutdownThreads();
            releaseLock();
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
        if (journal.bytesSinceSnapshot() > SNAPSHOT_THRESHOLD) {
            compact();
        }
        timers.start();
        for (ExecutionEntry entry : byNumber.values()) {
            if (entry.status() != ExecutionStatus.RUNNING) {
                continue;
            }
            Set<String> delivered = new HashSet<>();
            for (Map.Entry<String, byte[]> cell : entry.cells("n:")) {
                JsonNode item = Json.read(cell.getValue());
                if (item.path("type").asText().equals("result")) {
                    delivered.add(item.path("at").asText());
                }
            }
            for (Map.Entry<String, byte[]> cell : entry.cells("v:")) {
                if (!delivered.contains(cell.getKey().substring(2))) {
                    launch(entry, cell.getValue());
                }
            }
            if (!entry.cells("n:").isEmpty()) {
                schedule(entry);
            }
        }
        synchronized (appendLock) {
            nested.reconcile().forEach(effect -> onWorker(() -> perform(effect)));
        }
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
        Names.checkName(name, "state machine");
        if (type != null && type.equals("EXPRESS")) {
            throw new ValidationException("EXPRESS state machines are not supported by the local engine (Express-only"
                    + " semantics): create a STANDARD state machine");
        }
        if (type != null && !type.equals("STANDARD")) {
            throw new ValidationException("type must be STANDARD; got " + type);
        }
        String role = role(roleArn);
        validated(definition);
        String arn = "arn:aws:states:" + options.region() + ":" + options.accountId() + ":stateMachine:" + name;
        synchronized (machineLock) {
            StateMachineEntry existing = stateMachines.get(arn);
            if (existing != null) {
                if (definitions.get(existing.definitionKey()).equals(definition) && existing.roleArn().equals(role)) {
                    return describe(existing);
                }
                throw new StateMachineAlreadyExistsException("State Machine Already Exists: '" + arn + "' has a"
                        + " different definition or role: update it with UpdateStateMachine, or choose another name");
            }
            String key = storeDefinition(definition);
            Instant now = clock.now();
            ObjectNode json = machineJson(arn, name, now, nextMachineOrder.getAndIncrement(), key, role, null,
                    UUID.randomUUID().toString(), false);
            awaitDurable(append(Records.stateMachine(Json.bytes(json))));
            return describe(stateMachines.get(arn));
        }
    }

    @Override
    public StateMachineDescription updateStateMachine(String stateMachineArn, String definition, String roleArn) {
        ensureOpen();
        StateMachineEntry machine = machine(stateMachineArn);
        if (definition == null && roleArn == null) {
            throw new ValidationException("give a definition, a roleArn or both to update " + stateMachineArn);
        }
        if (definition != null) {
            validated(definition);
        }
        String role = roleArn == null ? machine.roleArn() : role(roleArn);
        synchronized (machineLock) {
            String key = definition == null ? machine.definitionKey() : storeDefinition(definition);
            ObjectNode json = machineJson(machine.arn(), machine.name(), machine.creationDate(), machine.order(), key,
                    role, clock.now(), UUID.randomUUID().toString(), false);
            awaitDurable(append(Records.stateMachine(Json.bytes(json))));
            return describe(stateMachines.get(machine.arn()));
        }
    }

    @Override
    public StateMachineDescription describeStateMachine(String stateMachineArn) {
        ensureOpen();
        return describe(machine(stateMachineArn));
    }

    @Override
    public Page<StateMachineSummary> listStateMachines(int maxResults, String nextToken) {
        ensureOpen();
        List<StateMachineEntry> machines = new ArrayList<>(stateMachines.values());
        machines.sort(Comparator.comparingLong(StateMachineEntry::order));
        List<StateMachineSummary> summaries = machines.stream().map(m -> new StateMachineSummary(m.arn(), m.name(),
                "STANDARD", m.creationDate())).toList();
        return page(summaries, maxResults, nextToken, "machines");
    }

    @Override
    public void deleteStateMachine(String stateMachineArn) {
        ensureOpen();
        Names.stateMachineArn(stateMachineArn);
        StateMachineEntry machine = stateMachines.get(stateMachineArn);
        if (machine == null) {
            return;
        }
        for (ExecutionEntry entry : executionsOf(machine.arn())) {
            if (entry.status() == ExecutionStatus.RUNNING) {
                stop(entry, "States.Aborted", "The state machine " + machine.arn() + " was deleted");
            }
        }
        synchronized (machineLock) {
            ObjectNode json = machineJson(machine.arn(), machine.name(), machine.creationDate(), machine.order(),
                    machine.definitionKey(), machine.roleArn(), machine.updateDate(), machine.revisionId(), true);
            awaitDurable(append(Records.stateMachine(Json.bytes(json))));
        }
    }

    @Override
    public List<DefinitionProblem> validateStateMachineDefinition(String definition) {
        return parser.parse(definition).problems();
    }

    private StateMachineDefinition validated(String definition) {
        DefinitionParser.Result result = parser.parse(definition);
        if (!result.valid()) {
            throw new InvalidDefinitionException(result.problems());
        }
        return result.definition();
    }

    private String storeDefinition(String definition) {
        String key = sha256(definition);
        if (!definitions.containsKey(key)) {
            append(Records.definition(key, definition));
        }
        return key;
    }

    private String role(String roleArn) {
        if (roleArn == null) {
            return "arn:aws:iam::" + options.accountId() + ":role/service-role/StepFunctions-local";
        }
        if (!roleArn.startsWith("arn:")) {
            throw new InvalidArnException("Invalid Arn: '" + roleArn + "': the role must be an IAM role ARN such as"
                    + " arn:aws:iam::" + options.accountId() + ":role/my-role");
        }
        return roleArn;
    }

    private StateMachineEntry machine(String arn) {
        String[] parts = Names.stateMachineArn(arn);
        StateMachineEntry machine = stateMachines.get(arn);
        if (machine == null) {
            throw new StateMachineDoesNotExistException("State Machine Does Not Exist: '" + arn + "'"
                    + (parts[0].equals(options.region()) && parts[1].equals(options.accountId()) ? ""
                    : " (this engine runs as region " + options.region() + ", account " + options.accountId() + ")"));
        }
        return machine;
    }

    private StateMachineDescription describe(StateMachineEntry machine) {
        return new StateMachineDescription(machine.arn(), machine.name(), "ACTIVE",
                definitions.get(machine.definitionKey()), machine.roleArn(), "STANDARD", machine.creationDate(),
                machine.updateDate(), machine.revisionId());
    }

    private static ObjectNode machineJson(String arn, String name, Instant created, long order, String key,
                                          String role, Instant updated, String revision, boolean deleted) {
        ObjectNode json = Json.object().put("arn", arn).put("name", name).put("created", created.toEpochMilli())
                .put("order", order).put("def", key).put("role", role).put("rev", revision).put("deleted", deleted);
        if (updated != null) {
            json.put("updated", updated.toEpochMilli());
        }
        return json;
    }

    // ==== executions ================================================================================================

    @Override
    public ExecutionStart startExecution(String stateMachineArn, String name, String input) {
        return startExecution(stateMachineArn, name, input, null);
    }

    /** For {@code states:startExecution} tasks: StartExecution, recording which attempt started the child. */
    ExecutionStart startNested(String stateMachineArn, String name, String input,
                               NestedExecutions.StartedBy startedBy) {
        return startExecution(stateMachineArn, name, input, startedBy);
    }

    private ExecutionStart startExecution(String stateMachineArn, String name, String input,
                                          NestedExecutions.StartedBy startedBy) {
        ensureOpen();
        StateMachineEntry machine = machine(stateMachineArn);
        String executionName = name == null ? UUID.randomUUID().toString() : name;
        Names.checkName(executionName, "execution");
        String inputText = input == null ? "{}" : input;
        if (inputText.getBytes(StandardCharsets.UTF_8).length > PAYLOAD_LIMIT) {
            throw new InvalidExecutionInputException("Invalid State Machine Execution Input: the input is larger than"
                    + " 256 KiB (262144 bytes): pass a reference to the data instead");
        }
        if (Json.parseOrNull(inputText) == null) {
            throw new InvalidExecutionInputException("Invalid State Machine Execution Input: '" + abbreviate(inputText)
                    + "' is not valid JSON");
        }
        byte[] hash = sha256Bytes(inputText);
        String arn = "arn:aws:states:" + options.region() + ":" + options.accountId() + ":execution:"
                + machine.name() + ":" + executionName;
        Journal.Appended appended;
        ExecutionEntry entry;
        synchronized (startLock) {
            ExecutionEntry existing = executions.get(arn);
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
            long number = nextNumber.getAndIncrement();
            Instant now = clock.now();
            ObjectNode meta = Json.object().put("arn", arn).put("name", executionName).put("sm", machine.arn())
                    .put("def", machine.definitionKey()).put("role", machine.roleArn())
                    .put("start", now.toEpochMilli()).put("hash", Base64.getEncoder().encodeToString(hash));
            putStartedBy(meta, startedBy);
            ObjectNode details = Json.object().put("input", inputText);
            details.putObject("inputDetails").put("truncated", false);
            details.put("roleArn", machine.roleArn());
            ObjectNode event = Json.object().put("id", 1).put("prev", 0).put("ts", now.toEpochMilli())
                    .put("type", HistoryEventType.ExecutionStarted.name());
            event.set("d", details);
            Map<String, byte[]> puts = new LinkedHashMap<>();
            puts.put(String.format("n:%09d", 1), Json.bytes(Json.object().put("type", "start")));
            Records.Encoded record = Records.execution(number, Json.bytes(meta), List.of(Json.bytes(event)), puts,
                    List.of());
            appended = append(record.body(), arn, List.of(event));
            entry = byNumber.get(number);
        }
        awaitDurable(appended);
        schedule(entry);
        return new ExecutionStart(entry.arn(), entry.startDate());
    }

    @Override
    public ExecutionDescription describeExecution(String executionArn) {
        ensureOpen();
        ExecutionEntry entry = execution(executionArn);
        storage.readLock().lock();
        try {
            String input = readEvent(entry, 0).path("d").path("input").asText();
            String output = null;
            if (entry.status() == ExecutionStatus.SUCCEEDED) {
                output = readEvent(entry, entry.eventCount() - 1).path("d").path("output").asText();
            }
            return new ExecutionDescription(entry.arn(), entry.stateMachine().arn(), entry.name(), entry.status(),
                    entry.startDate(), entry.stopDate(), input, output, entry.error(), entry.cause());
        } finally {
            storage.readLock().unlock();
        }
    }

    @Override
    public Page<ExecutionSummary> listExecutions(String stateMachineArn, ExecutionStatus status, int maxResults,
                                                 String nextToken) {
        ensureOpen();
        StateMachineEntry machine = machine(stateMachineArn);
        List<ExecutionEntry> all = new ArrayList<>(executionsOf(machine.arn()));
        Collections.reverse(all);
        // Executions of an earlier machine of the same name (deleted, then created again) are not this machine's.
        List<ExecutionSummary> summaries = all.stream().filter(e -> e.stateMachine() == machine)
                .filter(e -> status == null || e.status() == status)
                .map(e -> new ExecutionSummary(e.arn(), machine.arn(), e.name(), e.status(), e.startDate(),
                        e.stopDate())).toList();
        return page(summaries, maxResults, nextToken, "executions");
    }

    @Override
    public Page<HistoryEvent> getExecutionHistory(String executionArn, boolean reverseOrder, int maxResults,
                                                  String nextToken) {
        ensureOpen();
        ExecutionEntry entry = execution(executionArn);
        int limit = limit(maxResults);
        int count = entry.eventCount();
        int start = offset(nextToken, "history", count);
        int end = Math.min(count, start + limit);
        List<HistoryEvent> events = new ArrayList<>(end - start);
        storage.readLock().lock();
        try {
            for (int i = start; i < end; i++) {
                int index = reverseOrder ? count - 1 - i : i;
                events.add(historyEvent(readEvent(entry, index)));
            }
        } finally {
            storage.readLock().unlock();
        }
        return new Page<>(events, end < count ? token("history", end) : null);
    }

    @Override
    public ExecutionStop stopExecution(String executionArn, String error, String cause) {
        ensureOpen();
        ExecutionEntry entry = execution(executionArn);
        if (error != null && error.length() > 256) {
            throw new ValidationException("error must be at most 256 characters");
        }
        if (cause != null && cause.length() > 32768) {
            throw new ValidationException("cause must be at most 32768 characters");
        }
        stop(entry, error, cause);
        return new ExecutionStop(entry.stopDate());
    }

    /** Asks the execution's next turn to abort it, and waits until it has. */
    private void stop(ExecutionEntry entry, String error, String cause) {
        if (entry.status() == ExecutionStatus.RUNNING) {
            ObjectNode item = Json.object().put("type", "stop").put("err", error).put("cause", cause);
            Journal.Appended appended = appendInbox(entry, item, Map.of(), List.of());
            if (appended != null) {
                schedule(entry);
                awaitDurable(appended);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (closeSignal) {
            while (entry.status() == ExecutionStatus.RUNNING && System.nanoTime() < deadline && !closed) {
                try {
                    closeSignal.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EngineStorageException("interrupted while stopping " + entry.arn());
                }
            }
        }
    }

    private ExecutionEntry execution(String arn) {
        Names.executionArn(arn);
        ExecutionEntry entry = executions.get(arn);
        if (entry == null) {
            throw new ExecutionDoesNotExistException("Execution Does Not Exist: '" + arn + "'");
        }
        return entry;
    }

    private List<ExecutionEntry> executionsOf(String machineArn) {
        List<ExecutionEntry> list = byMachine.get(machineArn);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }

    // ==== task callbacks ============================================================================================

    @Override
    public void sendTaskSuccess(String taskToken, String output) {
        ensureOpen();
        if (output == null) {
            throw new InvalidOutputException("Invalid Output: output is required (JSON text)");
        }
        if (output.getBytes(StandardCharsets.UTF_8).length > PAYLOAD_LIMIT) {
            throw new InvalidOutputException("Invalid Output: the output is larger than 256 KiB (262144 bytes)");
        }
        JsonNode parsedOutput = Json.parseOrNull(output);
        if (parsedOutput == null) {
            throw new InvalidOutputException("Invalid Output: '" + abbreviate(output) + "' is not valid JSON");
        }
        ObjectNode item = Json.object().put("type", "callback").put("ok", true);
        item.set("out", parsedOutput);
        complete(taskToken, item);
    }

    @Override
    public void sendTaskFailure(String taskToken, String error, String cause) {
        ensureOpen();
        if (error != null && error.length() > 256) {
            throw new ValidationException("error must be at most 256 characters");
        }
        if (cause != null && cause.length() > 32768) {
            throw new ValidationException("cause must be at most 32768 characters");
        }
        ObjectNode item = Json.object().put("type", "callback").put("ok", false)
                .put("err", error == null ? "" : error).put("cause", cause);
        complete(taskToken, item);
    }

    @Override
    public void sendTaskHeartbeat(String taskToken) {
        ensureOpen();
        ExecutionEntry entry = openTask(taskToken);
        JsonNode task = taskOf(entry, taskToken);
        ObjectNode item = Json.object().put("type", "heartbeat").put("f", task.get("f").asText())
                .put("at", task.get("at").asText()).put("when", clock.now().toEpochMilli());
        Journal.Appended appended = appendInbox(entry, item, Map.of(), List.of());
        if (appended == null) {
            throw timedOut(taskToken);
        }
        schedule(entry);
        awaitDurable(appended);
    }

    /** Claims the token (exactly one caller wins), journals the outcome, then wakes the execution. */
    private void complete(String taskToken, ObjectNode item) {
        ExecutionEntry entry = openTask(taskToken);
        JsonNode task = taskOf(entry, taskToken);
        if (!openTokens.remove(taskToken, entry)) {
            throw timedOut(taskToken);
        }
        item.put("f", task.get("f").asText()).put("at", task.get("at").asText());
        Journal.Appended appended = appendInbox(entry, item, Map.of(), List.of("k:" + taskToken));
        if (appended == null) {
            throw timedOut(taskToken);
        }
        // The turn may start before the callback is durable: its own effects wait for its later record.
        schedule(entry);
        awaitDurable(appended);
    }

    private ExecutionEntry openTask(String taskToken) {
        long number = TaskTokens.executionNumber(taskToken);
        if (number < 0) {
            throw new InvalidTokenException("Invalid Token: the task token is malformed (it must be a token this"
                    + " engine issued, passed on unchanged)");
        }
        ExecutionEntry entry = openTokens.get(taskToken);
        if (entry == null) {
            if (byNumber.containsKey(number)) {
                throw timedOut(taskToken);
            }
            throw new TaskDoesNotExistException("Task Does Not Exist: no task was issued this token (its execution"
                    + " does not exist on this engine)");
        }
        return entry;
    }

    private JsonNode taskOf(ExecutionEntry entry, String taskToken) {
        byte[] cell = entry.cell("k:" + taskToken);
        if (cell == null) {
            throw timedOut(taskToken);
        }
        return Json.read(cell);
    }

    private static TaskTimedOutException timedOut(String taskToken) {
        return new TaskTimedOutException("Task Timed Out: 'Provided task does not exist anymore' (it completed,"
                + " failed, timed out, or its execution ended)");
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
            listener.onEventPublished(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "engine listener failed on a published event", e);
        }
    }

    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            boolean idle = busy.get() == 0 && !journal.busy() && !timers.hasDue() && invocationsAbandoned();
            quiet = idle ? quiet + 1 : 0;
            if (quiet >= 2) {
                return true;
            }
            Thread.sleep(idle ? 1 : 2);
        }
        return false;
    }

    /** True when every invocation still running belongs to an attempt that already ended (timed out, aborted). */
    private boolean invocationsAbandoned() {
        for (Map.Entry<String, ExecutionEntry> invocation : invocations.entrySet()) {
            ExecutionEntry entry = invocation.getValue();
            String attempt = invocation.getKey().substring(invocation.getKey().indexOf('/') + 1);
            if (entry.status() == ExecutionStatus.RUNNING && entry.cell("v:" + attempt) != null) {
                return false;
            }
        }
        return true;
    }

    // ==== turns =====================================================================================================

    private void schedule(ExecutionEntry entry) {
        if (closed) {
            return;
        }
        if (entry.scheduled.compareAndSet(false, true)) {
            busy.incrementAndGet();
            try {
                workers.execute(() -> runTurns(entry));
            } catch (RuntimeException rejected) {
                entry.scheduled.set(false);
                busy.decrementAndGet();
            }
        }
    }

    private void runTurns(ExecutionEntry entry) {
        try {
            while (!closed) {
                List<String> due = new ArrayList<>();
                for (String key; (key = entry.dueTimers.poll()) != null; ) {
                    due.add(key);
                }
                List<Map.Entry<String, byte[]>> inbox = entry.cells("n:");
                if (due.isEmpty() && inbox.isEmpty()) {
                    break;
                }
                if (entry.status() != ExecutionStatus.RUNNING) {
                    break;
                }
                storage.readLock().lock();
                try {
                    turn(entry, inbox, due);
                } finally {
                    storage.readLock().unlock();
                }
            }
        } catch (EngineStorageException e) {
            if (!closed) {
                LOG.log(Level.SEVERE, "engine storage failed while running " + entry.arn(), e);
            }
        } finally {
            entry.scheduled.set(false);
            if (!closed && (!entry.dueTimers.isEmpty() || (entry.status() == ExecutionStatus.RUNNING
                    && !entry.cells("n:").isEmpty()))) {
                schedule(entry);
            }
            busy.decrementAndGet();
        }
    }

    private void turn(ExecutionEntry entry, List<Map.Entry<String, byte[]>> inbox, List<String> due) {
        TurnResult result;
        try {
            result = interpreter.turn(entry, definition(entry.definitionKey()), clock.now(), inbox, due);
        } catch (EngineStorageException storageFailure) {
            throw storageFailure;
        } catch (RuntimeException bug) {
            LOG.log(Level.SEVERE, "internal error running " + entry.arn() + "; the execution fails", bug);
            result = internalFailure(entry, bug);
        }
        if (result.isEmpty()) {
            return;
        }
        List<byte[]> events = new ArrayList<>(result.events().size());
        result.events().forEach(event -> events.add(Json.bytes(event)));
        byte[] meta = null;
        if (result.closing() != null) {
            TurnResult.Closing closing = result.closing();
            ObjectNode closeMeta = Json.object().put("status", closing.status().name())
                    .put("stop", clock.now().toEpochMilli()).put("error", closing.error())
                    .put("cause", closing.cause());
            meta = Json.bytes(closeMeta);
        }
        Records.Encoded record = Records.execution(entry.number(), meta, events, result.puts(), result.deletes());
        Journal.Appended appended = append(record.body(), entry.arn(), result.events());
        List<byte[]> launches = new ArrayList<>();
        result.puts().forEach((key, value) -> {
            if (key.startsWith("v:")) {
                launches.add(value);
            }
        });
        if (!launches.isEmpty()) {
            afterDurable(appended, () -> launches.forEach(cell -> launch(entry, cell)));
        }
        maybeCompact();
    }

    /** Fails an execution the interpreter could not advance (a bug): better a clear failure than a loop. */
    private TurnResult internalFailure(ExecutionEntry entry, RuntimeException bug) {
        ObjectNode details = Json.object().put("error", "States.Runtime")
                .put("cause", "Internal error in the local engine: " + bug);
        ObjectNode event = Json.object().put("id", entry.eventCount() + 1).put("prev", entry.eventCount())
                .put("ts", clock.now().toEpochMilli()).put("type", HistoryEventType.ExecutionFailed.name());
        event.set("d", details);
        List<String> deletes = new ArrayList<>();
        entry.cells("").forEach(cell -> deletes.add(cell.getKey()));
        return new TurnResult(List.of(event), Map.of(), deletes, new TurnResult.Closing(ExecutionStatus.FAILED, null,
                "States.Runtime", details.get("cause").asText()));
    }

    private StateMachineDefinition definition(String key) {
        return parsed.computeIfAbsent(key, k -> {
            DefinitionParser.Result result = parser.parse(definitions.get(k));
            if (!result.valid()) {
                throw new IllegalStateException("a stored definition no longer parses: " + result.problems());
            }
            return result.definition();
        });
    }

    // ==== invocations ===============================================================================================

    private void launch(ExecutionEntry entry, byte[] cellBytes) {
        JsonNode cell = Json.read(cellBytes);
        TaskResource resource = TaskResource.parse(cell.get("r").asText());
        TaskIntegration integration = integrations.find(resource);
        TaskCall call = new TaskCall(resource, cell.get("p"), entry.arn(), cell.get("s").asText(),
                cell.get("at").asText(), cell.hasNonNull("tk") ? cell.get("tk").asText() : null,
                UUID.randomUUID().toString());
        String invocationKey = entry.number() + "/" + cell.get("at").asText();
        invocations.put(invocationKey, entry);
        try {
            taskPool.execute(() -> {
                ObjectNode item = Json.object().put("type", "result").put("f", cell.get("f").asText())
                        .put("at", cell.get("at").asText());
                try {
                    JsonNode out = integration.invoke(call);
                    item.put("ok", true).set("out", out);
                } catch (StatesFailure failure) {
                    item.put("ok", false).put("err", failure.error()).put("cause", failure.causeText());
                } catch (RuntimeException e) {
                    item.put("ok", false).put("err", "States.TaskFailed").put("cause", e.toString());
                }
                // Counted as busy from here, so awaitIdle never sees a gap between the invocation and its outcome.
                busy.incrementAndGet();
                invocations.remove(invocationKey);
                try {
                    if (closed) {
                        return;
                    }
                    Journal.Appended appended = appendInbox(entry, item, Map.of(), List.of());
                    if (appended != null) {
                        schedule(entry);
                        // Durable before this thread moves on, so a restart never runs the task again.
                        awaitDurable(appended);
                    }
                } catch (EngineStorageException e) {
                    if (!closed) {
                        LOG.log(Level.SEVERE, "cannot record a task result for " + entry.arn(), e);
                    }
                } finally {
                    busy.decrementAndGet();
                }
            });
        } catch (RuntimeException rejected) {
            invocations.remove(invocationKey);
        }
    }

    // ==== RunHost ===================================================================================================

    /** What the interpreter may ask of the engine (kept off the engine's own public surface). */
    private final class Host implements RunHost {

        @Override
        public double jitter() {
            synchronized (options.jitter()) {
                return options.jitter().nextDouble();
            }
        }

        @Override
        public String region() {
            return options.region();
        }

        @Override
        public String newToken(long executionNumber) {
            return tokens.issue(executionNumber);
        }

        @Override
        public boolean claimToken(String token) {
            ExecutionEntry entry = openTokens.get(token);
            return entry != null && openTokens.remove(token, entry);
        }

        @Override
        public JsonNode executionInput(ExecutionEntry entry) {
            return Json.read(readEvent(entry, 0).path("d").path("input").asText());
        }
    }

    // ==== journal: append, apply, replay, compaction ================================================================

    private Journal.Appended append(byte[] body) {
        return append(body, null, List.of());
    }

    /**
     * Appends a record and applies it; once it is durable the listener hears its events (of execution
     * {@code executionArn}), and only then does what applying it made due run (a nested execution's end or stop).
     */
    private Journal.Appended append(byte[] body, String executionArn, List<ObjectNode> events) {
        Journal.Appended appended;
        List<NestedExecutionLinks.Effect> due;
        storage.readLock().lock();
        try {
            synchronized (appendLock) {
                appended = journal.append(body);
                apply(ByteBuffer.wrap(body), appended.position().fileKey(), appended.position().offset());
                due = takeEffects();
            }
        } finally {
            storage.readLock().unlock();
        }
        notifyListener(executionArn, events, appended);
        performAfter(appended, due);
        return appended;
    }

    /** Appends an inbox item (and other cell changes) for a running execution; null if it has closed. */
    private Journal.Appended appendInbox(ExecutionEntry entry, ObjectNode item, Map<String, byte[]> morePuts,
                                         List<String> deletes) {
        return appendInbox(entry, item, morePuts, deletes, null);
    }

    /** As above; also null when {@code requiredCell} (if given) is no longer there. */
    private Journal.Appended appendInbox(ExecutionEntry entry, ObjectNode item, Map<String, byte[]> morePuts,
                                         List<String> deletes, String requiredCell) {
        Journal.Appended appended;
        List<NestedExecutionLinks.Effect> due;
        storage.readLock().lock();
        try {
            synchronized (appendLock) {
                if (entry.status() != ExecutionStatus.RUNNING
                        || requiredCell != null && entry.cell(requiredCell) == null) {
                    return null;
                }
                Map<String, byte[]> puts = new LinkedHashMap<>(morePuts);
                puts.put(entry.nextInboxKey(), Json.bytes(item));
                Records.Encoded record = Records.execution(entry.number(), null, List.of(), puts, deletes);
                appended = journal.append(record.body());
                apply(ByteBuffer.wrap(record.body()), appended.position().fileKey(), appended.position().offset());
                due = takeEffects();
            }
        } finally {
            storage.readLock().unlock();
        }
        performAfter(appended, due);
        return appended;
    }

    // ==== nested executions =========================================================================================

    private List<NestedExecutionLinks.Effect> takeEffects() {
        if (effects.isEmpty()) {
            return List.of();
        }
        List<NestedExecutionLinks.Effect> due = new ArrayList<>(effects);
        effects.clear();
        return due;
    }

    /** Runs the effects once the record that made them due is durable, off the journal writer's thread. */
    private void performAfter(Journal.Appended appended, List<NestedExecutionLinks.Effect> due) {
        if (!due.isEmpty()) {
            afterDurable(appended, () -> due.forEach(effect -> onWorker(() -> perform(effect))));
        }
    }

    private void perform(NestedExecutionLinks.Effect effect) {
        if (effect instanceof NestedExecutionLinks.Deliver deliver) {
            String jobCell = Interpreter.JOB_CELL + deliver.attempt();
            byte[] waiting = deliver.parent().cell(jobCell);
            if (waiting == null) {
                return;
            }
            JsonNode job = Json.read(waiting);
            ObjectNode item = StartExecutionIntegration.completion(describeExecution(deliver.child().arn()),
                    TaskResource.parse(job.get("r").asText()));
            item.put("type", "job").put("f", job.get("f").asText()).put("at", deliver.attempt());
            if (appendInbox(deliver.parent(), item, Map.of(), List.of(), jobCell) != null) {
                schedule(deliver.parent());
            }
        } else if (effect instanceof NestedExecutionLinks.Abort abort) {
            // The cause AWS gives a child whose managing task ended first; no error.
            ObjectNode item = Json.object().put("type", "stop").putNull("err").put("cause", "The Task state in AWS"
                    + " Step Functions execution [" + abort.parentArn() + "] which was managing this resource was"
                    + " aborted");
            if (appendInbox(abort.child(), item, Map.of(), List.of()) != null) {
                schedule(abort.child());
            }
        }
    }

    /** Runs an engine follow-up on a worker (never the journal writer), counted as busy until it is done. */
    private void onWorker(Runnable action) {
        busy.incrementAndGet();
        try {
            workers.execute(() -> {
                try {
                    if (!closed) {
                        action.run();
                    }
                } catch (RuntimeException e) {
                    if (!closed) {
                        LOG.log(Level.SEVERE, "engine follow-up for a nested execution failed", e);
                    }
                } finally {
                    busy.decrementAndGet();
                }
            });
        } catch (RuntimeException rejected) {
            busy.decrementAndGet();
        }
    }

    private static void putStartedBy(ObjectNode meta, NestedExecutions.StartedBy startedBy) {
        if (startedBy != null) {
            meta.putObject("by").put("x", startedBy.executionArn()).put("at", startedBy.attempt())
                    .put("w", startedBy.waits());
        }
    }

    private static NestedExecutions.StartedBy startedBy(JsonNode meta) {
        JsonNode by = meta.get("by");
        return by == null ? null : new NestedExecutions.StartedBy(by.get("x").asText(), by.get("at").asText(),
                by.get("w").asBoolean());
    }

    private void awaitDurable(Journal.Appended appended) {
        try {
            appended.durable().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof EngineStorageException storageFailure) {
                throw storageFailure;
            }
            throw new EngineStorageException("the engine journal cannot be written: " + e.getCause(), e.getCause());
        }
    }

    private void afterDurable(Journal.Appended appended, Runnable action) {
        busy.incrementAndGet();
        appended.durable().whenComplete((ignored, failure) -> {
            try {
                if (failure == null && !closed) {
                    action.run();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "engine follow-up action failed", e);
            } finally {
                busy.decrementAndGet();
            }
        });
    }

    private void notifyListener(String executionArn, List<ObjectNode> events, Journal.Appended appended) {
        if (listener == EngineListener.NONE || events.isEmpty()) {
            return;
        }
        afterDurable(appended, () -> {
            for (ObjectNode event : events) {
                try {
                    listener.onHistoryEvent(executionArn, historyEvent(event));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "engine listener failed", e);
                }
            }
        });
    }

    private void replay(long fileKey, long bodyOffset, ByteBuffer body) {
        apply(body, fileKey, bodyOffset);
        effects.clear(); // re-derived by reconcile() once replay is done
    }

    /** Applies one record to memory (replay and live appends share this, so both give the same state). */
    private void apply(ByteBuffer body, long fileKey, long bodyOffset) {
        Records.Decoded decoded = Records.decode(body);
        if (decoded instanceof Records.DefinitionRecord definition) {
            definitions.put(definition.key(), definition.text());
        } else if (decoded instanceof Records.StateMachineRecord machineRecord) {
            applyStateMachine(Json.read(machineRecord.json()));
        } else if (decoded instanceof Records.ExecutionRecord execution) {
            applyExecution(execution, fileKey, bodyOffset);
        }
    }

    private void applyStateMachine(JsonNode json) {
        String arn = json.get("arn").asText();
        Instant updated = json.hasNonNull("updated") ? Instant.ofEpochMilli(json.get("updated").asLong()) : null;
        StateMachineEntry machine = stateMachines.get(arn);
        if (machine == null) {
            machine = retiredMachines.get(arn);
        }
        boolean deleted = json.path("deleted").asBoolean();
        if (machine == null || (deleted == false && retiredMachines.containsKey(arn))) {
            // A new machine (possibly re-created under the name of a deleted one).
            machine = new StateMachineEntry(arn, json.get("name").asText(),
                    Instant.ofEpochMilli(json.get("created").asLong()), json.get("order").asLong(),
                    json.get("def").asText(), json.get("role").asText(), updated, json.get("rev").asText());
            retiredMachines.remove(arn);
        } else {
            machine.update(json.get("def").asText(), json.get("role").asText(), updated, json.get("rev").asText());
        }
        nextMachineOrder.accumulateAndGet(machine.order() + 1, Math::max);
        if (deleted) {
            stateMachines.remove(arn);
            retiredMachines.put(arn, machine);
        } else {
            stateMachines.put(arn, machine);
        }
    }

    private void applyExecution(Records.ExecutionRecord record, long fileKey, long bodyOffset) {
        ExecutionEntry entry = byNumber.get(record.number());
        JsonNode meta = record.meta() == null ? null : Json.read(record.meta());
        if (entry == null) {
            if (meta == null || !meta.has("arn")) {
                LOG.warning("engine journal: a record for unknown execution #" + record.number() + " is ignored");
                return;
            }
            String machineArn = meta.get("sm").asText();
            StateMachineEntry machine = stateMachines.containsKey(machineArn) ? stateMachines.get(machineArn)
                    : retiredMachines.get(machineArn);
            entry = new ExecutionEntry(record.number(), meta.get("arn").asText(), meta.get("name").asText(), machine,
                    meta.get("def").asText(), meta.get("role").asText(),
                    Instant.ofEpochMilli(meta.get("start").asLong()),
                    Base64.getDecoder().decode(meta.get("hash").asText()), startedBy(meta));
            byNumber.put(entry.number(), entry);
            executions.put(entry.arn(), entry);
            nested.started(entry, effects);
            byMachine.computeIfAbsent(machineArn, k -> Collections.synchronizedList(new ArrayList<>())).add(entry);
            nextNumber.accumulateAndGet(entry.number() + 1, Math::max);
        }
        for (int i = 0; i < record.eventOffsets().length; i++) {
            entry.addEventRef(fileKey, bodyOffset + record.eventOffsets()[i], record.eventLengths()[i]);
        }
        for (Map.Entry<String, byte[]> put : record.puts()) {
            entry.putCell(put.getKey(), put.getValue());
            cellPut(entry, put.getKey(), put.getValue());
        }
        for (String key : record.deletes()) {
            byte[] removed = entry.removeCell(key);
            if (removed != null) {
                cellRemoved(entry, key, removed);
            }
        }
        if (meta != null && meta.has("status")) {
            ExecutionStatus status = ExecutionStatus.valueOf(meta.get("status").asText());
            if (status != ExecutionStatus.RUNNING) {
                for (Map.Entry<String, byte[]> cell : entry.cells("")) {
                    cellRemoved(entry, cell.getKey(), cell.getValue());
                }
                entry.clearCells();
                entry.close(status, Instant.ofEpochMilli(meta.get("stop").asLong()), text(meta, "error"),
                        text(meta, "cause"));
                nested.closed(entry, effects);
                synchronized (closeSignal) {
                    closeSignal.notifyAll();
                }
            }
        }
    }

    private void cellPut(ExecutionEntry entry, String key, byte[] value) {
        if (key.startsWith("t:")) {
            timers.arm(entry, key, Json.read(value).get("at").asLong());
        } else if (key.startsWith("k:")) {
            openTokens.put(key.substring(2), entry);
        } else {
            nested.cellPut(entry, key, value, effects);
        }
    }

    private void cellRemoved(ExecutionEntry entry, String key, byte[] value) {
        if (key.startsWith("t:")) {
            timers.disarm(entry, key);
        } else if (key.startsWith("k:")) {
            openTokens.remove(key.substring(2), entry);
        } else {
            nested.cellRemoved(entry, key, value, effects);
        }
    }

    private void maybeCompact() {
        long threshold = Math.max(SNAPSHOT_THRESHOLD, lastSnapshotSize);
        if (journal.bytesSinceSnapshot() > threshold && compacting.compareAndSet(false, true)) {
            try {
                maintenance.execute(() -> {
                    try {
                        compact();
                    } catch (RuntimeException e) {
                        LOG.log(Level.SEVERE, "engine journal compaction failed; the journal keeps growing", e);
                    } finally {
                        compacting.set(false);
                    }
                });
            } catch (RuntimeException rejected) {
                compacting.set(false);
            }
        }
    }

    /** Replaces the journal so far with a snapshot of the current state (appends wait meanwhile). */
    public void compact() {
        storage.writeLock().lock();
        try {
            Map<ExecutionEntry, long[]> refs = new IdentityHashMap<>();
            long[] size = {0};
            journal.snapshot(sink -> {
                Set<String> keys = new HashSet<>();
                stateMachines.values().forEach(m -> keys.add(m.definitionKey()));
                byNumber.values().stream().filter(e -> e.status() == ExecutionStatus.RUNNING)
                        .forEach(e -> keys.add(e.definitionKey()));
                for (String key : keys) {
                    byte[] body = Records.definition(key, definitions.get(key));
                    sink.write(body);
                    size[0] += body.length;
                }
                List<StateMachineEntry> machines = new ArrayList<>(retiredMachines.values());
                machines.addAll(stateMachines.values());
                machines.sort(Comparator.comparingLong(StateMachineEntry::order));
                for (StateMachineEntry machine : machines) {
                    byte[] body = Records.stateMachine(Json.bytes(machineJson(machine.arn(), machine.name(),
                            machine.creationDate(), machine.order(), machine.definitionKey(), machine.roleArn(),
                            machine.updateDate(), machine.revisionId(), retiredMachines.containsKey(machine.arn()))));
                    sink.write(body);
                    size[0] += body.length;
                }
                List<ExecutionEntry> all = new ArrayList<>(byNumber.values());
                all.sort(Comparator.comparingLong(ExecutionEntry::number));
                for (ExecutionEntry entry : all) {
                    int count = entry.eventCount();
                    List<byte[]> events = new ArrayList<>(count);
                    long[] old = entry.eventRefs(0, count);
                    for (int i = 0; i < count; i++) {
                        events.add(journal.read(ExecutionEntry.fileKey(old[i * 2]), ExecutionEntry.offset(old[i * 2]),
                                (int) old[i * 2 + 1]));
                    }
                    Records.Encoded record = Records.execution(entry.number(), Json.bytes(fullMeta(entry)), events,
                            entry.allCells(), List.of());
                    Journal.Position position = sink.write(record.body());
                    size[0] += record.body().length;
                    long[] updated = new long[Math.max(16, count * 2)];
                    for (int i = 0; i < count; i++) {
                        updated[i * 2] = (position.fileKey() << 40) | (position.offset() + record.eventOffsets()[i]);
                        updated[i * 2 + 1] = record.eventLengths()[i];
                    }
                    refs.put(entry, updated);
                }
                sink.write(Records.snapshotEnd(all.size()));
            });
            refs.forEach((entry, updated) -> entry.replaceEventRefs(updated, entry.eventCount()));
            lastSnapshotSize = size[0];
        } finally {
            storage.writeLock().unlock();
        }
    }

    private static ObjectNode fullMeta(ExecutionEntry entry) {
        ObjectNode meta = Json.object().put("arn", entry.arn()).put("name", entry.name())
                .put("sm", entry.stateMachine().arn()).put("def", entry.definitionKey()).put("role", entry.roleArn())
                .put("start", entry.startDate().toEpochMilli())
                .put("hash", Base64.getEncoder().encodeToString(entry.inputHash()));
        putStartedBy(meta, entry.startedBy());
        if (entry.status() != ExecutionStatus.RUNNING) {
            meta.put("status", entry.status().name()).put("stop", entry.stopDate().toEpochMilli())
                    .put("error", entry.error()).put("cause", entry.cause());
        }
        return meta;
    }

    // ==== history ===================================================================================================

    private JsonNode readEvent(ExecutionEntry entry, int index) {
        long[] ref = entry.eventRefs(index, index + 1);
        return Json.read(journal.read(ExecutionEntry.fileKey(ref[0]), ExecutionEntry.offset(ref[0]), (int) ref[1]));
    }

    private static HistoryEvent historyEvent(JsonNode event) {
        JsonNode details = event.get("d");
        return new HistoryEvent(event.get("id").asLong(), event.get("prev").asLong(),
                Instant.ofEpochMilli(event.get("ts").asLong()), HistoryEventType.valueOf(event.get("type").asText()),
                details instanceof ObjectNode object ? object : null);
    }

    // ==== paging ====================================================================================================

    private static <T> Page<T> page(List<T> all, int maxResults, String nextToken, String kind) {
        int limit = limit(maxResults);
        int start = offset(nextToken, kind, all.size());
        int end = Math.min(all.size(), start + limit);
        return new Page<>(all.subList(start, end), end < all.size() ? token(kind, end) : null);
    }

    private static int limit(int maxResults) {
        if (maxResults < 0 || maxResults > 1000) {
            throw new ValidationException("maxResults must be from 0 to 1000 (0 means 100); got " + maxResults);
        }
        return maxResults == 0 ? 100 : maxResults;
    }

    private static String token(String kind, int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((kind + ":" + offset)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String token, String kind, int size) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(kind + ":")) {
                int offset = Integer.parseInt(decoded.substring(kind.length() + 1));
                if (offset >= 0 && offset <= size) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new InvalidTokenException("Invalid Token: the nextToken '" + abbreviate(token) + "' is not one this"
                + " listing returned: start again without it");
    }

    // ==== helpers ===================================================================================================

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(sha256Bytes(text));
    }

    private static byte[] sha256Bytes(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new EngineStorageException("the engine is closed");
        }
    }

    // ==== closing ===================================================================================================

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (closeSignal) {
            closeSignal.notifyAll();
        }
        shutdownThreads();
        journal.close();
        releaseLock();
    }

    /**
     * Stops as a crash would: queued journal writes are dropped, threads are abandoned, nothing is flushed. For
     * tests that reopen the directory in the same JVM to check recovery.
     */
    public void crash() {
        closed = true;
        journal.abandon();
        timers.stop();
        workers.shutdownNow();
        taskPool.shutdownNow();
        maintenance.shutdownNow();
        releaseLock();
    }

    private void shutdownThreads() {
        if (timers != null) {
            timers.stop();
        }
        for (ExecutorService pool : new ExecutorService[] {workers, maintenance, taskPool}) {
            if (pool != null) {
                pool.shutdown();
            }
        }
        try {
            if (workers != null) {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            }
            if (maintenance != null) {
                maintenance.awaitTermination(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (taskPool != null) {
            taskPool.shutdownNow();
        }
    }

    private void releaseLock() {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot release the data directory lock", e);
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            lockChannel.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "cannot close the data directory lock", e);
        }
    }

    /** How many timers are armed and tokens open: for tests and the benchmark's memory report. */
    public String statistics() {
        return "executions=" + byNumber.size() + " running=" + byNumber.values().stream()
                .filter(e -> e.status() == ExecutionStatus.RUNNING).count() + " timers=" + timers.size()
                + " openTokens=" + openTokens.size();
    }

}
