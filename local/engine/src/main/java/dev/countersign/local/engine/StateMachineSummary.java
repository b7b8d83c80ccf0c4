package dev.countersign.local.engine;

import java.time.Instant;

/** A state machine as ListStateMachines reports it. */
public record StateMachineSummary(String stateMachineArn, String name, String type, Instant creationDate) {
}
