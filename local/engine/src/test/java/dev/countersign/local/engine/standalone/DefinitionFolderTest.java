package dev.countersign.local.engine.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionFolderTest {
    @TempDir
    Path folder;

    @Test
    void load_namesEachMachineAfterItsFile_andFillsSubstitutions() throws IOException {
        Files.writeString(folder.resolve("approval-gate.asl.json"),
                "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"${RequestFunctionArn}\","
                        + "\"End\":true}}}");
        Files.writeString(folder.resolve("notes.json"), "not a definition");

        List<DefinitionFolder.NamedDefinition> loaded = DefinitionFolder.load(folder,
                Map.of("RequestFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:request"));

        assertThat(loaded).singleElement().satisfies(definition -> {
            assertThat(definition.name()).isEqualTo("approval-gate");
            assertThat(definition.definition())
                    .contains("\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:request\"")
                    .doesNotContain("${");
        });
    }

    @Test
    void load_refusesEveryDefinitionWithAnUnfilledSubstitution_namingFileAndSubstitution() throws IOException {
        Files.writeString(folder.resolve("a.asl.json"), "{\"x\":\"${Filled}\",\"y\":\"${MissingOne}\"}");
        Files.writeString(folder.resolve("b.asl.json"), "{\"z\":\"${MissingTwo}\"}");

        assertThatThrownBy(() -> DefinitionFolder.load(folder, Map.of("Filled", "yes")))
                .isInstanceOfSatisfying(LaunchException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(1);
                    assertThat(e.getMessage())
                            .contains("a.asl.json uses ${MissingOne} with no value: pass --set MissingOne=<value>")
                            .contains("b.asl.json uses ${MissingTwo}")
                            .doesNotContain("${Filled}");
                });
    }

    @Test
    void load_fillsEveryOccurrence_andLeavesJsonPathAndJsonataAlone() throws IOException {
        Files.writeString(folder.resolve("m.asl.json"),
                "{\"a\":\"${Fn}\",\"b\":\"${Fn}\",\"c.$\":\"$.x\",\"d\":\"{% $states.input %}\"}");

        String definition = DefinitionFolder.load(folder, Map.of("Fn", "f$1\\")).get(0).definition();

        // A '$' or '\' in a value is inserted as is, not read as a regex group reference.
        assertThat(definition).isEqualTo("{\"a\":\"f$1\\\",\"b\":\"f$1\\\",\"c.$\":\"$.x\",\"d\":\"{% $states.input %}\"}");
    }

    @Test
    void load_refusesAFolderThatDoesNotExist() {
        assertThatThrownBy(() -> DefinitionFolder.load(folder.resolve("nope"), Map.of()))
                .isInstanceOf(LaunchException.class).hasMessageContaining("is not a folder");
    }

    @Test
    void load_refusesAFileThatIsNotUtf8() throws IOException {
        Files.write(folder.resolve("latin.asl.json"), new byte[] {'{', (byte) 0xE9, '}'});

        assertThatThrownBy(() -> DefinitionFolder.load(folder, Map.of()))
                .isInstanceOf(LaunchException.class).hasMessageContaining("latin.asl.json is not UTF-8 text");
    }
}
