package dev.countersign.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain core and the contracts know nothing of AWS: they run the same on a laptop and in a Lambda. */
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

    private static boolean importsAws(Path file) {
        try {
            return Files.readAllLines(file).stream().anyMatch(line -> line.startsWith("import software.amazon.")
                    || line.startsWith("import com.amazonaws.") || line.startsWith("import static software.amazon."));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
