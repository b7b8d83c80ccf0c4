package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.PayloadLimit;
import dev.countersign.local.engine.internal.asl.DynamicValue;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.asl.TaskResource;
import dev.countersign.local.engine.internal.asl.TaskState;

/**
 * Task: schedules an invocation (cell {@code v:<attempt>}, run by the engine after the turn is durable), issues a
 * task token for {@code .waitForTaskToken} (cell {@code k:<token>}), arms TimeoutSeconds/HeartbeatSeconds timers,
 * and finishes on the invocation's result, the callback, or a timer — whichever claims the attempt first. For
 * {@code .sync}/{@code .sync:2} the invocation starts a job (a nested execution) and the attempt then waits for it
 * (cell {@code j:<attempt>}); the engine delivers the job's end as a {@code job} inbox item, and stops the job when
 * the cell goes while the job still runs (timeout, abort, the execution ending).
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
        if (PayloadLimit.exceededBy(parametersText)) {
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
            turn.put("k:" + token, Json.object().put("f", frame.id).put("at", attempt));
        }
        ObjectNode invocation = Json.object().put("f", frame.id).put("at", attempt).put("r", resource.arn())
                .put("tk", token).put("s", state.name());
        invocation.set("p", parameters);
        turn.put("v:" + attempt, invocation);
        if (timeout != null) {
            turn.setTimer(frame, "timeout", turn.now + timeout * 1000L, attempt);
        }
        if (heartbeat != null) {
            turn.setTimer(frame, "heartbeat", turn.now + heartbeat * 1000L, attempt);
        }
        frame.activity = new Activity.TaskWork(attempt, parameters, token, heartbeat == null ? 0 : heartbeat, false);
        turn.save(frame);
    }

    /** The invocation returned (or threw). */
    void onResult(Turn turn, Frame frame, TaskState state, JsonNode item) {
        if (!(frame.activity instanceof Activity.TaskWork work) || !work.attempt().equals(item.get("at").asText())) {
            return;
        }
        turn.delete("v:" + work.attempt());
        boolean ok = item.get("ok").asBoolean();
        boolean runsJob = state.resource().pattern().runsJob();
        if (ok && (work.token() != null || runsJob)) {
            if (!work.submitted()) {
                ObjectNode details = resourceDetails(state.resource()).put("output", Json.write(item.get("out")));
                details.putObject("outputDetails").put("truncated", false);
                turn.event(frame, HistoryEventType.TaskSubmitted, details);
                if (runsJob) {
                    ObjectNode job = Json.object().put("f", frame.id).put("at", work.attempt())
                            .put("r", state.resource().arn());
                    job.set("job", item.get("out"));
                    turn.put(jobKey(work.attempt()), job);
                }
                frame.activity = work.asSubmitted();
                turn.save(frame);
            }
            return;
        }
        if (work.token() != null) {
            if (!turn.host.claimToken(work.token())) {
                return;
            }
            turn.delete("k:" + work.token());
        }
        cancelTimers(turn, frame);
        if (ok) {
            succeeded(turn, frame, state, item.get("out"));
        } else {
            failed(turn, frame, state, failure(item));
        }
    }

    /** SendTaskSuccess / SendTaskFailure claimed the token (the API already took it out of the index). */
    void onCallback(Turn turn, Frame frame, TaskState state, JsonNode item) {
        if (!(frame.activity instanceof Activity.TaskWork work) || !work.attempt().equals(item.get("at").asText())) {
            return;
        }
        turn.delete("k:" + work.token());
        finish(turn, frame, state, work, item);
    }

    /** The job of a {@code .sync} attempt (a nested execution) ended; the item carries the task's outcome. */
    void onJobEnded(Turn turn, Frame frame, TaskState state, JsonNode item) {
        if (!(frame.activity instanceof Activity.TaskWork work) || !work.attempt().equals(item.get("at").asText())) {
            return;
        }
        finish(turn, frame, state, work, item);
    }

    private void finish(Turn turn, Frame frame, TaskState state, Activity.TaskWork work, JsonNode item) {
        turn.delete("v:" + work.attempt());
        turn.delete(jobKey(work.attempt()));
        cancelTimers(turn, frame);
        if (item.get("ok").asBoolean()) {
            succeeded(turn, frame, state, item.get("out"));
        } else {
            failed(turn, frame, state, failure(item));
        }
    }

    void onHeartbeat(Turn turn, Frame frame, TaskState state, JsonNode item) {
        if (frame.activity instanceof Activity.TaskWork work && work.attempt().equals(item.get("at").asText())
                && work.heartbeatSeconds() > 0) {
            turn.setTimer(frame, "heartbeat", item.get("when").asLong() + work.heartbeatSeconds() * 1000L,
                    work.attempt());
        }
    }

    @Override
    void onTimer(Turn turn, Frame frame, TaskState state, String kind, JsonNode timer) {
        if (kind.equals("retry")) {
            super.onTimer(turn, frame, state, kind, timer);
            return;
        }
        if (!(frame.activity instanceof Activity.TaskWork work) || !work.attempt().equals(timer.path("ref").asText())) {
            return;
        }
        if (work.token() != null) {
            if (!turn.host.claimToken(work.token())) {
                return;
            }
            turn.delete("k:" + work.token());
        }
        turn.delete("v:" + work.attempt());
        turn.delete(jobKey(work.attempt()));
        cancelTimers(turn, frame);
        String error = kind.equals("heartbeat") ? StatesError.HEARTBEAT_TIMEOUT.errorName()
                : StatesError.TIMEOUT.errorName();
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
                turn.delete("k:" + work.token());
            }
            turn.delete("v:" + work.attempt());
            turn.delete(jobKey(work.attempt()));
            cancelTimers(turn, frame);
            turn.event(frame, HistoryEventType.TaskStateAborted, null);
        } else {
            super.abort(turn, frame, state);
        }
    }

    private void succeeded(Turn turn, Frame frame, TaskState state, JsonNode result) {
        String outputText = Json.write(result);
        if (PayloadLimit.exceededBy(outputText)) {
            failed(turn, frame, state, StatesError.DATA_LIMIT_EXCEEDED.failure("The state/task '" + state.name()
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
        details.put("error", failure.error());
        if (failure.causeText() != null) {
            details.put("cause", failure.causeText());
        }
        turn.event(frame, isBareLambda(state.resource()) ? HistoryEventType.LambdaFunctionFailed
                : HistoryEventType.TaskFailed, details);
        fail(turn, frame, state, failure);
    }

    private static StatesFailure failure(JsonNode item) {
        return new StatesFailure(item.path("err").asText(StatesError.TASK_FAILED.errorName()),
                item.hasNonNull("cause") ? item.get("cause").asText() : null);
    }

    /** The cell of a {@code .sync} attempt waiting for its job: {@code f}, {@code at}, {@code r}, {@code job}. */
    static String jobKey(String attempt) {
        return Interpreter.JOB_CELL + attempt;
    }

    private static void cancelTimers(Turn turn, Frame frame) {
        turn.cancelTimer(frame, "timeout");
        turn.cancelTimer(frame, "heartbeat");
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
