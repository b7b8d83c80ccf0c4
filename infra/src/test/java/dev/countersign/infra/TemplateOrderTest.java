package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The synthesised template is the same in every JVM. {@code Map.of} with two or more entries iterates in an order
 * salted per JVM, so a pattern, condition or metric map built with it came out in a different key order on another
 * machine: {@code statemachines/event-rules.json} then differed from the committed file on CI only, and every deploy
 * would show a template change. Synthesis runs in one JVM per test run, so comparing two synths cannot catch this;
 * the source can.
 */
class TemplateOrderTest {
    private static final Path SOURCES = Path.of(System.getProperty(FunctionsJar.ROOT_PROPERTY, ".."))
            .resolve("infra/src/main/java");

    @Test
    void noConstructCodeBuildsAMultiEntryMapOf_withoutSortingIt() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                found.addAll(unorderedMaps(SOURCES.relativize(file).toString(), Files.readString(file)));
            }
        }
        assertThat(found).as("a Map.of with several entries reaches the template in a per-JVM order: wrap it in"
                + " new TreeMap<>(…) or build a LinkedHashMap").isEmpty();
    }

    @Test
    void theCheckFindsAnUnsortedMap_andAcceptsASortedOne_orOneEntry() {
        assertThat(unorderedMaps("A.java", "x(Map.of(\"a\", f(1, 2), \"b\", 2));")).containsExactly("A.java:1");
        assertThat(unorderedMaps("A.java", "x(new TreeMap<>(Map.of(\"a\", 1, \"b\", 2)));")).isEmpty();
        assertThat(unorderedMaps("A.java", "x(Map.of(\"a\", List.of(1, 2, 3)));\nMap.of()")).isEmpty();
        assertThat(unorderedMaps("A.java", "\n\nx(Map.of(\"a,b\", 1));")).isEmpty();
    }

    /** {@code file:line} of every {@code Map.of(k, v, k, v…)} not directly inside {@code new TreeMap<>(}. */
    static List<String> unorderedMaps(String file, String source) {
        List<String> found = new ArrayList<>();
        int at = source.indexOf("Map.of(");
        while (at >= 0) {
            boolean sorted = source.substring(0, at).stripTrailing().endsWith("new TreeMap<>(");
            if (!sorted && topLevelCommas(source, at + "Map.of(".length()) >= 3) {
                found.add(file + ":" + (1 + source.substring(0, at).chars().filter(c -> c == '\n').count()));
            }
            at = source.indexOf("Map.of(", at + 1);
        }
        return found;
    }

    private static int topLevelCommas(String source, int from) {
        int depth = 0;
        int commas = 0;
        boolean quoted = false;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    return commas;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                commas++;
            }
        }
        return commas;
    }
}
