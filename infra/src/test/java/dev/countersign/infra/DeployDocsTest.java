package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.contract.ProposalCheck;
import dev.countersign.contract.ProposalValidator;
import dev.countersign.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/deploy.md's examples stay true to the code they describe. */
class DeployDocsTest {
    private static String deployDoc() throws Exception {
        Path root = Path.of(System.getProperty(FunctionsJar.ROOT_PROPERTY, ".."));
        return Files.readString(root.resolve("docs/deploy.md"), StandardCharsets.UTF_8);
    }

    @Test
    void firstProposalExample_isAValidProposal() throws Exception {
        Matcher json = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(deployDoc());
        assertThat(json.find()).as("a ```json block in docs/deploy.md").isTrue();
        ProposalCheck check = ProposalValidator.instance().check(Json.parse(json.group(1)));
        // A reader's first deploy starts with this file: a contract violation would fail their first execution.
        assertThat(check).as(check instanceof ProposalCheck.Rejected r ? r.cause() : "accepted")
                .isInstanceOf(ProposalCheck.Accepted.class);
    }

    @Test
    void optionsTable_namesEveryContextOption() throws Exception {
        String doc = deployDoc();
        for (String option : CountersignConfig.OPTIONS.keySet()) {
            assertThat(doc).as("docs/deploy.md documents context key " + option).contains("`" + option + "`");
        }
    }
}
