package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Publishing: the agent drafts an article, the first editor to answer may fix the headline and the body and approves
 * it, then two of the three editors sign off exactly that text, and only then is it published (recorded where the
 * example shows it). One rejection returns the draft to its author; nobody editing in time does too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishWorkflowEndToEndTest {
    static final String WORKFLOW = "publish-workflow";
    static final String ANA = "ana.editor@shop.example";
    static final String BEN = "ben.editor@shop.example";
    static final String CY = "cy.editor@shop.example";

    @TempDir
    static Path data;
    UseCaseRuntime use;

    @BeforeAll
    void start() {
        use = UseCaseRuntime.start(data);
    }

    @AfterAll
    void stop() {
        use.close();
    }

    /** A brief whose headline (which the emails' subjects quote) is {@code headline}. */
    private static String brief(String slug, String headline) {
        return "{\"slug\": \"" + slug + "\", \"section\": \"news\", \"headline\": \"" + headline + "\","
                + " \"facts\": [\"From 1 December the shop opens at 8\", \"On Sundays it opens at 11\"],"
                + " \"requester\": {\"email\": \"marketing@shop.example\"}}";
    }

    @Test
    void editedThenSignedOffByTwo_publishesExactlyTheEditedText() {
        String execution = use.start(WORKFLOW, brief("opening-hours", "Longer opening hours"));
        String edit = use.secret(ANA, "Longer opening hours");
        // The body spans lines: the page offers a text area for it, a one-line input for the headline.
        var page = Jsoup.parse(use.runtime.get(use.runtime.local.reviewBaseUrl() + "/review/" + edit).body());
        assertThat(page.select("textarea[name=modify:body]")).hasSize(1);
        assertThat(page.select("input[name=modify:headline]")).hasSize(1);

        use.runtime.approveWithChanges(edit, "Sharper headline.", Map.of("headline", "We open at 8 from December"));
        use.runtime.idle();
        assertThat(use.approval(execution, "article-edit").status()).isEqualTo(ApprovalStatus.APPROVED);
        // The sign-off asks all three editors about the edited text.
        String signOffBen = use.secret(BEN, "Publish \"We open at 8 from December\"");
        String signOffCy = use.secret(CY, "Publish \"We open at 8 from December\"");
        use.decide(signOffBen, "approve", "");
        assertThat(use.status(execution)).as("one sign-off of two").isEqualTo(ExecutionStatus.RUNNING);
        use.decide(signOffCy, "approve", "Good to go.");

        assertThat(use.status(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode article = use.record("article/opening-hours");
        assertThat(article.path("status").asText()).isEqualTo("PUBLISHED");
        assertThat(article.path("headline").asText()).isEqualTo("We open at 8 from December");
        assertThat(article.path("body").asText()).contains("From 1 December the shop opens at 8.");
        assertThat(article.path("approvedBy")).extracting(JsonNode::asText).containsExactly(BEN, CY);
        assertThat(use.auditTypes(execution, "article-sign-off")).containsSubsequence("APPROVED", "APPROVED",
                "CALLBACK_DELIVERED");
    }

    @Test
    void oneSignOffRejection_returnsTheDraftToItsAuthor_andPublishesNothing() {
        String execution = use.start(WORKFLOW, brief("rejected-news", "Board news"));
        use.decide(use.secret(BEN, "Edit and approve the draft \"Board news\""), "approve", "");
        use.decide(use.secret(CY, "Publish \"Board news\""), "reject", "Wait for the board.");

        assertThat(use.status(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(use.statesEntered(execution)).contains("ReturnSignedOffDraft").doesNotContain("PublishArticle");
        assertThat(use.record("draft-returned/rejected-news").path("notice").asText())
                .contains("not published").contains("Wait for the board.");
        assertThat(use.runtime.exampleRecords()).doesNotContainKey("article/rejected-news");
    }

    @Test
    void nobodyEditingWithinADay_returnsTheDraft() {
        String execution = use.start(WORKFLOW, brief("late-news", "Late news"));

        use.advance(Duration.ofDays(1));

        assertThat(use.status(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(use.approval(execution, "article-edit").status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(use.statesEntered(execution)).contains("ReturnDraft").doesNotContain("PrepareSignOff");
        assertThat(use.record("draft-returned/late-news").path("outcome").asText()).isEqualTo("TIMED_OUT");
    }
}
