package dev.countersign.routing;

import dev.countersign.core.EmailAddress;
import dev.countersign.core.Proposal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Who one level asks: the candidates de-duplicated ignoring case (a person in two teams is asked once), the requester
 * and the proposing agent removed (separation of duties), and absent people replaced by their delegates (a delegate
 * who is the requester or the agent is removed too).
 *
 * @param recipients  distinct lower-case addresses, in the order first named
 * @param delegations substitutions made
 * @param excluded    addresses removed for separation of duties
 */
record Recipients(List<String> recipients, List<Delegation> delegations, List<String> excluded) {

    /**
     * @param candidates  addresses in the order the level names them (approvers, then each team's members)
     * @param delegateOf  a person's delegate when they are away, else null
     */
    static Recipients resolve(List<String> candidates, Function<String, String> delegateOf, Proposal proposal) {
        Set<String> people = new LinkedHashSet<>();
        candidates.forEach(c -> people.add(EmailAddress.normalize(c)));
        Set<String> chosen = new LinkedHashSet<>();
        List<Delegation> delegations = new ArrayList<>();
        Set<String> excluded = new LinkedHashSet<>();
        for (String person : people) {
            if (ownProposal(person, proposal)) {
                excluded.add(person); // checked before delegation: nobody stands in for the requester
                continue;
            }
            String asked = person;
            String delegate = delegateOf.apply(person);
            if (delegate != null) {
                delegations.add(new Delegation(person, delegate));
                asked = delegate;
            }
            if (ownProposal(asked, proposal)) {
                excluded.add(asked);
            } else {
                chosen.add(asked);
            }
        }
        return new Recipients(List.copyOf(chosen), delegations, List.copyOf(excluded));
    }

    /** The requester, or the proposing agent (when it is named like an address), may not approve. */
    static boolean ownProposal(String address, Proposal proposal) {
        return proposal.requester().isSamePersonAs(address)
                || address.equalsIgnoreCase(proposal.proposedBy().agent().strip());
    }
}
