package dev.countersign.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.TaskToken;
import dev.countersign.workflow.CallbackResult;
import dev.countersign.workflow.WorkflowCallback;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link WorkflowCallback} that records every call and answers {@link CallbackResult.Delivered}, or the answers a
 * test queued ({@link #answerNext}). The functions' tests use it in place of Step Functions, which lives in the local
 * engine (functions must not depend on it); the runtime's end-to-end tests use the real thing.
 */
public final class RecordingWorkflowCallback implements WorkflowCallback {

    /** One call: {@code kind} is success, failure or heartbeat. */
    public record Call(String kind, TaskToken token, ObjectNode output, String error, String cause) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Deque<CallbackResult> answers = new ArrayDeque<>();

    /** The next calls answer these, in order; then Delivered again. */
    public synchronized RecordingWorkflowCallback answerNext(CallbackResult... results) {
        answers.addAll(List.of(results));
        return this;
    }

    @Override
    public CallbackResult succeed(TaskToken token, ObjectNode output) {
        return record(new Call("success", token, output.deepCopy(), null, null));
    }

    @Override
    public CallbackResult fail(TaskToken token, String error, String cause) {
        return record(new Call("failure", token, null, error, cause));
    }

    @Override
    public CallbackResult heartbeat(TaskToken token) {
        return record(new Call("heartbeat", token, null, null, null));
    }

    private CallbackResult record(Call call) {
        calls.add(call);
        synchronized (this) {
            CallbackResult next = answers.poll();
            return next == null ? new CallbackResult.Delivered(1) : next;
        }
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> successes() {
        return calls.stream().filter(c -> c.kind().equals("success")).toList();
    }

    public List<Call> failures() {
        return calls.stream().filter(c -> c.kind().equals("failure")).toList();
    }
}
