package dev.countersign.functions.review;

import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.ApprovalStore;
import dev.countersign.core.EmailAddress;
import dev.countersign.core.Proposal;
import dev.countersign.link.LinkCheck;
import dev.countersign.link.LinkGrant;
import dev.countersign.views.SelfApprovalRefusedView;
import java.util.Optional;

/**
 * A link the store knows, with its approval and the proposal under review; {@code open} when it may decide right now.
 *
 * @param expired true when the link's own time is up (its level may still be pending until the timeout step runs)
 */
public record ReviewLink(LinkGrant grant, ApprovalRecord approval, boolean open, boolean expired, Proposal proposal) {

    /**
     * The link a check found, with the approval's proposal read; empty for a secret that is not ours. The request
     * learns the approval's id first, so that a failing proposal read is logged with it.
     */
    static Optional<ReviewLink> of(LinkCheck check, ApprovalStore store, ReviewRequest request) {
        LinkGrant grant;
        ApprovalRecord approval;
        boolean expired = false;
        if (check instanceof LinkCheck.Accepted a) {
            grant = a.grant();
            approval = a.approval();
        } else if (check instanceof LinkCheck.Expired e) {
            grant = e.grant();
            approval = e.approval();
            expired = true;
        } else if (check instanceof LinkCheck.OtherLevel o) {
            grant = o.grant();
            approval = o.approval();
        } else if (check instanceof LinkCheck.Revoked r) {
            grant = r.grant();
            approval = r.approval();
        } else {
            return Optional.empty();
        }
        request.approvalId(approval.approvalId().value());
        boolean open = check instanceof LinkCheck.Accepted && approval.status() == ApprovalStatus.PENDING;
        return Optional.of(new ReviewLink(grant, approval, open, expired, proposal(approval, store)));
    }

    /** The same link over a newer state of its approval. */
    public ReviewLink with(ApprovalRecord newer, boolean nowOpen) {
        return new ReviewLink(grant, newer, nowOpen, expired, proposal);
    }

    public String recipient() {
        return grant.recipient();
    }

    public int level() {
        return grant.level();
    }

    /** Why {@code address} may not decide this approval (it requested or proposed it), if so. */
    public Optional<SelfApprovalRefusedView.Role> selfRole(String address) {
        if (EmailAddress.sameMailbox(address, approval.requester())) {
            return Optional.of(SelfApprovalRefusedView.Role.REQUESTER);
        }
        if (approval.proposedBy() != null && address.equalsIgnoreCase(approval.proposedBy().strip())) {
            return Optional.of(SelfApprovalRefusedView.Role.PROPOSING_AGENT);
        }
        return Optional.empty();
    }

    private static Proposal proposal(ApprovalRecord approval, ApprovalStore store) {
        return Proposal.fromJson(store.proposal(approval.approvalId(), approval.proposalHash())
                .orElseThrow(() -> new IllegalStateException("approval " + approval.approvalId()
                        + " has no stored proposal " + approval.proposalHash())));
    }
}
