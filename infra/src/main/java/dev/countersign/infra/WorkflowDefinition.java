package dev.countersign.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the repository's {@code statemachines/*.asl.json} (packaged into this module at build time), with the
 * {@code ${Name}} placeholders it expects. The stack deploys the text unchanged with DefinitionSubstitutions, so what
 * CloudFormation runs is what the local runtime runs.
 *
 * @param name         the file's name without {@code .asl.json}, e.g. {@code approval-gate}
 * @param text         the definition as written
 * @param placeholders every {@code ${Name}} in it
 */
public record WorkflowDefinition(String name, String text, Set<String> placeholders) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    public WorkflowDefinition {
        placeholders = Set.copyOf(placeholders);
    }

    /** Loads {@code statemachines/<name>.asl.json}. */
    public static WorkflowDefinition load(String name) {
        String resource = "/countersign/statemachines/" + name + ".asl.json";
        try (InputStream in = WorkflowDefinition.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("statemachines/" + name + ".asl.json is not on the classpath"
                        + " (" + resource + "): build the infra module with Maven, which packages statemachines/");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Set<String> placeholders = new TreeSet<>();
            Matcher matcher = PLACEHOLDER.matcher(text);
            while (matcher.find()) {
                placeholders.add(matcher.group(1));
            }
            return new WorkflowDefinition(name, text, placeholders);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks that the substitutions fill exactly this definition's placeholders.
     *
     * @throws IllegalStateException naming what is missing or not used
     */
    public Map<String, String> checked(Map<String, String> substitutions) {
        Set<String> missing = new TreeSet<>(placeholders);
        missing.removeAll(substitutions.keySet());
        Set<String> unused = new TreeSet<>(substitutions.keySet());
        unused.removeAll(placeholders);
        if (!missing.isEmpty() || !unused.isEmpty()) {
            throw new IllegalStateException("statemachines/" + name + ".asl.json and the stack disagree:"
                    + (missing.isEmpty() ? "" : " no substitution for " + missing)
                    + (unused.isEmpty() ? "" : " substitutions " + unused + " are not used by the file")
                    + " — keep the ${...} names in the file and in CountersignStack the same");
        }
        return Map.copyOf(substitutions);
    }
}
