package dev.countersign.functions.review;

import dev.countersign.approval.ApprovalStore;
import dev.countersign.approval.ApprovalStoreException;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEventType;
import dev.countersign.core.json.Json;
import dev.countersign.views.RenderedPage;
import dev.countersign.views.ReviewFormState;
import java.util.Map;

/**
 * {@code GET|HEAD <base>/review/<secret>}: the review page, or the page that says why the link no longer decides
 * anything. Changes nothing except one VIEWED event per recipient and level (GET only).
 */
public final class ReviewPage {
    private final ApprovalStore store;
    private final ReviewLinks links;
    private final ReviewPages pages;

    ReviewPage(ApprovalStore store, ReviewLinks links, ReviewPages pages) {
        this.store = store;
        this.links = links;
        this.pages = pages;
    }

    public RenderedPage show(ReviewRequest request, String secret, boolean head) {
        ReviewLinks.Opened opened = links.open(secret, request);
        if (opened instanceof ReviewLinks.Refused refused) {
            return refused.page();
        }
        ReviewLink link = ((ReviewLinks.Open) opened).link();
        if (link.open()) {
            if (!head) {
                recordView(request, link);
            }
            return pages.review(link, secret, ReviewFormState.EMPTY, Map.of());
        }
        return pages.state(link);
    }

    /** At most one VIEWED per recipient and level, whatever opens the link (people, mail scanners, previews). */
    private void recordView(ReviewRequest request, ReviewLink link) {
        // Seen already (the approval was read moments ago): no second read, no write.
        if (link.approval().viewedBy(link.recipient(), link.level())) {
            return;
        }
        try {
            store.appendOnce(link.approval().approvalId(), new AuditEntry(AuditEventType.VIEWED, link.recipient(),
                    Json.object().put("level", link.level())));
        } catch (ApprovalStoreException e) {
            // The page matters more than the view record: show it anyway.
            request.log().warn("could not record VIEWED", "approvalId", request.approvalId(), "error",
                    e.getMessage());
        }
    }
}
