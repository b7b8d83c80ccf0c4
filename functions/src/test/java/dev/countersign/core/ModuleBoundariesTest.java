package dev.countersign.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A package named {@code internal} belongs to its Maven module: another module's main code reaches it only through
 * the module's public packages, so the module can change it without breaking a caller it cannot see.
 */
class ModuleBoundariesTest {
    private static final Path ROOT = Path.of(System.getProperty("countersign.root", ".."));
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(dev\\.countersign\\.[\\w.*]+);",
            Pattern.MULTILINE);

    @Test
    void noModuleImportsAnotherModulesInternalPackage() throws IOException {
        List<Path> modules = mainSourceRoots();
        assertThat(modules).as("main source roots under " + ROOT.toAbsolutePath())
                .anySatisfy(m -> assertThat(m.toString()).contains("functions"))
                .anySatisfy(m -> assertThat(m.toString()).contains("engine"));
        List<String> offenders = new ArrayList<>();
        for (Path sources : modules) {
            Set<String> own = packages(sources);
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    offenders.addAll(foreignInternals(ROOT.relativize(file).toString(), Files.readString(file), own));
                }
            }
        }
        assertThat(offenders).as("imports of another module's internal package: use (or add) a public entry point"
                + " in that module instead").isEmpty();
    }

    @Test
    void theCheck_findsAForeignInternalImport_andAcceptsTheModulesOwn() {
        String source = "package a;\nimport dev.countersign.aws.internal.AwsJsonClient;\n"
                + "import static dev.countersign.local.engine.internal.run.Turns.start;\n"
                + "import dev.countersign.local.runtime.internal.Own;\nimport dev.countersign.aws.AwsClients;\n";
        assertThat(foreignInternals("A.java", source, Set.of("dev.countersign.local.runtime.internal")))
                .containsExactly("A.java imports dev.countersign.aws.internal",
                        "A.java imports dev.countersign.local.engine.internal.run");
    }

    static List<String> foreignInternals(String file, String source, Set<String> ownPackages) {
        List<String> found = new ArrayList<>();
        Matcher m = IMPORT.matcher(source);
        while (m.find()) {
            // The package: the imported name up to its first capitalised part (the class).
            List<String> parts = new ArrayList<>();
            for (String part : m.group(1).split("\\.")) {
                if (!Character.isLowerCase(part.charAt(0))) {
                    break;
                }
                parts.add(part);
            }
            String pkg = String.join(".", parts);
            if (parts.contains("internal") && !ownPackages.contains(pkg)) {
                found.add(file + " imports " + pkg);
            }
        }
        return found;
    }

    /** Every {@code src/main/java} of the build's modules (one or two levels below the root). */
    private static List<Path> mainSourceRoots() throws IOException {
        try (Stream<Path> dirs = Files.find(ROOT, 5, (p, a) -> a.isDirectory() && p.endsWith(Path.of("src", "main",
                "java")) && !p.toString().contains("node_modules"))) {
            return dirs.sorted().toList();
        }
    }

    private static Set<String> packages(Path sources) throws IOException {
        Set<String> packages = new HashSet<>();
        try (Stream<Path> dirs = Files.walk(sources)) {
            dirs.filter(Files::isDirectory).forEach(d -> packages.add(sources.relativize(d).toString()
                    .replace(java.io.File.separatorChar, '.')));
        }
        return packages;
    }
}
