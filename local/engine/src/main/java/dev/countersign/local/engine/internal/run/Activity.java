package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.internal.Json;

/** What a frame's current state is doing while it is not finished: the part of a paused execution that waits. */
sealed interface Activity {

    ObjectNode toJson();

    static Activity fromJson(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (node.get("k").asText()) {
            case "task" -> new TaskWork(node.get("at").asText(), node.get("p"),
                    node.hasNonNull("tk") ? node.get("tk").asText() : null, node.get("hb").asInt(),
                    node.get("sub").asBoolean());
            case "retry" -> new RetryWait(node.get("due").asLong());
            case "wait" -> new Waiting(node.get("due").asLong());
            case "par" -> new Branches(node.get("g").asText(), node.get("n").asInt(), node.get("open").asInt());
            case "map" -> new Iterations(node.get("g").asText(), node.get("n").asInt(), node.get("next").asInt(),
                    node.get("run").asInt(), node.get("ok").asInt(), node.get("bad").asInt(),
                    node.get("max").asInt(), node.get("pct").asDouble(), node.get("cnt").asLong(),
                    node.get("tol").asBoolean(), node.hasNonNull("mr") ? node.get("mr").asText() : null,
                    node.has("items") ? node.get("items").asInt() : node.get("n").asInt());
            default -> throw new IllegalStateException("unknown activity " + node);
        };
    }

    /**
     * A Task attempt in flight.
     *
     * @param attempt          unique within the execution; stale results for older attempts are ignored
     * @param parameters       what was sent (after Parameters/Arguments)
     * @param token            the task token ({@code .waitForTaskToken}), else null
     * @param heartbeatSeconds 0 when there is no heartbeat timeout
     * @param submitted        a callback task whose invocation has returned and now waits for its token
     */
    record TaskWork(String attempt, JsonNode parameters, String token, int heartbeatSeconds, boolean submitted)
            implements Activity {
        @Override
        public ObjectNode toJson() {
            ObjectNode node = Json.object().put("k", "task").put("at", attempt);
            node.set("p", parameters);
            node.put("tk", token).put("hb", heartbeatSeconds).put("sub", submitted);
            return node;
        }

        TaskWork asSubmitted() {
            return new TaskWork(attempt, parameters, token, heartbeatSeconds, true);
        }
    }

    /** A Task, Parallel or Map state waiting out a retry interval. */
    record RetryWait(long due) implements Activity {
        @Override
        public ObjectNode toJson() {
            return Json.object().put("k", "retry").put("due", due);
        }
    }

    /** A Wait state. */
    record Waiting(long due) implements Activity {
        @Override
        public ObjectNode toJson() {
            return Json.object().put("k", "wait").put("due", due);
        }
    }

    /**
     * A Parallel state running its branches as child frames {@code group.0 … group.(count-1)}.
     *
     * @param open branches not finished yet
     */
    record Branches(String group, int count, int open) implements Activity {
        @Override
        public ObjectNode toJson() {
            return Json.object().put("k", "par").put("g", group).put("n", count).put("open", open);
        }
    }

    /**
     * A Map state running iterations as child frames {@code group.i} (inline), or child executions {@code group.i}
     * of a map run (distributed); its items (distributed: the children's inputs) are in cell {@code i:group}.
     *
     * @param total          how many iterations (distributed: child executions)
     * @param next           the next iteration to start
     * @param succeeded      items that succeeded
     * @param failed         items that failed
     * @param maxConcurrency 0 for no limit
     * @param percentage     tolerated failure percentage, or -1
     * @param count          tolerated failure count, or -1
     * @param tolerant       true when a tolerance was configured (then an exceeded threshold fails with
     *                       States.ExceedToleratedFailureThreshold)
     * @param mapRun         the map run's ARN (distributed), else null
     * @param items          how many items (more than {@code total} when a distributed Map batches them)
     */
    record Iterations(String group, int total, int next, int running, int succeeded, int failed, int maxConcurrency,
                      double percentage, long count, boolean tolerant, String mapRun, int items) implements Activity {
        @Override
        public ObjectNode toJson() {
            ObjectNode node = Json.object().put("k", "map").put("g", group).put("n", total).put("next", next)
                    .put("run", running).put("ok", succeeded).put("bad", failed).put("max", maxConcurrency)
                    .put("pct", percentage).put("cnt", count).put("tol", tolerant);
            if (mapRun != null) {
                node.put("mr", mapRun).put("items", items);
            }
            return node;
        }

        Iterations with(int nextIndex, int runningNow, int succeededNow, int failedNow) {
            return new Iterations(group, total, nextIndex, runningNow, succeededNow, failedNow, maxConcurrency,
                    percentage, count, tolerant, mapRun, items);
        }

        boolean done() {
            return next == total && running == 0;
        }
    }
}
