package dev.countersign.link;

import dev.countersign.approval.ApprovalRecord;

/** What a presented link secret is good for. Only {@link Accepted} lets a page act; the others say why not. */
public sealed interface LinkCheck {

    /** The secret is ours, unexpired, for the approval's current level, and its recipient is still asked. */
    record Accepted(LinkGrant grant, ApprovalRecord approval) implements LinkCheck {
    }

    /** Not a secret we issued: wrong shape, unknown hash, or for another approval than the page's. */
    record Unknown() implements LinkCheck {
    }

    /** The link's level deadline has passed. The approval is included so a late click can be recorded honestly. */
    record Expired(LinkGrant grant, ApprovalRecord approval) implements LinkCheck {
    }

    /** The link is for an earlier level; the approval has escalated (or was decided at another level) since. */
    record OtherLevel(LinkGrant grant, ApprovalRecord approval) implements LinkCheck {
    }

    /** The link's recipient no longer takes part at that level (the approval was reassigned to someone else). */
    record Revoked(LinkGrant grant, ApprovalRecord approval) implements LinkCheck {
    }
}
