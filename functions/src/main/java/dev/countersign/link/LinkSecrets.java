package dev.countersign.link;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStore;
import dev.countersign.core.crypto.RestoreSafeRandom;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/** Issues approvers' link secrets and checks presented ones against the store. */
public final class LinkSecrets {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final Supplier<? extends SecureRandom> random;
    private final Clock clock;

    /** @param random asked for the generator on every secret (a SnapStart restore may replace it in between) */
    public LinkSecrets(Supplier<? extends SecureRandom> random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    public LinkSecrets(SecureRandom random, Clock clock) {
        this(() -> random, clock);
    }

    /** Secrets from the process's {@link RestoreSafeRandom}: unique even across SnapStart restores. */
    public LinkSecrets(Clock clock) {
        this(RestoreSafeRandom.process(), clock);
    }

    /** A new secret for one recipient of one level; store {@link IssuedLink#grant()} before sending the email. */
    public IssuedLink issue(ApprovalId approvalId, String recipient, int level, Instant expiresAt) {
        byte[] bytes = new byte[LinkSecret.BYTES];
        random.get().nextBytes(bytes);
        LinkSecret secret = LinkSecret.of(ENCODER.encodeToString(bytes));
        Instant now = clock.instant();
        return new IssuedLink(secret, new LinkGrant(secret.hash(), approvalId.value(), recipient, level, expiresAt,
                now));
    }

    /**
     * Checks a secret presented for the approval a page shows.
     *
     * @param presented  the secret from the request, as typed (anything)
     * @param approvalId the approval the page is about (from the URL), or null when the secret alone identifies it
     */
    public LinkCheck check(String presented, ApprovalId approvalId, LinkStore links, ApprovalStore store) {
        Optional<LinkSecret> secret = LinkSecret.parse(presented);
        if (secret.isEmpty()) {
            return new LinkCheck.Unknown();
        }
        LinkSecretHash hash = secret.get().hash();
        Optional<LinkGrant> found = links.findLink(hash);
        // The key lookup already matched; comparing again in constant time guards against a store that matched loosely.
        if (found.isEmpty() || !found.get().hash().matches(hash)) {
            return new LinkCheck.Unknown();
        }
        LinkGrant grant = found.get();
        if (approvalId != null && !approvalId.value().equals(grant.approvalId())) {
            return new LinkCheck.Unknown();
        }
        Optional<ApprovalRecord> approval = store.get(new ApprovalId(grant.approvalId()));
        if (approval.isEmpty()) {
            return new LinkCheck.Unknown();
        }
        ApprovalRecord record = approval.get();
        if (!clock.instant().isBefore(grant.expiresAt())) {
            return new LinkCheck.Expired(grant, record);
        }
        if (grant.level() != record.currentLevel()) {
            return new LinkCheck.OtherLevel(grant, record);
        }
        if (!record.level(grant.level()).isRecipient(grant.recipient())) {
            return new LinkCheck.Revoked(grant, record);
        }
        return new LinkCheck.Accepted(grant, record);
    }
}
