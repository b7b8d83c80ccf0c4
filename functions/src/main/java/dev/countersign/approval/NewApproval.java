package dev.countersign.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.Proposal;
import dev.countersign.core.RiskLevel;
import dev.countersign.core.json.CanonicalJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * What the request function knows when a gate is reached: creates the approval at its first level.
 *
 * @param key          execution and gate (the idempotency key)
 * @param workflow     the proposal's workflow name
 * @param summary      one line about the action
 * @param riskLevel    the proposal's risk level
 * @param requester    the person the agent acts for (may not approve), or null
 * @param proposedBy   the proposing agent (may not approve)
 * @param proposal     the validated proposal (its hash is computed here: SHA-256 of its canonical JSON)
 * @param level        the level being asked (1 unless the gate starts higher)
 * @param recipients   the level's approvers' addresses
 * @param quorum       approvals needed at this level (1 for one-of-many)
 * @param deadline     when this level times out
 * @param taskToken    the gate's task token for this level
 * @param actor        the system actor writing it, e.g. {@code countersign:request}
 * @param routing      how the recipients were chosen (kept in the REQUESTED event), or null
 */
public record NewApproval(ApprovalKey key, String workflow, String summary, RiskLevel riskLevel, String requester,
                          String proposedBy, JsonNode proposal, int level,
                          List<String> recipients, int quorum, Instant deadline, TaskToken taskToken, String actor,
                          ObjectNode routing) {
    public NewApproval {
        Objects.requireNonNull(key, "key");
        workflow = Checks.text("workflow", workflow, ApprovalLimits.MAX_WORKFLOW_CHARS);
        summary = Checks.text("summary", summary, ApprovalLimits.MAX_SUMMARY_CHARS);
        Objects.requireNonNull(riskLevel, "riskLevel");
        requester = requester == null || requester.isBlank() ? null : Checks.address("requester", requester);
        proposedBy = Checks.text("proposedBy", proposedBy, ApprovalLimits.MAX_ADDRESS_CHARS);
        if (proposal == null || !proposal.isObject()) {
            throw new IllegalArgumentException("proposal is not a JSON object: pass the validated proposal");
        }
        proposal = proposal.deepCopy();
        if (level < 1 || level > ApprovalLimits.MAX_LEVELS) {
            throw new IllegalArgumentException("level " + level + " is outside 1.." + ApprovalLimits.MAX_LEVELS);
        }
        recipients = recipients(recipients, requester, proposedBy);
        quorum = quorum(quorum, recipients.size());
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(taskToken, "taskToken");
        actor = Checks.actor("actor", actor);
        routing = routing == null ? null : routing.deepCopy();
    }

    /**
     * The request for a validated proposal: workflow, summary, risk, requester and agent come from it, and the stored
     * proposal is its normalised JSON, so {@link #proposalHash()} equals {@link Proposal#hash()}.
     */
    public static NewApproval forProposal(Proposal proposal, ApprovalKey key, int level, List<String> recipients,
                                          int quorum, Instant deadline, TaskToken taskToken, String actor,
                                          ObjectNode routing) {
        return new NewApproval(key, proposal.workflow(), proposal.action().summary(), proposal.risk().level(),
                proposal.requester().email(), proposal.proposedBy().agent(), proposal.toJson(), level, recipients,
                quorum, deadline, taskToken, actor, routing);
    }

    /** SHA-256 of the proposal's canonical JSON (RFC 8785), hex: the Decision's {@code proposalHash}. */
    public String proposalHash() {
        return CanonicalJson.sha256Hex(proposal);
    }

    /** Normalised, distinct recipients; none of them may be the requester or the proposing agent. */
    static List<String> recipients(List<String> given, String requester, String proposedBy) {
        if (given == null || given.isEmpty()) {
            throw new IllegalArgumentException("recipients is empty: route the level to at least one approver");
        }
        if (given.size() > ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL) {
            throw new IllegalArgumentException("recipients has " + given.size() + " approvers; a level takes at most "
                    + ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL + ": split them across escalation levels");
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String address = Checks.address("recipients[" + i + "]", given.get(i));
            if (address.equals(requester) || address.equalsIgnoreCase(proposedBy)) {
                throw new IllegalArgumentException("recipients[" + i + "] '" + address + "' is the requester or the"
                        + " proposing agent, who may not approve their own proposal: route to someone else");
            }
            if (!distinct.add(address)) {
                throw new IllegalArgumentException("recipients[" + i + "] '" + address + "' is listed twice");
            }
        }
        return List.copyOf(new ArrayList<>(distinct));
    }

    static int quorum(int quorum, int recipients) {
        if (quorum < 1 || quorum > recipients) {
            throw new IllegalArgumentException("quorum " + quorum + " is outside 1.." + recipients + " (the number of"
                    + " recipients): ask for at least one approval and no more than there are approvers");
        }
        return quorum;
    }
}
