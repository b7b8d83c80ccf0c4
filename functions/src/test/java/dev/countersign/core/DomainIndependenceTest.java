package dev.countersign.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain (core, contracts, approvals, routing, links, audit) knows nothing of AWS: it runs the same anywhere. */
class DomainIndependenceTest {
    private static final Path SOURCES = Path.of(System.getProperty("countersign.root", ".."),
            "functions", "src", "main", "java", "dev", "countersign");

    @Test
    void coreAndContract_importNothingFromAws() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Stream.concat(Files.walk(SOURCES.resolve("core")), Files.walk(SOURCES.resolve("contract")))) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(DomainIndependenceTest::importsAws)
                    .map(Path::toString)
                    .collect(Collectors.toList());
        }

        assertThat(SOURCES.resolve("core")).isDirectory();
        assertThat(offenders).isEmpty();
    }

    /** The packages that hold the domain: everything but the adapters and the handlers. */
    private static final List<String> AWS_FREE = List.of("approval", "routing", "link", "audit", "core", "contract");
    /** Adapters that live under a domain package, beside the port they implement. */
    private static final List<String> ADAPTERS = List.of("audit/eventbridge");
    /** Countersign's own packages that talk to AWS (or wire the handlers): the domain must not reach them either. */
    private static final List<String> AWS_SIDE = List.of("import dev.countersign.aws.", "import dev.countersign.store.",
            "import dev.countersign.mail.ses.", "import dev.countersign.workflow.sfn.",
            "import dev.countersign.audit.eventbridge.", "import dev.countersign.functions.");

    @Test
    void everyAwsFreePackage_importsNothingFromAws_norFromCountersignsAwsAdapters() throws IOException {
        List<String> offenders = new java.util.ArrayList<>();
        for (String pkg : AWS_FREE) {
            Path root = SOURCES.resolve(pkg);
            assertThat(root).as(pkg).isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java"))
                        .filter(f -> ADAPTERS.stream().noneMatch(a -> SOURCES.relativize(f).toString()
                                .replace('\\', '/').startsWith(a + "/")))
                        .filter(f -> importsAws(f) || imports(f, AWS_SIDE))
                        .map(Path::toString)
                        .forEach(offenders::add);
            }
        }

        assertThat(offenders).isEmpty();
    }

    private static boolean imports(Path file, List<String> prefixes) {
        try {
            return Files.readAllLines(file).stream().anyMatch(line -> prefixes.stream().anyMatch(line::startsWith));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean importsAws(Path file) {
        try {
            return Files.readAllLines(file).stream().anyMatch(line -> line.startsWith("import software.amazon.")
                    || line.startsWith("import com.amazonaws.") || line.startsWith("import static software.amazon."));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
