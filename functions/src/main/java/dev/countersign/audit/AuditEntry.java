package dev.countersign.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.CanonicalJson;
import java.util.Objects;

/**
 * An audit event before it joins the chain: what happened and who did it. The store gives it its {@code seq},
 * {@code at}, {@code prevHash} and {@code hash} in the same write that changes the approval.
 *
 * @param type    what happened
 * @param actor   who did it: an approver's address, or {@code countersign:<function>} for the system
 * @param details facts of the event as a JSON object (copied; later changes to the argument do not leak in)
 */
public record AuditEntry(AuditEventType type, String actor, ObjectNode details) {
    public AuditEntry {
        Objects.requireNonNull(type, "type");
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("actor is empty: name who did it (an approver's address or"
                    + " countersign:<function>)");
        }
        details = details == null ? JsonNodeFactory.instance.objectNode() : details.deepCopy();
    }

    public static AuditEntry of(AuditEventType type, String actor) {
        return new AuditEntry(type, actor, null);
    }

    /** Attribute names, seq, at, two hashes and map overhead of one stored event. */
    private static final int EVENT_OVERHEAD_BYTES = 190;

    /** The details as canonical JSON text: what the trail stores. */
    public String detailsText() {
        return CanonicalJson.canonicalize(details);
    }

    /** Bytes this entry adds to a stored trail: an upper estimate of DynamoDB's item-size accounting. */
    public int storedBytes() {
        return EVENT_OVERHEAD_BYTES + utf8(detailsText()) + utf8(actor) + type.name().length();
    }

    private static int utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    @Override
    public ObjectNode details() {
        return details.deepCopy();
    }
}
