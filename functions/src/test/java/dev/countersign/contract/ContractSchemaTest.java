package dev.countersign.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.countersign.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ContractSchemaTest {

    static Stream<ContractSchema> schemas() {
        return Stream.of(ContractSchema.proposal(), ContractSchema.decision());
    }

    @ParameterizedTest
    @MethodSource("schemas")
    void schema_isValidDraft202012(ContractSchema contract) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Schema meta = registry.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        List<Error> errors = meta.validate(contract.document());

        assertThat(errors).isEmpty();
        assertThat(meta.validate(Json.parse("{\"type\": 5}"))).as("the meta-schema check itself works").isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("schemas")
    void schema_idCarriesTheVersion_andTheDescriptionStatesTheBreakingChangeRule(ContractSchema contract) {
        String file = contract.resource().substring(contract.resource().lastIndexOf('/') + 1);

        assertThat(file).matches("(proposal|decision)-1\\.schema\\.json");
        assertThat(contract.id()).isEqualTo("https://countersign.dev/schemas/" + file);
        assertThat(contract.document().path("description").asText())
                .contains("Version 1")
                .contains("breaking")
                .contains(file.replace("-1.", "-2."))
                .contains("new $id");
    }

    @ParameterizedTest
    @MethodSource("schemas")
    void everyString_hasMaxLength_andEveryArray_hasMaxItems(ContractSchema contract) {
        JsonNode document = contract.document();
        List<String> unbounded = new ArrayList<>();

        walk(document, document, "#", unbounded);

        assertThat(unbounded).isEmpty();
    }

    @Test
    void everyFixedProposalObject_refusesUnknownMembers() {
        JsonNode document = ContractSchema.proposal().document();
        List<String> open = new ArrayList<>();

        collectOpenObjects(document, "#", open);

        // Unknown members in a proposal are typos or smuggled data; the decision (our output) stays open instead.
        assertThat(open).isEmpty();
        assertThat(ContractSchema.decision().document().has("additionalProperties")).isFalse();
    }

    @Test
    void params_isOpaqueToTheSchema_soTheValidatorMayPruneIt() {
        JsonNode params = ContractSchema.proposal().document()
                .at("/properties/action/properties/params");

        // ProposalValidator prunes deep subtrees before the schema runs; a schema rule inside params would be skipped.
        List<String> keywords = new ArrayList<>();
        params.fieldNames().forEachRemaining(keywords::add);
        assertThat(keywords).containsExactlyInAnyOrder("description", "type", "x-countersign-limits");
    }

    @Test
    void sharedDefinitions_areIdenticalInBothSchemas() {
        JsonNode proposal = ContractSchema.proposal().document().path("$defs");
        JsonNode decision = ContractSchema.decision().document().path("$defs");

        // The text rules must not drift apart: a decision comment obeys the same rule as proposal text.
        for (String name : List.of("text", "token", "email")) {
            assertThat(withoutDescription(decision.path(name))).as(name)
                    .isEqualTo(withoutDescription(proposal.path(name)));
        }
        assertThat(decision.path("line").path("pattern")).isEqualTo(proposal.path("line").path("pattern"));
    }

    @Test
    void limits_missingFromTheSchema_failLoudly() {
        ObjectNode schema = (ObjectNode) ContractSchema.proposal().document();
        schema.remove("x-countersign-limits");

        assertThatThrownBy(() -> ProposalLimits.fromSchema(schema))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the proposal schema must give maxCanonicalBytes as a positive integer at"
                        + " /x-countersign-limits; found null");
    }

    @Test
    void proposalLimit_isWellUnderTheStepFunctionsPayloadLimit() {
        // Step Functions caps execution input and state payloads at 256 KiB; the proposal must leave room.
        assertThat(ProposalLimits.current().maxCanonicalBytes()).isLessThanOrEqualTo(256 * 1024 / 4);
    }

    private static JsonNode withoutDescription(JsonNode node) {
        ObjectNode copy = (ObjectNode) Json.copy(node);
        copy.remove("description");
        return copy;
    }

    // Records every string schema without maxLength and every array schema without maxItems.
    private static void walk(JsonNode document, JsonNode node, String where, List<String> unbounded) {
        if (!node.isObject()) {
            return;
        }
        if (isString(document, node) && !hasInChain(document, node, "maxLength")) {
            unbounded.add(where + " (string without maxLength)");
        }
        if ("array".equals(node.path("type").asText()) && !node.has("maxItems")) {
            unbounded.add(where + " (array without maxItems)");
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            String key = member.getKey();
            if (key.equals("$defs")) {
                continue; // definitions are checked where they are used
            }
            if (key.equals("properties")) {
                member.getValue().properties().forEach(p ->
                        walk(document, p.getValue(), where + "/properties/" + p.getKey(), unbounded));
            } else if (key.equals("items") || key.equals("then")) {
                walk(document, member.getValue(), where + "/" + key, unbounded);
            } else if (key.equals("allOf")) {
                for (int i = 0; i < member.getValue().size(); i++) {
                    walk(document, member.getValue().get(i), where + "/allOf/" + i, unbounded);
                }
            }
        }
    }

    private static boolean isString(JsonNode document, JsonNode node) {
        for (JsonNode n = node; n != null; n = ref(document, n)) {
            if ("string".equals(n.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasInChain(JsonNode document, JsonNode node, String keyword) {
        for (JsonNode n = node; n != null; n = ref(document, n)) {
            if (n.has(keyword)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode ref(JsonNode document, JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : null;
    }

    private static void collectOpenObjects(JsonNode node, String where, List<String> open) {
        if (node.isObject()) {
            if (node.has("properties") && !node.path("additionalProperties").isBoolean()) {
                open.add(where);
            }
            node.properties().forEach(m -> collectOpenObjects(m.getValue(), where + "/" + m.getKey(), open));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectOpenObjects(node.get(i), where + "/" + i, open);
            }
        }
    }
}
