package dev.countersign.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Links audit events into a keyed hash chain and verifies chains.
 *
 * <p>{@code hash = HMAC-SHA256(key, canonical JSON (RFC 8785) of the event without "hash")}, where the event includes
 * its approval id, {@code seq} and {@code prevHash}: editing, removing, reordering or moving an event breaks the
 * chain at that event. Truncating the end is caught against an anchor (the approval item's {@code auditCount} and
 * {@code lastHash}, or a hash published outside the table).
 */
public final class AuditChain {
    /** The {@code prevHash} of seq 1. */
    public static final String GENESIS = "genesis";

    private final AuditKey key;

    public AuditChain(AuditKey key) {
        this.key = key;
    }

    /**
     * Gives entries their place in the chain after the event {@code lastSeq} (0 for an empty chain).
     *
     * @return the signed events, seq {@code lastSeq + 1} onwards, all stamped {@code at}
     */
    public List<AuditEvent> extend(String approvalId, int lastSeq, String lastHash, Instant at,
                                   List<AuditEntry> entries) {
        List<AuditEvent> events = new ArrayList<>(entries.size());
        int seq = lastSeq;
        String prev = lastSeq == 0 ? GENESIS : lastHash;
        Instant stamp = IsoMillis.truncate(at);
        for (AuditEntry entry : entries) {
            seq++;
            AuditEvent unsigned = new AuditEvent(approvalId, seq, stamp, entry.type().name(), entry.actor(),
                    CanonicalJson.canonicalize(entry.details()), prev, null);
            AuditEvent signed = unsigned.withHash(hashOf(unsigned));
            events.add(signed);
            prev = signed.hash();
        }
        return events;
    }

    /** The keyed hash an event should carry (its own {@code hash} field is ignored). */
    public String hashOf(AuditEvent event) {
        ObjectNode json = event.toJson(false);
        byte[] mac = key.hmac(CanonicalJson.canonicalBytes(json));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    /**
     * Verifies a whole trail against the anchor its approval item keeps.
     *
     * @param trail  the events as stored, in stored order
     * @param anchor the item's claim about the last event ({@code seq 0} for an empty chain)
     * @return intact, or the first sequence number that does not check out
     */
    public ChainVerification verify(String approvalId, List<AuditEvent> trail, ChainAnchor anchor) {
        String prev = GENESIS;
        for (int i = 0; i < trail.size(); i++) {
            int expected = i + 1;
            AuditEvent event = trail.get(i);
            if (event.seq() != expected) {
                return new ChainVerification.Broken(expected, "expected seq " + expected + " at position " + expected
                        + " but found seq " + event.seq() + ": an event was removed or moved");
            }
            if (!approvalId.equals(event.approvalId())) {
                return new ChainVerification.Broken(expected, "event belongs to approval " + event.approvalId()
                        + ", not " + approvalId);
            }
            if (!constantTimeEquals(prev, event.prevHash())) {
                return new ChainVerification.Broken(expected, "prevHash does not match the hash of seq "
                        + (expected - 1));
            }
            if (event.hash() == null || !constantTimeEquals(hashOf(event), event.hash())) {
                return new ChainVerification.Broken(expected, "hash does not match the event's content: it was"
                        + " changed after it was written (or signed with another key)");
            }
            prev = event.hash();
        }
        int count = trail.size();
        if (count < anchor.seq()) {
            return new ChainVerification.Broken(count + 1, "the trail ends at seq " + count + " but the approval"
                    + " recorded " + anchor.seq() + " events: events were removed from the end");
        }
        if (count > anchor.seq()) {
            return new ChainVerification.Broken(anchor.seq() + 1, "the trail has " + count + " events but the"
                    + " approval recorded " + anchor.seq() + ": events were added outside the store");
        }
        if (count > 0 && !constantTimeEquals(prev, anchor.hash())) {
            return new ChainVerification.Broken(count, "the last event's hash differs from the approval's lastHash");
        }
        return new ChainVerification.Intact(count, count == 0 ? GENESIS : prev);
    }

    /**
     * Checks an anchor published outside the table (for example in an EventBridge event): the trail must still hold
     * an intact event {@code anchor.seq} with exactly that hash.
     */
    public ChainVerification verifyPublished(String approvalId, List<AuditEvent> trail, ChainAnchor itemAnchor,
                                             ChainAnchor published) {
        ChainVerification own = verify(approvalId, trail, itemAnchor);
        if (own instanceof ChainVerification.Broken broken && broken.seq() <= published.seq()) {
            return own;
        }
        if (trail.size() < published.seq()) {
            return new ChainVerification.Broken(trail.size() + 1, "seq " + published.seq() + " was published but"
                    + " the trail ends at seq " + trail.size() + ": the chain was truncated and its anchor rewound");
        }
        AuditEvent event = trail.get(published.seq() - 1);
        if (!constantTimeEquals(event.hash(), published.hash())) {
            return new ChainVerification.Broken(published.seq(), "seq " + published.seq() + " has a different hash"
                    + " from the one published: the chain was rewritten from there on");
        }
        return own;
    }

    private static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
