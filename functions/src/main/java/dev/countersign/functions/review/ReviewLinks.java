package dev.countersign.functions.review;

import dev.countersign.approval.ApprovalStore;
import dev.countersign.link.LinkSecrets;
import dev.countersign.link.LinkStore;
import dev.countersign.views.RenderedPage;
import dev.countersign.views.SelfApprovalRefusedView;
import java.util.Optional;

/**
 * What a presented link secret opens, for both routes: its link with the approval and proposal, or the page that
 * says why it opens nothing (not a link of ours, or a link the requester or proposing agent holds).
 */
final class ReviewLinks {

    /** The answer to a presented secret. */
    sealed interface Opened {
    }

    /** A link of ours, held by someone who may decide. */
    record Open(ReviewLink link) implements Opened {
    }

    /** @param selfRole why its holder may not decide, or null when it is not a link of ours */
    record Refused(RenderedPage page, SelfApprovalRefusedView.Role selfRole) implements Opened {
    }

    private final ApprovalStore store;
    private final LinkStore links;
    private final LinkSecrets linkSecrets;
    private final ReviewPages pages;

    ReviewLinks(ApprovalStore store, LinkStore links, LinkSecrets linkSecrets, ReviewPages pages) {
        this.store = store;
        this.links = links;
        this.linkSecrets = linkSecrets;
        this.pages = pages;
    }

    Opened open(String secret, ReviewRequest request) {
        Optional<ReviewLink> found = ReviewLink.of(linkSecrets.check(secret, null, links, store), store, request);
        if (found.isEmpty()) {
            return new Refused(pages.renderer().linkNotValid(), null);
        }
        ReviewLink link = found.get();
        Optional<SelfApprovalRefusedView.Role> self = link.selfRole(link.recipient());
        if (self.isPresent()) {
            return new Refused(pages.selfApprovalRefused(link, self.get()), self.get());
        }
        return new Open(link);
    }
}
