package dev.countersign.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditEventType;
import java.util.List;

/**
 * The terms a level was asked under, beyond its recipients and quorum: whether one rejection decides it, and which
 * parameters an approver may change. They are written into the {@code routing} details of the level's REQUESTED
 * (level 1) or ESCALATED event, and read back from there: the audit chain covers them, so someone who can write the
 * table but has no audit key cannot make a parameter editable or turn a rejection into a vote.
 *
 * @param majority   true when a rejection only counts against the quorum (the level is rejected once the quorum
 *                   can no longer be reached); false when one rejection rejects at once
 * @param modifiable the top-level {@code action.params} members an approver may change before approving, each with
 *                   its bounds, when {@code recorded}; empty otherwise. A level recorded before bounds existed lists
 *                   bare names: they are left out (nothing unbounded may be changed).
 * @param recorded   whether the level's event carried terms; approvals created without a route (store tests, older
 *                   records) carry none, and then the store applies no parameter rule of its own
 */
public record LevelTerms(boolean majority, List<ParamBounds> modifiable, boolean recorded) {
    /** Member of {@code routing}: whether a rejection only counts against the quorum. */
    public static final String MAJORITY = "majority";
    /** Member of {@code routing}: the parameters an approver may change. */
    public static final String MODIFIABLE = "modifiable";

    /** No terms recorded: one rejection rejects, and the store applies no parameter rule. */
    public static final LevelTerms NONE = new LevelTerms(false, List.of(), false);

    public LevelTerms {
        modifiable = List.copyOf(modifiable);
    }

    /** True when an approver may change {@code param}. */
    public boolean mayModify(String param) {
        return bounds(param) != null;
    }

    /** The bounds of {@code param}, or null when it may not be changed. */
    public ParamBounds bounds(String param) {
        return ParamBounds.find(modifiable, param);
    }

    /** The names of the parameters that may be changed, in rule order. */
    public List<String> names() {
        return modifiable.stream().map(ParamBounds::param).toList();
    }

    /** Adds these terms to a {@code routing} details object (what REQUESTED and ESCALATED record). */
    public ObjectNode writeInto(ObjectNode routing) {
        routing.put(MAJORITY, majority);
        routing.set(MODIFIABLE, ParamBounds.listToJson(modifiable));
        return routing;
    }

    /** The terms a {@code routing} details object records, or {@link #NONE} when it has none. */
    public static LevelTerms of(JsonNode routing) {
        if (routing == null || !routing.isObject() || !routing.has(MODIFIABLE)) {
            return NONE;
        }
        return new LevelTerms(routing.path(MAJORITY).asBoolean(false),
                ParamBounds.listFromJson(routing.get(MODIFIABLE)), true);
    }

    /** The terms of {@code level} as the approval's REQUESTED or ESCALATED event recorded them. */
    public static LevelTerms of(List<AuditEvent> trail, int level) {
        for (AuditEvent event : trail) {
            boolean asked = event.type().equals(AuditEventType.REQUESTED.name())
                    || event.type().equals(AuditEventType.ESCALATED.name());
            if (!asked) {
                continue;
            }
            ObjectNode details = event.details();
            int number = event.type().equals(AuditEventType.REQUESTED.name()) ? details.path("level").asInt(1)
                    : details.path("toLevel").asInt(-1);
            if (number == level) {
                return of(details.get("routing"));
            }
        }
        return NONE;
    }

    /** A fresh {@code routing} object holding only these terms. */
    public ObjectNode toRouting() {
        return writeInto(JsonNodeFactory.instance.objectNode());
    }
}
