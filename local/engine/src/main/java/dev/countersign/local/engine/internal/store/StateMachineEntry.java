package dev.countersign.local.engine.internal.store;

import java.time.Instant;

/** A state machine as the engine holds it: its current definition (by key), role and dates. */
public final class StateMachineEntry {
    private final String arn;
    private final String name;
    private final Instant creationDate;
    private final long order;
    private volatile String definitionKey;
    private volatile String roleArn;
    private volatile Instant updateDate;
    private volatile String revisionId;

    StateMachineEntry(String arn, String name, Instant creationDate, long order, String definitionKey, String roleArn,
                      Instant updateDate, String revisionId) {
        this.arn = arn;
        this.name = name;
        this.creationDate = creationDate;
        this.order = order;
        this.definitionKey = definitionKey;
        this.roleArn = roleArn;
        this.updateDate = updateDate;
        this.revisionId = revisionId;
    }

    public String arn() {
        return arn;
    }

    public String name() {
        return name;
    }

    public Instant creationDate() {
        return creationDate;
    }

    long order() {
        return order;
    }

    public String definitionKey() {
        return definitionKey;
    }

    public String roleArn() {
        return roleArn;
    }

    public Instant updateDate() {
        return updateDate;
    }

    public String revisionId() {
        return revisionId;
    }

    void update(String newDefinitionKey, String newRoleArn, Instant when, String newRevisionId) {
        this.definitionKey = newDefinitionKey;
        this.roleArn = newRoleArn;
        this.updateDate = when;
        this.revisionId = newRevisionId;
    }
}
