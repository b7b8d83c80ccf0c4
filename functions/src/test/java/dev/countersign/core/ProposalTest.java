package dev.countersign.core;

import static dev.countersign.contract.Proposals.full;
import static dev.countersign.contract.Proposals.minimal;
import static dev.countersign.contract.Proposals.remove;
import static dev.countersign.contract.Proposals.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProposalTest {

    @Test
    void hash_ofFullProposal_isPinned() {
        // Computed independently (Python json.dumps sort_keys + sha256) from the normalised JSON. If this changes,
        // every stored proposalHash changes meaning: that is a breaking change of the contract.
        assertThat(Proposal.fromJson(full()).hash())
                .isEqualTo("0c672eda0e9072eea71f6131628bc556c41d26641025f646016afda22386a9a3");
        assertThat(Proposal.fromJson(minimal()).hash())
                .isEqualTo("9f5f0e66d0f581b1cac993f6b67c758a469d22dc3bd7ab713dcaaf1b60bc778f");
    }

    @Test
    void toJson_writesTheNormalisedForm() {
        assertThat(CanonicalJson.canonicalize(Proposal.fromJson(minimal()).toJson())).isEqualTo(
                "{\"action\":{\"params\":{},\"summary\":\"Refund order 4711\",\"type\":\"refund.issue\"},"
                        + "\"evidence\":[],\"proposedBy\":{\"agent\":\"support-agent\"},"
                        + "\"reasoning\":\"Damaged in transit.\",\"requester\":{\"email\":\"dana@shop.example\"},"
                        + "\"risk\":{\"level\":\"low\",\"reasons\":[]},\"workflow\":\"refunds\"}");
    }

    @Test
    void hash_isTheSame_whenOptionalListsAreAbsentOrEmpty() {
        ObjectNode explicit = minimal();
        explicit.putArray("evidence");
        ((ObjectNode) explicit.get("risk")).putArray("reasons");
        explicit.putObject("routing");

        assertThat(Proposal.fromJson(explicit).hash()).isEqualTo(Proposal.fromJson(minimal()).hash());
    }

    @Test
    void hash_isTheSame_forEachSpellingOfANumber() {
        ObjectNode one = set(minimal(), "$.action.params.amount", IntNode.valueOf(120));
        ObjectNode onePointZero = set(minimal(), "$.action.params.amount", DoubleNode.valueOf(120.0));

        assertThat(Proposal.fromJson(one).hash()).isEqualTo(Proposal.fromJson(onePointZero).hash());
    }

    @Test
    void hash_changes_whenAnythingTheApproverSeesChanges() {
        String base = Proposal.fromJson(full()).hash();

        assertThat(List.of(
                set(full(), "$.action.params.amount", IntNode.valueOf(121)),
                set(full(), "$.action.summary", "Refund €120.00 to order 4711 (damaged in transit) "),
                set(full(), "$.evidence[1].url", "https://shop.example/orders/4711"),
                set(full(), "$.risk.level", "high"),
                remove(full(), "$.routing"),
                set(full(), "$.requester.email", "DANA@shop.example")))
                .allSatisfy(changed -> assertThat(Proposal.fromJson(changed).hash()).isNotEqualTo(base));
    }

    @Test
    void fromJson_mapsEveryField() {
        Proposal p = Proposal.fromJson(full());

        assertThat(p.proposalId()).isEqualTo("refund-4711");
        assertThat(p.workflow()).isEqualTo("refunds");
        assertThat(p.action().type()).isEqualTo("refund.issue");
        assertThat(p.action().params().get("orderId").asText()).isEqualTo("4711");
        assertThat(p.evidence()).containsExactly(
                new Proposal.Evidence("Carrier report", "Parcel crushed in depot", "https://carrier.example/claims/991"),
                new Proposal.Evidence("Order total", "€120.00", null));
        assertThat(p.risk()).isEqualTo(new Proposal.Risk(RiskLevel.MEDIUM, 35.5,
                List.of("above the €100 auto-approve limit")));
        assertThat(p.proposedBy()).isEqualTo(new Proposal.ProposedBy("support-agent", "some-model-2026", "run-8f2c"));
        assertThat(p.requester()).isEqualTo(new Proposal.Requester("dana@shop.example", "Dana Reyes"));
        assertThat(p.routing()).isEqualTo(new Proposal.Routing(List.of("lee@shop.example"), List.of("finance")));
    }

    @Test
    void fromJson_ofMinimal_fillsAbsentPartsWithNullOrEmpty() {
        Proposal p = Proposal.fromJson(minimal());

        assertThat(p.proposalId()).isNull();
        assertThat(p.evidence()).isEmpty();
        assertThat(p.risk().score()).isNull();
        assertThat(p.risk().reasons()).isEmpty();
        assertThat(p.proposedBy().model()).isNull();
        assertThat(p.requester().name()).isNull();
        assertThat(p.routing()).isSameAs(Proposal.Routing.NONE);
    }

    @Test
    void fromJson_ofUnvalidatedInput_failsAtTheFirstProblemWithItsPath() {
        ObjectNode broken = remove(minimal(), "$.action.summary");

        assertThatThrownBy(() -> Proposal.fromJson(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$.action.summary: must be a string (it is missing); validate before mapping");
    }

    @Test
    void params_areCopiedInAndOut_soTheHashedProposalCannotChangeUnderneath() {
        ObjectNode params = Json.object().put("amount", 120);
        Proposal.Action action = new Proposal.Action("refund.issue", "Refund", params);

        params.put("amount", 999_999);
        action.params().put("amount", 999_999);

        // A mutable tree shared with the caller would let the approved amount differ from the hashed one.
        assertThat(action.params().get("amount").intValue()).isEqualTo(120);
    }

    @Test
    void requester_isSamePersonAs_comparesMailboxesCaseInsensitively() {
        Proposal.Requester requester = new Proposal.Requester("Dana@Shop.Example", null);

        assertThat(requester.isSamePersonAs("dana@shop.example")).isTrue();
        assertThat(requester.isSamePersonAs(" DANA@SHOP.EXAMPLE ")).isTrue();
        assertThat(requester.isSamePersonAs("lee@shop.example")).isFalse();
        assertThat(requester.isSamePersonAs(null)).isFalse();
    }

    @Test
    void proposal_constructor_requiresTheContractsRequiredParts() {
        assertThatThrownBy(() -> new Proposal(null, null, null, null, null, null, null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("workflow");
    }
}
