package dev.countersign.local.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The events Step Functions puts on the account's default EventBridge bus when an execution starts or ends ({@value
 * #DETAIL_TYPE}, source {@value #SOURCE}), made from the engine's history: a listener that hands each status change,
 * with the execution's description as DescribeExecution gives it, to a {@link Sink} (the local bus). The description
 * is read on a thread of its own, never the engine's (listeners must not call back into the engine synchronously).
 *
 * <p>Detail: {@code executionArn}, {@code stateMachineArn}, {@code name}, {@code status} (RUNNING, SUCCEEDED,
 * FAILED, TIMED_OUT, ABORTED), {@code startDate} and {@code stopDate} (epoch milliseconds; stopDate null while
 * running), {@code input}, {@code output} (JSON text or null), {@code inputDetails}/{@code outputDetails} ({@code
 * {"included": true}}), {@code error}, {@code cause}.
 */
public final class ExecutionStatusEvents implements EngineListener, AutoCloseable {
    public static final String SOURCE = "aws.states";
    public static final String DETAIL_TYPE = "Step Functions Execution Status Change";

    /** Where the status changes go: the resources are {@code [executionArn]}, as on AWS. */
    @FunctionalInterface
    public interface Sink {
        void statusChanged(String executionArn, ObjectNode detail);
    }

    private static final Map<HistoryEventType, ExecutionStatus> STATUS = Map.of(
            HistoryEventType.ExecutionStarted, ExecutionStatus.RUNNING,
            HistoryEventType.ExecutionSucceeded, ExecutionStatus.SUCCEEDED,
            HistoryEventType.ExecutionFailed, ExecutionStatus.FAILED,
            HistoryEventType.ExecutionTimedOut, ExecutionStatus.TIMED_OUT,
            HistoryEventType.ExecutionAborted, ExecutionStatus.ABORTED);

    private final ObjectMapper json = new ObjectMapper();
    private final Supplier<Engine> engine;
    private final Sink sink;
    private final AtomicInteger pending = new AtomicInteger();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "engine-status-events");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param engine the engine whose executions these are (read once it is open: events of its recovery wait)
     */
    public ExecutionStatusEvents(Supplier<Engine> engine, Sink sink) {
        this.engine = engine;
        this.sink = sink;
    }

    @Override
    public void onHistoryEvent(String executionArn, HistoryEvent event) {
        ExecutionStatus status = STATUS.get(event.type());
        if (status == null) {
            return;
        }
        pending.incrementAndGet();
        try {
            thread.execute(() -> {
                try {
                    publish(executionArn, status);
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RuntimeException rejected) {
            pending.decrementAndGet();
        }
    }

    private void publish(String executionArn, ExecutionStatus status) {
        Engine open = engine.get();
        for (int wait = 0; open == null && wait < 100; wait++) {
            sleep();
            open = engine.get();
        }
        if (open == null) {
            return;
        }
        ExecutionDescription d = open.describeExecution(executionArn);
        ObjectNode detail = json.createObjectNode();
        detail.put("executionArn", d.executionArn());
        detail.put("stateMachineArn", d.stateMachineArn());
        detail.put("name", d.name());
        // The status the event announces, not the current one: a RUNNING event may be read after the end.
        detail.put("status", status.name());
        detail.put("startDate", d.startDate().toEpochMilli());
        if (status == ExecutionStatus.RUNNING || d.stopDate() == null) {
            detail.putNull("stopDate");
        } else {
            detail.put("stopDate", d.stopDate().toEpochMilli());
        }
        detail.put("input", d.input());
        detail.putObject("inputDetails").put("included", true);
        if (status == ExecutionStatus.SUCCEEDED && d.output() != null) {
            detail.put("output", d.output());
            detail.putObject("outputDetails").put("included", true);
        } else {
            detail.putNull("output");
            detail.putNull("outputDetails");
        }
        boolean ended = status != ExecutionStatus.RUNNING && status != ExecutionStatus.SUCCEEDED;
        if (ended && d.error() != null) {
            detail.put("error", d.error());
        } else {
            detail.putNull("error");
        }
        if (ended && d.cause() != null) {
            detail.put("cause", d.cause());
        } else {
            detail.putNull("cause");
        }
        sink.statusChanged(executionArn, detail);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether every status change heard so far has reached the sink. */
    public boolean isIdle() {
        return pending.get() == 0;
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
