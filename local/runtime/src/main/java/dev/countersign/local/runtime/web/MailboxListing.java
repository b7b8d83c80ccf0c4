package dev.countersign.local.runtime.web;

import java.util.List;

/** The mailbox list page: messages newest first. */
public record MailboxListing(List<MessageSummary> messages) {
    public MailboxListing {
        messages = List.copyOf(messages);
    }
}
