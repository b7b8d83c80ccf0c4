package dev.countersign.contract;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.Proposal;
import dev.countersign.core.json.Json;
import java.util.List;
import java.util.Objects;

/** The result of checking a proposal against its contract: accepted with its hash, or rejected with every reason. */
public sealed interface ProposalCheck permits ProposalCheck.Accepted, ProposalCheck.Rejected {

    /**
     * The States error name a gate fails with when the proposal is invalid: the name of the class the Route function
     * throws, {@code Countersign.InvalidProposal} (spelled here because the contract may not depend on the errors'
     * package, which depends on routing; RouteTest holds the two equal).
     */
    String ERROR_NAME = "Countersign.InvalidProposal";

    /**
     * A valid proposal.
     *
     * @param proposal     the mapped proposal
     * @param proposalHash {@link Proposal#hash()}, computed once
     */
    record Accepted(Proposal proposal, String proposalHash) implements ProposalCheck {
        public Accepted {
            Objects.requireNonNull(proposal, "proposal");
            Objects.requireNonNull(proposalHash, "proposalHash");
        }
    }

    /**
     * An invalid proposal.
     *
     * @param violations every violation found, ordered by path; never empty
     */
    record Rejected(List<Violation> violations) implements ProposalCheck {
        /** Step Functions accepts an error cause of at most this many characters. */
        public static final int MAX_CAUSE_CHARS = 32_768;

        public Rejected {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("a rejection needs at least one violation");
            }
        }

        /**
         * The cause for {@link #ERROR_NAME}: JSON {@code {"violations":[{"path":…,"message":…}],"omitted":n}} of at
         * most {@code maxChars} characters. Violations that do not fit are counted in {@code omitted}, never cut in half.
         */
        public String cause(int maxChars) {
            int fits = -1; // the most violations whose rendering fits, found by bisection
            int low = 0;
            int high = violations.size();
            while (low <= high) {
                int mid = (low + high) >>> 1;
                if (render(mid, violations.size() - mid).length() <= maxChars) {
                    fits = mid;
                    low = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
            return fits < 0 ? "{\"violations\":[],\"omitted\":" + violations.size() + "}"
                    : render(fits, violations.size() - fits);
        }

        /** {@link #cause(int)} within the Step Functions limit. */
        public String cause() {
            return cause(MAX_CAUSE_CHARS);
        }

        private String render(int shown, int omitted) {
            ObjectNode cause = Json.object();
            ArrayNode list = cause.putArray("violations");
            for (Violation v : violations.subList(0, shown)) {
                list.addObject().put("path", v.path()).put("message", v.message());
            }
            if (omitted > 0) {
                cause.put("omitted", omitted);
            }
            return Json.write(cause);
        }
    }
}
