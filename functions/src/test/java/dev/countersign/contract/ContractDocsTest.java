package dev.countersign.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.contract.internal.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/contracts.md repeats the schema's limits for readers; this keeps the copy honest. */
class ContractDocsTest {
    private static final Path DOC = Path.of(System.getProperty("countersign.root", ".."), "docs", "contracts.md");

    @Test
    void proposalTable_givesEveryFieldTheSchemasLimit() throws IOException {
        List<String> doc = Files.readAllLines(DOC);
        JsonNode schema = ContractSchema.proposal().document();
        List<String[]> expected = new ArrayList<>(); // {field, limit text}
        collect(schema, schema, "", expected);

        List<String> mismatches = new ArrayList<>();
        for (String[] field : expected) {
            String row = doc.stream().filter(line -> line.startsWith("| `" + field[0] + "` |")).findFirst().orElse(null);
            if (row == null || !row.contains(field[1])) {
                mismatches.add(field[0] + " should say " + field[1] + " but the row is: " + row);
            }
        }
        assertThat(expected).hasSize(20); // every bounded string and list of version 1
        assertThat(mismatches).isEmpty();
    }

    @Test
    void limitsTheSchemaCannotExpress_appearInTheDoc() throws IOException {
        String doc = Files.readString(DOC);
        ProposalLimits limits = ProposalLimits.current();

        String paramsRow = doc.lines().filter(l -> l.startsWith("| `action.params` |")).findFirst().orElseThrow();
        assertThat(paramsRow).contains(limits.paramsMaxDepth() + " levels",
                Texts.count(limits.paramsMaxEntries()) + " entries",
                "strings of " + Texts.count(limits.paramsMaxStringLength()) + " characters",
                "names of " + limits.paramsMaxKeyLength() + " characters");
        assertThat(doc).contains("| the whole proposal | | | " + Texts.count(limits.maxCanonicalBytes()) + " bytes |");
        assertThat(doc).contains(Texts.count(limits.maxCanonicalBytes()) + " bytes (64 KiB) of canonical JSON");
    }

    // Every string (its maxLength) and every array (its maxItems) under properties/items, with its dotted name.
    private static void collect(JsonNode document, JsonNode node, String name, List<String[]> out) {
        Integer maxLength = null;
        for (JsonNode n = node; n != null; n = n.has("$ref") ? document.at(n.get("$ref").asText().substring(1)) : null) {
            if (maxLength == null && n.has("maxLength")) {
                maxLength = n.get("maxLength").intValue();
            }
        }
        if (maxLength != null) {
            out.add(new String[] {name, Texts.count(maxLength) + " characters"});
        }
        if (node.has("maxItems")) {
            out.add(new String[] {name, Texts.count(node.get("maxItems").intValue()) + " items"});
        }
        for (Map.Entry<String, JsonNode> property : node.path("properties").properties()) {
            collect(document, property.getValue(), name.isEmpty() ? property.getKey() : name + "." + property.getKey(),
                    out);
        }
        if (node.has("items")) {
            collect(document, node.get("items"), name + "[]", out);
        }
    }
}
