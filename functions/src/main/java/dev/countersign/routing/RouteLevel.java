package dev.countersign.routing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalLimits;
import dev.countersign.core.json.Json;
import dev.countersign.routing.internal.RouteReader;
import java.util.ArrayList;
import java.util.List;

/**
 * One level of the escalation chain, resolved for one proposal: who is asked (after team expansion, de-duplication,
 * separation of duties and out-of-office delegation) and how long they have.
 *
 * @param level              1 for the first approvers, then 2, 3… (at most {@link ApprovalLimits#MAX_LEVELS})
 * @param recipients         distinct lower-case addresses, 1 to {@link ApprovalLimits#MAX_RECIPIENTS_PER_LEVEL}
 * @param delegations        out-of-office substitutions made for this level (their {@code to} are among recipients)
 * @param timeoutSeconds     how long the level waits in all, at least 1
 * @param remindAfterSeconds when the reminder is due, from the level's start; 0 means no reminder, otherwise less
 *                           than {@code timeoutSeconds}
 */
public record RouteLevel(int level, List<String> recipients, List<Delegation> delegations, long timeoutSeconds,
                         long remindAfterSeconds) {
    public RouteLevel {
        recipients = List.copyOf(recipients);
        delegations = List.copyOf(delegations);
        if (level < 1 || level > ApprovalLimits.MAX_LEVELS) {
            throw new IllegalArgumentException("level must be from 1 to " + ApprovalLimits.MAX_LEVELS + "; got "
                    + level);
        }
        if (recipients.isEmpty() || recipients.size() > ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL) {
            throw new IllegalArgumentException("level " + level + " must have 1 to "
                    + ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL + " recipients; got " + recipients.size());
        }
        if (recipients.stream().distinct().count() != recipients.size()) {
            throw new IllegalArgumentException("level " + level + " lists a recipient twice: " + recipients);
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("level " + level + " timeoutSeconds must be at least 1; got "
                    + timeoutSeconds);
        }
        if (remindAfterSeconds < 0 || remindAfterSeconds >= timeoutSeconds) {
            throw new IllegalArgumentException("level " + level + " remindAfterSeconds must be 0 (no reminder) or"
                    + " less than timeoutSeconds " + timeoutSeconds + "; got " + remindAfterSeconds);
        }
    }

    /** True when the level has a REMIND phase before its DEADLINE phase. */
    public boolean reminds() {
        return remindAfterSeconds > 0;
    }

    /** The level's waits in order: REMIND (when it reminds) then DEADLINE; their seconds add up to the timeout. */
    public List<Phase> phases() {
        List<Phase> phases = new ArrayList<>(2);
        if (reminds()) {
            phases.add(new Phase(level, PhaseKind.REMIND, remindAfterSeconds));
            phases.add(new Phase(level, PhaseKind.DEADLINE, timeoutSeconds - remindAfterSeconds));
        } else {
            phases.add(new Phase(level, PhaseKind.DEADLINE, timeoutSeconds));
        }
        return phases;
    }

    /** {@code {"level", "recipients", "delegations", "timeoutSeconds", "remindAfterSeconds"}}. */
    public ObjectNode toJson() {
        ObjectNode json = Json.object().put("level", level);
        ArrayNode list = json.putArray("recipients");
        recipients.forEach(list::add);
        ArrayNode delegated = json.putArray("delegations");
        delegations.forEach(d -> delegated.add(d.toJson()));
        return json.put("timeoutSeconds", timeoutSeconds).put("remindAfterSeconds", remindAfterSeconds);
    }

    static RouteLevel read(RouteReader json) {
        List<Delegation> delegations = new ArrayList<>();
        for (RouteReader d : json.objects("delegations")) {
            delegations.add(Delegation.read(d));
        }
        return new RouteLevel(json.integer("level"), json.texts("recipients"), delegations,
                json.longInteger("timeoutSeconds"), json.longInteger("remindAfterSeconds"));
    }
}
