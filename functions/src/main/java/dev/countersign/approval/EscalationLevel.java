package dev.countersign.approval;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One level of an approval's escalation chain.
 *
 * @param number     1 for the first level, then 2, 3...
 * @param recipients who is asked at this level
 * @param quorum     how many approvals decide it (N of M); one rejection decides it as rejected
 * @param deadline   when the level times out (its links expire then)
 * @param status     PENDING while asked, then how the level ended
 * @param votes      the verdicts given so far, in order
 * @param reassignments how many times a recipient was replaced at this level
 */
public record EscalationLevel(int number, List<Recipient> recipients, int quorum, Instant deadline,
                              ApprovalStatus status, List<Vote> votes, int reassignments) {
    public EscalationLevel {
        recipients = List.copyOf(recipients);
        votes = List.copyOf(votes);
    }

    public boolean isRecipient(String address) {
        String a = address == null ? "" : address.trim().toLowerCase(Locale.ROOT);
        return recipients.stream().anyMatch(r -> r.approver().equals(a));
    }

    public boolean hasVoted(String address) {
        String a = address == null ? "" : address.trim().toLowerCase(Locale.ROOT);
        return votes.stream().anyMatch(v -> v.approver().equals(a));
    }

    public int approvals() {
        return (int) votes.stream().filter(v -> v.verdict() == Verdict.APPROVE).count();
    }

    /** Recipients who still owe a verdict while the level is pending. */
    public List<Recipient> awaiting() {
        if (status != ApprovalStatus.PENDING) {
            return List.of();
        }
        return recipients.stream().filter(r -> !hasVoted(r.approver())).toList();
    }

    EscalationLevel with(ApprovalStatus newStatus, List<Vote> newVotes, List<Recipient> newRecipients,
                         int newReassignments) {
        return new EscalationLevel(number, newRecipients, quorum, deadline, newStatus, newVotes, newReassignments);
    }
}
