package dev.countersign.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class GateProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void proposal_isTheValueItself_whenItIsABareProposal() throws Exception {
        JsonNode proposal = json("{\"workflow\": \"refunds\", \"action\": {\"type\": \"refund\"}}");
        assertThat(GateProtocol.proposal(proposal)).isSameAs(proposal);
    }

    @Test
    void proposal_unwrapsTheNestedCallersEnvelope_withTheStartedByField() throws Exception {
        JsonNode envelope = json("{\"proposal\": {\"workflow\": \"refunds\"},"
                + " \"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID\": \"arn:aws:states:us-east-1:1:execution:p:1\"}");
        assertThat(GateProtocol.proposal(envelope)).isEqualTo(json("{\"workflow\": \"refunds\"}"));
        assertThat(GateProtocol.proposal(json("{\"proposal\": {\"workflow\": \"refunds\"}}")))
                .isEqualTo(json("{\"workflow\": \"refunds\"}"));
    }

    @Test
    void proposal_dropsTheStartedByField_besideABareProposal_andLeavesTheInputUnchanged() throws Exception {
        JsonNode input = json("{\"workflow\": \"refunds\", \"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID\": \"x\"}");
        assertThat(GateProtocol.proposal(input)).isEqualTo(json("{\"workflow\": \"refunds\"}"));
        assertThat(input.has(GateProtocol.STARTED_BY)).isTrue();
    }

    @Test
    void proposal_doesNotUnwrap_anObjectWithOtherMembersBesideProposal() throws Exception {
        // Not an envelope: the contract check then names the unknown member, rather than the gate guessing.
        JsonNode odd = json("{\"proposal\": {\"workflow\": \"refunds\"}, \"workflow\": \"refunds\"}");
        assertThat(GateProtocol.proposal(odd)).isSameAs(odd);
        assertThat(GateProtocol.proposal(null)).isNull();
    }
}
