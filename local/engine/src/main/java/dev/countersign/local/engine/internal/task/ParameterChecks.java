package dev.countersign.local.engine.internal.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.internal.asl.DefinitionParser;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Static checks of an integration's literal Parameters/Arguments object. */
final class ParameterChecks {
    private ParameterChecks() {
    }

    /**
     * Required and allowed field names; a JSONPath {@code Name.$} field counts as {@code Name}. Nothing is checked when
     * the whole object is computed (a JSONata string) or absent and nothing is required.
     */
    static List<DefinitionProblem> fields(JsonNode parameters, QueryLanguage language, String location,
                                          String integration, Set<String> required, Set<String> allowed) {
        List<DefinitionProblem> problems = new ArrayList<>();
        String field = language == QueryLanguage.JSONATA ? "Arguments" : "Parameters";
        if (parameters == null) {
            if (!required.isEmpty()) {
                problems.add(new DefinitionProblem(location, integration + " needs " + field + " with "
                        + String.join(", ", required)));
            }
            return problems;
        }
        if (DefinitionParser.isJsonata(parameters)) {
            return problems;
        }
        if (!parameters.isObject()) {
            problems.add(new DefinitionProblem(location + "." + field, integration + " needs " + field
                    + " to be an object"));
            return problems;
        }
        for (String name : required) {
            if (!parameters.has(name) && !parameters.has(name + ".$")) {
                problems.add(new DefinitionProblem(location + "." + field, "the field \"" + name + "\" is required"
                        + " by " + integration + " but is missing: add it"));
            }
        }
        for (Iterator<String> it = parameters.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            String bare = language == QueryLanguage.JSONPATH && name.endsWith(".$")
                    ? name.substring(0, name.length() - 2) : name;
            if (!allowed.contains(bare)) {
                problems.add(new DefinitionProblem(location + "." + field + DefinitionParser.key(name),
                        "the field \"" + bare + "\" is not supported by " + integration + ": use "
                                + String.join(", ", allowed.stream().sorted().toList())));
            }
        }
        return problems;
    }
}
