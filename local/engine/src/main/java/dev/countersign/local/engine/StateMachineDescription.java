package dev.countersign.local.engine;

import java.time.Instant;

/**
 * A state machine as DescribeStateMachine reports it.
 *
 * @param status     {@code ACTIVE} (deleted ones are gone)
 * @param type       always {@code STANDARD}
 * @param revisionId changes with every definition or role update
 * @param updateDate null until the first update
 */
public record StateMachineDescription(String stateMachineArn, String name, String status, String definition,
                                      String roleArn, String type, Instant creationDate, Instant updateDate,
                                      String revisionId) {
}
