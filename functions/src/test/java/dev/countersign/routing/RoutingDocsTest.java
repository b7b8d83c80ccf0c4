package dev.countersign.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/routing.md shows the example file and documents every field; this keeps both honest. */
class RoutingDocsTest {
    private static final Path ROOT = Path.of(System.getProperty("countersign.root", ".."));
    private static final Path DOC = ROOT.resolve("docs/routing.md");

    @ParameterizedTest
    @CsvSource({"docs/routing.md, ## A complete example", "README.md, ## Routing rules"})
    void theCompleteExample_isTheExampleFile_withoutItsDescriptions_andLoads(String page, String heading)
            throws IOException {
        String doc = Files.readString(ROOT.resolve(page));
        int section = doc.indexOf(heading);
        assertThat(section).as("the section '%s' in %s", heading, page).isNotNegative();
        int start = doc.indexOf("```json\n", section) + "```json\n".length();
        String shown = doc.substring(start, doc.indexOf("```", start));
        JsonNode file = Json.parse(Files.readString(ROOT.resolve("config/routing.json")));

        assertThat(RoutingRules.parse(shown, page)).isInstanceOf(RulesCheck.Loaded.class);
        assertThat(CanonicalJson.canonicalize(Json.parse(shown)))
                .isEqualTo(CanonicalJson.canonicalize(withoutDescriptions(Json.copy(file))));
    }

    @Test
    void everyFieldOfTheSchema_hasARowInTheDoc() throws IOException {
        List<String> doc = Files.readAllLines(DOC);
        JsonNode schema = Json.parse(Files.readString(ROOT.resolve(
                "functions/src/main/resources/schemas/routing-1.schema.json")));
        List<String> fields = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(fields::add);
        schema.path("$defs").path("rule").path("properties").fieldNames().forEachRemaining(fields::add);
        schema.path("$defs").path("team").path("properties").fieldNames().forEachRemaining(fields::add);
        schema.path("$defs").path("modifiable").path("properties").fieldNames().forEachRemaining(fields::add);
        schema.path("$defs").path("outOfOffice").path("properties").fieldNames()
                .forEachRemaining(name -> fields.add("members[].outOfOffice." + name));

        assertThat(fields).hasSizeGreaterThan(20).allSatisfy(field -> assertThat(doc)
                .as("a table row for `%s` in docs/routing.md", field)
                .anyMatch(line -> line.startsWith("| `" + field + "` |")));
    }

    private static JsonNode withoutDescriptions(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("description");
            object.forEach(RoutingDocsTest::withoutDescriptions);
        } else if (node.isArray()) {
            node.forEach(RoutingDocsTest::withoutDescriptions);
        }
        return node;
    }
}
