package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.Limits;
import dev.countersign.local.engine.internal.asl.DynamicValue;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.asl.TaskResource;
import dev.countersign.local.engine.internal.asl.TaskState;
import dev.countersign.local.engine.internal.store.CellKey;
import dev.countersign.local.engine.internal.task.TaskOutcome;

/**
 * Task: schedules an invocation ({@link Cell.Invocation}, run by the engine after the turn is durable), issues a
 * task token for {@code .waitForTaskToken} ({@link Cell.OpenTask}), arms TimeoutSeconds/HeartbeatSeconds timers,
 * and finishes on the invocation's result, the callback, or a timer — whichever claims the attempt first. For
 * {@code .sync}/{@code .sync:2} the invocation starts a job (a nested execution) and the attempt then waits for it
 * ({@link Cell.JobWait}); the engine delivers the job's end as {@link InboxItem.JobEnded}, and stops the job when
 * the wait goes while the job still runs (timeout, abort, the execution ending).
 */
final class TaskRunner extends StateRunner<TaskState> {
    TaskRunner(Interpreter interpreter) {
        super(interpreter, HistoryEventType.TaskStateEntered, HistoryEventType.TaskStateExited);
    }

    @Override
    void start(Turn turn, Frame frame, TaskState state) {
        TaskResource resource = state.resource();
        boolean callback = resource.pattern() == TaskResource.Pattern.WAIT_FOR_TASK_TOKEN;
        String attempt = turn.newId("a");
        String token = callback ? turn.host.newToken(turn.entry.number()) : null;
        ObjectNode extra = null;
        if (token != null) {
            extra = Json.object();
            extra.putObject("Task").put("Token", token);
        }
        JsonNode parameters;
        JsonNode effective = frame.input;
        if (state.language() == QueryLanguage.JSONPATH) {
            effective = effectiveInput(turn, frame, state);
            parameters = state.parameters() == null ? effective
                    : state.parameters().evaluate(jsonPathScope(turn, frame, effective, extra));
        } else {
            parameters = state.parameters() == null ? frame.input
                    : state.parameters().evaluate(jsonataScope(turn, frame, null, null, extra));
        }
        Integer timeout = seconds(turn, frame, state, state.timeoutSeconds(), "TimeoutSeconds", effective, extra);
        Integer heartbeat = seconds(turn, frame, state, state.heartbeatSeconds(), "HeartbeatSeconds", effective,
                extra);
        String parametersText = Json.write(parameters);
        if (Limits.payloadExceededBy(parametersText)) {
            throw StatesError.DATA_LIMIT_EXCEEDED.failure("The parameters of task '" + state.name() + "' exceed the"
                    + " maximum number of bytes service limit.");
        }
        if (isBareLambda(resource)) {
            ObjectNode details = Json.object().put("resource", resource.arn()).put("input", parametersText);
            details.putObject("inputDetails").put("truncated", false);
            if (timeout != null) {
                details.put("timeoutInSeconds", timeout);
            }
            turn.event(frame, HistoryEventType.LambdaFunctionScheduled, details);
            turn.event(frame, HistoryEventType.LambdaFunctionStarted, null);
        } else {
            ObjectNode details = Json.object().put("resourceType", resource.resourceType())
                    .put("resource", resource.historyResource()).put("region", turn.host.region())
                    .put("parameters", parametersText);
            if (timeout != null) {
                details.put("timeoutInSeconds", timeout);
            }
            if (heartbeat != null) {
                details.put("heartbeatInSeconds", heartbeat);
            }
            turn.event(frame, HistoryEventType.TaskScheduled, details);
            turn.event(frame, HistoryEventType.TaskStarted, resourceDetails(resource));
        }
        if (token != null) {
            turn.put(new Cell.OpenTask(token, frame.id, attempt));
        }
        turn.put(new Cell.Invocation(attempt, frame.id, resource.arn(), token, state.name(), parameters));
        if (timeout != null) {
            turn.setTimer(frame, Cell.TimerKind.TIMEOUT, turn.now + timeout * 1000L, attempt);
        }
        if (heartbeat != null) {
            turn.setTimer(frame, Cell.TimerKind.HEARTBEAT, turn.now + heartbeat * 1000L, attempt);
        }
        frame.activity = new Activity.TaskWork(attempt, parameters, token, heartbeat == null ? 0 : heartbeat, false);
        turn.save(frame);
    }

    /** Something arrived for a task attempt; items for an attempt the frame no longer runs are ignored. */
    @Override
    void receive(Turn turn, Frame frame, TaskState state, InboxItem.ForTask item) {
        if (!(frame.activity instanceof Activity.TaskWork work) || !work.attempt().equals(item.attempt())) {
            return;
        }
        if (item instanceof InboxItem.TaskResult result) {
            onResult(turn, frame, state, work, result.outcome());
        } else if (item instanceof InboxItem.Callback callback) {
            // SendTaskSuccess / SendTaskFailure already took the token out of the index.
            endAttempt(turn, frame, work);
            finish(turn, frame, state, callback.outcome());
        } else if (item instanceof InboxItem.JobEnded job) {
            endAttempt(turn, frame, work);
            finish(turn, frame, state, job.outcome());
        } else if (item instanceof InboxItem.Heartbeat heartbeat && work.heartbeatSeconds() > 0) {
            turn.setTimer(frame, Cell.TimerKind.HEARTBEAT, heartbeat.when() + work.heartbeatSeconds() * 1000L,
                    work.attempt());
        }
    }

    /** The invocation returned (or threw). */
    private void onResult(Turn turn, Frame frame, TaskState state, Activity.TaskWork work, TaskOutcome outcome) {
        turn.delete(CellKey.invocation(work.attempt()));
        boolean runsJob = state.resource().pattern().runsJob();
        if (outcome instanceof TaskOutcome.Succeeded submitted && (work.token() != null || runsJob)) {
            if (!work.submitted()) {
                ObjectNode details = resourceDetails(state.resource()).put("output",
                        Json.write(submitted.output()));
                details.putObject("outputDetails").put("truncated", false);
                turn.event(frame, HistoryEventType.TaskSubmitted, details);
                if (runsJob) {
                    turn.put(new Cell.JobWait(work.attempt(), frame.id, state.resource().arn(), submitted.output()));
                }
                frame.activity = work.asSubmitted();
                turn.save(frame);
            }
            return;
        }
        if (work.token() != null && !turn.host.claimToken(work.token())) {
            return;
        }
        endAttempt(turn, frame, work);
        finish(turn, frame, state, outcome);
    }

    private void finish(Turn turn, Frame frame, TaskState state, TaskOutcome outcome) {
        if (outcome instanceof TaskOutcome.Succeeded succeeded) {
            succeeded(turn, frame, state, succeeded.output());
        } else {
            failed(turn, frame, state, ((TaskOutcome.Failed) outcome).failure());
        }
    }

    @Override
    void onTimer(Turn turn, Frame frame, TaskState state, Cell.Timer timer) {
        if (timer.kind() == Cell.TimerKind.RETRY) {
            super.onTimer(turn, frame, state, timer);
            return;
        }
        if (!(frame.activity instanceof Activity.TaskWork work) || !work.attempt().equals(timer.reference())) {
            return;
        }
        if (work.token() != null && !turn.host.claimToken(work.token())) {
            return;
        }
        endAttempt(turn, frame, work);
        // A missed heartbeat fails the task with States.Timeout too, as recorded executions show.
        String error = StatesError.TIMEOUT.errorName();
        ObjectNode details = isBareLambda(state.resource()) ? Json.object()
                : resourceDetails(state.resource());
        details.put("error", error);
        turn.event(frame, isBareLambda(state.resource()) ? HistoryEventType.LambdaFunctionTimedOut
                : HistoryEventType.TaskTimedOut, details);
        fail(turn, frame, state, new StatesFailure(error, null));
    }

    @Override
    void abort(Turn turn, Frame frame, TaskState state) {
        if (frame.activity instanceof Activity.TaskWork work) {
            if (work.token() != null) {
                turn.host.claimToken(work.token());
            }
            endAttempt(turn, frame, work);
            turn.event(frame, HistoryEventType.TaskStateAborted, null);
        } else {
            super.abort(turn, frame, state);
        }
    }

    /**
     * Removes what an attempt keeps while it runs: its token, invocation, job wait and timers. The engine stops a
     * {@code .sync} job whose wait goes while the job still runs.
     */
    private static void endAttempt(Turn turn, Frame frame, Activity.TaskWork work) {
        if (work.token() != null) {
            turn.delete(CellKey.token(work.token()));
        }
        turn.delete(CellKey.invocation(work.attempt()));
        turn.delete(CellKey.job(work.attempt()));
        turn.cancelTimer(frame, Cell.TimerKind.TIMEOUT);
        turn.cancelTimer(frame, Cell.TimerKind.HEARTBEAT);
    }

    private void succeeded(Turn turn, Frame frame, TaskState state, JsonNode result) {
        String outputText = Json.write(result);
        if (Limits.payloadExceededBy(outputText)) {
            // AWS names the resource here (the service, or the function's ARN), not the state.
            String task = isBareLambda(state.resource()) ? state.resource().arn() : state.resource().resourceType();
            failed(turn, frame, state, StatesError.DATA_LIMIT_EXCEEDED.failure("The state/task '" + task
                    + "' returned a result with a size exceeding the maximum number of bytes service limit."));
            return;
        }
        ObjectNode details = isBareLambda(state.resource()) ? Json.object() : resourceDetails(state.resource());
        details.put("output", outputText);
        details.putObject("outputDetails").put("truncated", false);
        turn.event(frame, isBareLambda(state.resource()) ? HistoryEventType.LambdaFunctionSucceeded
                : HistoryEventType.TaskSucceeded, details);
        finishWithResult(turn, frame, state, result, state.resultSelector(), state.resultPath());
    }

    private void failed(Turn turn, Frame frame, TaskState state, StatesFailure failure) {
        ObjectNode details = isBareLambda(state.resource()) ? Json.object() : resourceDetails(state.resource());
        if (failure.error() != null) {
            details.put("error", failure.error());
        }
        if (failure.causeText() != null) {
            details.put("cause", failure.causeText());
        }
        turn.event(frame, isBareLambda(state.resource()) ? HistoryEventType.LambdaFunctionFailed
                : HistoryEventType.TaskFailed, details);
        fail(turn, frame, state, failure);
    }

    private static ObjectNode resourceDetails(TaskResource resource) {
        return Json.object().put("resourceType", resource.resourceType()).put("resource", resource.historyResource());
    }

    static boolean isBareLambda(TaskResource resource) {
        return TaskResource.LAMBDA_FUNCTION.equals(resource.service());
    }

    private Integer seconds(Turn turn, Frame frame, TaskState state, DynamicValue value, String field,
                            JsonNode effective, ObjectNode extra) {
        if (value == null) {
            return null;
        }
        JsonNode resolved = resolve(turn, frame, state, value, field, () -> effective, extra, "state");
        if (resolved == null || !resolved.isIntegralNumber() || resolved.asLong() < 1
                || resolved.asLong() > 99_999_999L) {
            StatesError error = state.language() == QueryLanguage.JSONATA ? StatesError.QUERY_EVALUATION_ERROR
                    : StatesError.RUNTIME;
            throw error.failure("The " + field + " of state '" + state.name() + "' must be a whole number from 1 to"
                    + " 99999999; got " + resolved);
        }
        return (int) resolved.asLong();
    }
}
