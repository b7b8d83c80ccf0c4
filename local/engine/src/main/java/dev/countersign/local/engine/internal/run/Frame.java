package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.internal.Json;

/**
 * One running program of an execution: the top level, a Parallel branch or a Map iteration. A frame is the unit a
 * paused execution is made of on disk (cell {@code f:<id>}); it knows its current state, that state's input, its
 * own variable scope and what the state is doing.
 */
public final class Frame {
    enum Status { RUNNING, SUCCEEDED, FAILED }

    final String id;
    final String parentId;
    final int index;
    final int programId;
    String state;
    JsonNode input;
    ObjectNode variables;
    long enteredTime;
    long enteredEventId;
    long previousEventId;
    int retryCount;
    int[] retrierAttempts = new int[0];
    /** Retries per retrier and error name ({@code "index:error"}): MaxAttempts limits each error separately. */
    ObjectNode errorAttempts = Json.object();
    Activity activity;
    Status status = Status.RUNNING;
    JsonNode output;
    String error;
    String cause;
    /** Set when the frame was aborted or removed in this turn: queued transitions for it are dropped. */
    boolean gone;

    Frame(String id, String parentId, int index, int programId) {
        this.id = id;
        this.parentId = parentId;
        this.index = index;
        this.programId = programId;
        this.variables = Json.object();
    }

    boolean isRoot() {
        return parentId == null;
    }

    byte[] toBytes() {
        ObjectNode node = Json.object();
        if (parentId != null) {
            node.put("p", parentId).put("ix", index);
        }
        node.put("pg", programId).put("s", state);
        node.set("in", input);
        if (!variables.isEmpty()) {
            node.set("v", variables);
        }
        node.put("et", enteredTime).put("ee", enteredEventId).put("pe", previousEventId).put("rc", retryCount);
        if (retrierAttempts.length > 0) {
            ArrayNode attempts = node.putArray("ra");
            for (int attempt : retrierAttempts) {
                attempts.add(attempt);
            }
        }
        if (!errorAttempts.isEmpty()) {
            node.set("ea", errorAttempts);
        }
        if (activity != null) {
            node.set("a", activity.toJson());
        }
        if (status != Status.RUNNING) {
            node.put("st", status.name());
            node.set("o", output);
            node.put("e", error).put("c", cause);
        }
        return Json.bytes(node);
    }

    static Frame fromBytes(String id, byte[] bytes) {
        JsonNode node = Json.read(bytes);
        Frame frame = new Frame(id, node.hasNonNull("p") ? node.get("p").asText() : null,
                node.path("ix").asInt(-1), node.get("pg").asInt());
        frame.state = node.hasNonNull("s") ? node.get("s").asText() : null;
        frame.input = node.get("in");
        if (node.has("v")) {
            frame.variables = (ObjectNode) node.get("v");
        }
        frame.enteredTime = node.path("et").asLong();
        frame.enteredEventId = node.path("ee").asLong();
        frame.previousEventId = node.path("pe").asLong();
        frame.retryCount = node.path("rc").asInt();
        JsonNode attempts = node.get("ra");
        if (attempts != null) {
            frame.retrierAttempts = new int[attempts.size()];
            for (int i = 0; i < attempts.size(); i++) {
                frame.retrierAttempts[i] = attempts.get(i).asInt();
            }
        }
        if (node.has("ea")) {
            frame.errorAttempts = (ObjectNode) node.get("ea");
        }
        frame.activity = Activity.fromJson(node.get("a"));
        if (node.has("st")) {
            frame.status = Status.valueOf(node.get("st").asText());
            frame.output = node.get("o");
            frame.error = node.hasNonNull("e") ? node.get("e").asText() : null;
            frame.cause = node.hasNonNull("c") ? node.get("c").asText() : null;
        }
        return frame;
    }
}
