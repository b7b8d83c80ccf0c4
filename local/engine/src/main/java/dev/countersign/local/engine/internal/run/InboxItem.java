package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.internal.Json;
import dev.countersign.local.engine.internal.task.TaskOutcome;

/**
 * What arrives for an execution between turns (its inbox cells), with one codec: JSON objects with a {@code type}
 * ({@code start}, {@code stop}, {@code result}, {@code callback}, {@code job}, {@code heartbeat}), as journal records
 * hold them.
 */
public sealed interface InboxItem {

    byte[] encode();

    static InboxItem decode(JsonNode json) {
        String type = json.get("type").asText();
        return switch (type) {
            case "start" -> new Start();
            case "stop" -> new Stop(text(json, "err"), text(json, "cause"));
            case "result" -> new TaskResult(frame(json), attempt(json), outcome(json));
            case "callback" -> new Callback(frame(json), attempt(json), outcome(json));
            case "job" -> new JobEnded(frame(json), attempt(json), outcome(json));
            case "heartbeat" -> new Heartbeat(frame(json), attempt(json), json.get("when").asLong());
            default -> throw new IllegalStateException("unknown inbox item " + json);
        };
    }

    /** The execution was started: its first turn enters StartAt. */
    record Start() implements InboxItem {
        @Override
        public byte[] encode() {
            return Json.bytes(Json.object().put("type", "start"));
        }
    }

    /** Abort the execution (StopExecution, a deleted machine, a managing parent that stopped waiting). */
    record Stop(String error, String cause) implements InboxItem {
        @Override
        public byte[] encode() {
            return Json.bytes(Json.object().put("type", "stop").put("err", error).put("cause", cause));
        }
    }

    /** An item for one task attempt of one frame; ignored when that attempt is no longer what the frame does. */
    sealed interface ForTask extends InboxItem {
        String frameId();

        String attempt();
    }

    /** The attempt's invocation returned (or threw). */
    record TaskResult(String frameId, String attempt, TaskOutcome outcome) implements ForTask {
        @Override
        public byte[] encode() {
            return encodeOutcome("result", frameId, attempt, outcome);
        }
    }

    /** SendTaskSuccess or SendTaskFailure, which already claimed the attempt's token. */
    record Callback(String frameId, String attempt, TaskOutcome outcome) implements ForTask {
        @Override
        public byte[] encode() {
            return encodeOutcome("callback", frameId, attempt, outcome);
        }
    }

    /** The job of a {@code .sync} attempt (a nested execution) ended; the outcome is the task's. */
    record JobEnded(String frameId, String attempt, TaskOutcome outcome) implements ForTask {
        @Override
        public byte[] encode() {
            return encodeOutcome("job", frameId, attempt, outcome);
        }
    }

    /** SendTaskHeartbeat at {@code when} (epoch milliseconds). */
    record Heartbeat(String frameId, String attempt, long when) implements ForTask {
        @Override
        public byte[] encode() {
            return Json.bytes(Json.object().put("type", "heartbeat").put("f", frameId).put("at", attempt)
                    .put("when", when));
        }
    }

    private static byte[] encodeOutcome(String type, String frameId, String attempt, TaskOutcome outcome) {
        ObjectNode json = Json.object().put("type", type).put("f", frameId).put("at", attempt);
        if (outcome instanceof TaskOutcome.Succeeded succeeded) {
            json.put("ok", true).set("out", succeeded.output());
        } else {
            TaskOutcome.Failed failed = (TaskOutcome.Failed) outcome;
            json.put("ok", false).put("err", failed.error()).put("cause", failed.cause());
        }
        return Json.bytes(json);
    }

    private static TaskOutcome outcome(JsonNode json) {
        if (json.get("ok").asBoolean()) {
            return new TaskOutcome.Succeeded(json.get("out"));
        }
        // An error name written as null (or missing) reads as States.TaskFailed, as it always has.
        return new TaskOutcome.Failed(json.hasNonNull("err") ? json.get("err").asText()
                : StatesError.TASK_FAILED.errorName(), text(json, "cause"));
    }

    private static String frame(JsonNode json) {
        return json.get("f").asText();
    }

    private static String attempt(JsonNode json) {
        return json.get("at").asText();
    }

    private static String text(JsonNode json, String field) {
        return json.hasNonNull(field) ? json.get(field).asText() : null;
    }
}
