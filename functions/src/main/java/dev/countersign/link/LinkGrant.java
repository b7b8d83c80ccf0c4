package dev.countersign.link;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What a link secret lets its holder do: act on one approval, as one recipient, at one escalation level, until the
 * level's deadline. The store keeps this record under the secret's hash.
 */
public record LinkGrant(LinkSecretHash hash, String approvalId, String recipient, int level, Instant expiresAt,
                        Instant issuedAt) {
    public LinkGrant {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(approvalId, "approvalId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (recipient == null || recipient.isBlank()) {
            throw new IllegalArgumentException("recipient is empty: a link is issued to one approver's address");
        }
        recipient = recipient.trim().toLowerCase(Locale.ROOT);
        if (level < 1) {
            throw new IllegalArgumentException("level " + level + " is not an escalation level: levels start at 1");
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " is not after issuedAt " + issuedAt
                    + ": a link must expire with its level's deadline, in the future");
        }
    }
}
