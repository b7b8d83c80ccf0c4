package dev.countersign.local.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.EngineStorageException;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.internal.asl.TaskResource;
import dev.countersign.local.engine.internal.journal.Journal;
import dev.countersign.local.engine.internal.run.Cell;
import dev.countersign.local.engine.internal.run.InboxItem;
import dev.countersign.local.engine.internal.store.CellKey;
import dev.countersign.local.engine.internal.store.ExecutionEntry;
import dev.countersign.local.engine.internal.store.ExecutionObserver;
import dev.countersign.local.engine.internal.store.ExecutionStore;
import dev.countersign.local.engine.internal.task.TaskCall;
import dev.countersign.local.engine.internal.task.TaskIntegration;
import dev.countersign.local.engine.internal.task.TaskIntegrations;
import dev.countersign.local.engine.internal.task.TaskOutcome;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs task invocations on the task threads. An invocation a turn schedules starts once that turn's record is durable;
 * its outcome becomes an inbox item, journalled (and, under fsync ALWAYS, forced) before the task thread lets go, so a
 * restart never runs a completed task again. At open, every invocation without a result in the inbox runs again.
 */
final class TaskDispatcher implements ExecutionObserver {
    private static final Logger LOG = Logger.getLogger(TaskDispatcher.class.getName());

    private final TaskIntegrations integrations;
    private final ExecutionStore store;
    private final TurnScheduler scheduler;
    private final Lifecycle lifecycle;
    private final ExecutorService taskPool;
    /** Invocations running on the task threads, by execution and attempt (awaitIdle ignores abandoned ones). */
    private final Map<String, ExecutionEntry> running = new ConcurrentHashMap<>();

    TaskDispatcher(TaskIntegrations integrations, ExecutionStore store, TurnScheduler scheduler, Lifecycle lifecycle,
                   ExecutorService taskPool) {
        this.integrations = integrations;
        this.store = store;
        this.scheduler = scheduler;
        this.lifecycle = lifecycle;
        this.taskPool = taskPool;
    }

    @Override
    public void cellPut(ExecutionEntry execution, CellKey key, byte[] value, Consumer<Runnable> later) {
        if (key.kind() == CellKey.Kind.INVOCATION) {
            later.accept(() -> launch(execution, (Cell.Invocation) Cell.decode(key, value)));
        }
    }

    /** At open: runs again every invocation that was running at the crash (no result in the inbox yet). */
    void resume() {
        for (ExecutionEntry entry : store.all()) {
            if (entry.status() != ExecutionStatus.RUNNING) {
                continue;
            }
            Set<String> delivered = new HashSet<>();
            for (Map.Entry<CellKey, byte[]> cell : entry.cells(CellKey.Kind.INBOX)) {
                if (((Cell.Inbox) Cell.decode(cell.getKey(), cell.getValue())).item()
                        instanceof InboxItem.TaskResult result) {
                    delivered.add(result.attempt());
                }
            }
            for (Map.Entry<CellKey, byte[]> cell : entry.cells(CellKey.Kind.INVOCATION)) {
                if (!delivered.contains(cell.getKey().name())) {
                    launch(entry, (Cell.Invocation) Cell.decode(cell.getKey(), cell.getValue()));
                }
            }
        }
    }

    /** True when every invocation still running belongs to an attempt that already ended (timed out, aborted). */
    boolean onlyAbandonedRunning() {
        for (Map.Entry<String, ExecutionEntry> invocation : running.entrySet()) {
            ExecutionEntry entry = invocation.getValue();
            String attempt = invocation.getKey().substring(invocation.getKey().indexOf('/') + 1);
            if (entry.status() == ExecutionStatus.RUNNING && entry.cell(CellKey.invocation(attempt)) != null) {
                return false;
            }
        }
        return true;
    }

    private void launch(ExecutionEntry entry, Cell.Invocation invocation) {
        TaskResource resource = TaskResource.parse(invocation.resource());
        TaskIntegration integration = integrations.find(resource);
        TaskCall call = new TaskCall(resource, invocation.parameters(), entry.arn(), invocation.stateName(),
                invocation.attempt(), invocation.token(), UUID.randomUUID().toString());
        String key = entry.number() + "/" + invocation.attempt();
        running.put(key, entry);
        try {
            taskPool.execute(() -> {
                TaskOutcome outcome = invoke(integration, call);
                // Counted as in flight from here, so awaitIdle never sees a gap between the invocation and its result.
                lifecycle.begin();
                running.remove(key);
                try {
                    if (lifecycle.isClosed()) {
                        return;
                    }
                    Journal.Appended appended = scheduler.deliver(entry, new InboxItem.TaskResult(
                            invocation.frameId(), invocation.attempt(), outcome), List.of(), null);
                    if (appended != null) {
                        // Durable before this thread moves on, so a restart never runs the task again.
                        store.awaitDurable(appended);
                    }
                } catch (EngineStorageException e) {
                    if (!lifecycle.isClosed()) {
                        LOG.log(Level.SEVERE, "cannot record a task result for " + entry.arn(), e);
                    }
                } finally {
                    lifecycle.end();
                }
            });
        } catch (RuntimeException rejected) {
            running.remove(key);
        }
    }

    private static TaskOutcome invoke(TaskIntegration integration, TaskCall call) {
        try {
            JsonNode out = integration.invoke(call);
            return new TaskOutcome.Succeeded(out);
        } catch (StatesFailure failure) {
            return new TaskOutcome.Failed(failure.error(), failure.causeText());
        } catch (RuntimeException e) {
            return new TaskOutcome.Failed(StatesError.TASK_FAILED.errorName(), e.toString());
        }
    }
}
