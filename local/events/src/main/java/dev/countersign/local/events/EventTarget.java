package dev.countersign.local.events;

import com.fasterxml.jackson.databind.JsonNode;

/** Where a rule sends a matching event (its input after the target's InputPath): a workflow, a function, a file… */
public interface EventTarget {

    /** What it is, for log lines: "state machine approval-gate", "file decisions.jsonl". */
    String description();

    /** Delivers one input; a thrown exception is a failed delivery (logged with the rule and the target). */
    void deliver(JsonNode input) throws Exception;
}
