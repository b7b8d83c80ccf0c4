package dev.countersign.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The level an approval escalates to after a timeout.
 *
 * @param recipients the new level's approvers
 * @param quorum     approvals needed there
 * @param deadline   when the new level times out
 * @param taskToken  the task token of the gate's wait for this level, or null when the gate's request step has not
 *                   started yet (the escalate function asks the store first; the request step then stores its token)
 * @param routing    how the recipients were chosen, or null
 */
public record NextLevel(List<String> recipients, int quorum, Instant deadline, TaskToken taskToken,
                        ObjectNode routing) {
    public NextLevel {
        recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
        Objects.requireNonNull(deadline, "deadline");
        routing = routing == null ? null : routing.deepCopy();
    }
}
