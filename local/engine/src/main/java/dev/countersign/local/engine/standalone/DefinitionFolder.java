package dev.countersign.local.engine.standalone;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code *.asl.json} files of a folder, with their {@code ${Name}} substitutions filled the way CDK's
 * {@code DefinitionSubstitutions} fills them (plain text replacement). A definition that would still contain a
 * {@code ${...}} is refused, naming each one: running it would fail later, far from the cause.
 */
public final class DefinitionFolder {
    static final String SUFFIX = ".asl.json";
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^}]*)}");

    /** A state machine to register: its name (the file name without {@code .asl.json}) and its filled definition. */
    public record NamedDefinition(String name, Path file, String definition) {
    }

    private DefinitionFolder() {
    }

    /**
     * Reads and fills every definition in {@code folder}, sorted by name.
     *
     * @throws LaunchException listing every file that cannot be read and every substitution left unfilled
     */
    public static List<NamedDefinition> load(Path folder, Map<String, String> substitutions) {
        if (!Files.isDirectory(folder)) {
            throw LaunchException.environment("--definitions " + folder + " is not a folder: pass the folder that"
                    + " holds the *.asl.json files (for example --definitions statemachines)");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(file -> file.getFileName().toString().endsWith(SUFFIX))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw LaunchException.environment("cannot list " + folder + ": " + e.getMessage());
        }
        List<NamedDefinition> definitions = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            String name = fileName.substring(0, fileName.length() - SUFFIX.length());
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                        .toString();
            } catch (CharacterCodingException e) {
                problems.add(file + " is not UTF-8 text: save it as UTF-8");
                continue;
            } catch (IOException e) {
                problems.add("cannot read " + file + ": " + e.getMessage());
                continue;
            }
            Set<String> unfilled = new LinkedHashSet<>();
            String filled = fill(text, substitutions, unfilled);
            if (!unfilled.isEmpty()) {
                problems.add(file + " uses " + String.join(", ", unfilled.stream().map(n -> "${" + n + "}").toList())
                        + " with no value: pass " + String.join(" ", unfilled.stream()
                                .map(n -> "--set " + n + "=<value>").toList()));
                continue;
            }
            definitions.add(new NamedDefinition(name, file, filled));
        }
        if (!problems.isEmpty()) {
            throw LaunchException.environment("refusing to start: " + String.join("; ", problems));
        }
        return definitions;
    }

    /** Replaces every {@code ${Name}} that has a value; adds the names without one to {@code unfilled}. */
    public static String fill(String text, Map<String, String> substitutions, Set<String> unfilled) {
        Matcher matcher = SUBSTITUTION.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (matcher.find()) {
            String value = substitutions.get(matcher.group(1));
            if (value == null) {
                unfilled.add(matcher.group(1));
                matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group()));
            } else {
                matcher.appendReplacement(out, Matcher.quoteReplacement(value));
            }
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
