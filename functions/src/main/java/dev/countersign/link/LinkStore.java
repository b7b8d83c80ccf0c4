package dev.countersign.link;

import java.util.Optional;

/** Where link grants are kept, by the hash of their secret. */
public interface LinkStore {
    /** Stores a grant (before its secret is emailed). Idempotent. */
    void saveLink(LinkGrant grant);

    Optional<LinkGrant> findLink(LinkSecretHash hash);
}
