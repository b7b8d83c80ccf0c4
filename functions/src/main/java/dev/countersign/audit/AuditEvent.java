package dev.countersign.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.InvalidJsonException;
import dev.countersign.core.json.Json;
import java.time.Instant;
import java.util.Optional;

/**
 * One link of an approval's audit chain.
 *
 * @param approvalId  the approval the event belongs to (hashed too, so an event cannot be moved to another approval)
 * @param seq         1, 2, 3... without gaps
 * @param at          when it was written (milliseconds)
 * @param type        an {@link AuditEventType} name (a string, so that older readers verify newer event types)
 * @param actor       who did it
 * @param detailsJson the details object as canonical JSON text
 * @param prevHash    the previous event's hash, or {@link AuditChain#GENESIS} for seq 1
 * @param hash        HMAC-SHA256 over the canonical JSON of every other field, base64url without padding
 */
public record AuditEvent(String approvalId, int seq, Instant at, String type, String actor, String detailsJson,
                         String prevHash, String hash) {
    /** The details as a fresh JSON object. */
    public ObjectNode details() {
        try {
            JsonNode node = detailsJson == null ? null : Json.parse(detailsJson);
            return node instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        } catch (InvalidJsonException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    public Optional<AuditEventType> knownType() {
        for (AuditEventType t : AuditEventType.values()) {
            if (t.name().equals(type)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The event as a JSON object; {@code withHash=false} gives exactly what the HMAC covers (before canonicalising). */
    public ObjectNode toJson(boolean withHash) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("approvalId", approvalId);
        node.put("seq", seq);
        node.put("at", at == null ? null : IsoMillis.format(at));
        node.put("type", type);
        node.put("actor", actor);
        try {
            node.set("details", Json.parse(detailsJson));
        } catch (InvalidJsonException e) {
            // Unparseable details still take part in the hash as text, so tampering shows up as a broken hash.
            node.put("details", detailsJson);
        }
        node.put("prevHash", prevHash);
        if (withHash) {
            node.put("hash", hash);
        }
        return node;
    }

    public AuditEvent withHash(String newHash) {
        return new AuditEvent(approvalId, seq, at, type, actor, detailsJson, prevHash, newHash);
    }
}
