package dev.countersign.views;

import dev.countersign.views.SampleViews.Kind;
import dev.countersign.views.SampleViews.Rendered;
import dev.countersign.views.internal.DisplayText;
import dev.countersign.views.internal.PlainText;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;

import static dev.countersign.views.SampleViews.EVIL_SHORT;
import static dev.countersign.views.SampleViews.GOOD_EVIDENCE_URL;
import static dev.countersign.views.SampleViews.LONG_WORD;
import static dev.countersign.views.SampleViews.REVIEW_URL;
import static org.assertj.core.api.Assertions.assertThat;

/** Every email and page, rendered from views whose every string is hostile, stays inert. */
class EscapingTest {

    private static final Set<String> ALLOWED_HREFS = Set.of(REVIEW_URL, GOOD_EVIDENCE_URL);

    static List<Rendered> hostile() {
        return SampleViews.hostileRenderings();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileText_rendersInert_inEveryEmailAndPage(Rendered rendered) {
        InertHtml.assertInert(rendered.html(), ALLOWED_HREFS);
        Document doc = InertHtml.parse(rendered.html());
        assertThat(doc.select("script, img, iframe, object, embed, svg, math, base, link")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileText_isShownAsText_notDropped(Rendered rendered) {
        if (rendered.name().equals("link not valid page")) {
            return; // the only page that shows nothing of the approval
        }
        String text = InertHtml.parse(rendered.html()).body().text();
        // Escaping must keep the characters visible: an approver has to see what the agent sent.
        assertThat(text).contains("<script>alert(1)</script>\"><img src=x onerror=alert(1)>");
        // Template-looking text is data: it is shown as written, never evaluated.
        assertThat(text).contains("{{ 7*7 }} ${7*7} #{7*7} <%= 7*7 %>");
        // The right-to-left override is shown as a marker instead of reversing what follows it.
        assertThat(text).contains("[U+202E]fdp.exe[U+202C]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void longWord_wrapsInsteadOfWideningTheLayout(Rendered rendered) {
        Document doc = InertHtml.parse(rendered.html());
        if (rendered.kind() == Kind.PAGE) {
            // Pages: the one stylesheet makes every element inherit wrapping from body.
            assertThat(doc.select("style").first().data()).containsPattern(
                    "body\\{[^}]*overflow-wrap:anywhere;word-break:break-word");
            return;
        }
        // Emails: clients drop <style>, so some ancestor of each long text must carry the wrapping inline.
        for (Element e : doc.body().getAllElements()) {
            if (e.ownText().contains("WWWWWWWWWWWWWWWWWWWW")) {
                assertThat(e.parents().stream().anyMatch(p -> p.attr("style").contains("overflow-wrap:anywhere"))
                        || e.attr("style").contains("overflow-wrap:anywhere"))
                        .as("<%s> holding the long word wraps", e.normalName()).isTrue();
            }
        }
    }

    @Test
    void reviewPage_keepsRawValuesOnlyInsideFormControls() {
        Document doc = InertHtml.parse(SampleViews.hostileRenderings().get(2).html());
        // The approver's own comment and the editable value go back to the server unchanged, so they stay raw
        // (escaped) inside the controls, where the browser isolates them.
        assertThat(doc.select("textarea").text()).contains("\u202Efdp.exe");
        assertThat(doc.select("input[type=text]").attr("value")).contains("\u202Efdp.exe");
        assertThat(doc.select("input[type=text]").attr("value")).startsWith("<script>");
    }

    @Test
    void textPart_carriesTheRawTextSafely() {
        RenderedEmail email = new EmailRenderer(SampleViews.CLOCK).approvalRequest(SampleViews.hostileRequestEmail());
        String text = email.text();
        String unwrapped = text.replaceAll("\\s+", " ");
        assertThat(unwrapped).contains("<script>alert(1)</script>\"><img src=x onerror=alert(1)>");
        assertThat(unwrapped).contains("{{ 7*7 }} ${7*7}");
        assertThat(text.codePoints().filter(DisplayText::isBidiControl)).isEmpty();
        assertThat(text.codePoints().filter(c -> c < 0x20 && c != '\n')).isEmpty();
        assertThat(text).contains("[U+202E]fdp.exe");
        // An evidence URL that is not http(s) is labelled as such, never listed like a link.
        assertThat(text).contains("Not a web link: javascript:alert(1)", "Not a web link: data:text/html");
        assertThat(text.lines()).contains("    " + GOOD_EVIDENCE_URL);
        assertThat(text.lines().filter(l -> !l.equals(REVIEW_URL)))
                .allSatisfy(l -> assertThat(DisplayText.length(l)).isLessThanOrEqualTo(PlainText.WIDTH));
    }

    @Test
    void receiptTextPart_carriesTheRawTextSafely() {
        RenderedEmail email = new EmailRenderer(SampleViews.CLOCK).decisionReceipt(SampleViews.hostileReceiptEmail());
        assertThat(email.text().replaceAll("\\s+", " "))
                .contains(EVIL_SHORT.replace("\u202E", "[U+202E]").replace("\u202C", "[U+202C]"));
        assertThat(email.text().codePoints().filter(DisplayText::isBidiControl)).isEmpty();
        assertThat(email.text().lines())
                .allSatisfy(l -> assertThat(DisplayText.length(l)).isLessThanOrEqualTo(PlainText.WIDTH));
    }

    @Test
    void subjects_areOneBoundedLineWithoutControls_forHostileSummaries() {
        EmailRenderer emails = new EmailRenderer(SampleViews.CLOCK);
        for (String subject : List.of(emails.approvalRequest(SampleViews.hostileRequestEmail()).subject(),
                emails.decisionReceipt(SampleViews.hostileReceiptEmail()).subject(),
                emails.approvalRequest(withSummary("Refund\r\nBcc: all@example.com\u0000\u202E\u2028x")).subject())) {
            assertThat(subject).doesNotContain("\r", "\n", "\u2028", "\u2029");
            assertThat(subject.codePoints()).noneMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F)
                    || DisplayText.isBidiControl(c));
            assertThat(DisplayText.length(subject)).isLessThanOrEqualTo(RenderedEmail.MAX_SUBJECT_LENGTH);
        }
        // Header injection: the would-be header stays inside the one subject line.
        assertThat(emails.approvalRequest(withSummary("Refund\r\nBcc: all@example.com")).subject())
                .startsWith("Approval needed: Refund Bcc: all@example.com — by ");
    }

    @Test
    void evidenceLinks_onlyHttpAndHttpsBecomeLinks() {
        Document doc = InertHtml.parse(SampleViews.hostileRenderings().get(2).html());
        // Besides jumps within the page (to the decision, to the field a problem is about).
        assertThat(doc.select("a[href]").eachAttr("href")).filteredOn(href -> !href.startsWith("#"))
                .containsOnly(GOOD_EVIDENCE_URL);
        Document email = InertHtml.parse(SampleViews.hostileRenderings().get(0).html());
        assertThat(email.select("a[href]").eachAttr("href")).containsOnly(REVIEW_URL, GOOD_EVIDENCE_URL);
    }

    @Test
    void longWord_isFullyShownOnTheReviewPage_andClippedInTheEmail() {
        String page = SampleViews.hostileRenderings().get(2).html();
        assertThat(page).contains(LONG_WORD);
        String email = SampleViews.hostileRenderings().get(0).html();
        // Long values are clipped in email (a clipped Gmail message would hide its end) and say where the rest is.
        assertThat(email).doesNotContain(LONG_WORD).contains("more characters on the review page");
    }

    @Test
    void invisibleFormatCharacters_areMarkedOnThePageAndInTheEmail_andDroppedFromTheSubject() {
        // "pay\u200Bpal" reads as "paypal": an approver must see that something invisible is there.
        String summary = "Refund to pay\u200Bpal\u2060 order\uFEFF 8812";
        ApprovalRequestEmailView request = withSummary(summary);
        RenderedEmail email = new EmailRenderer(SampleViews.CLOCK).approvalRequest(request);
        String marked = "Refund to pay[U+200B]pal[U+2060] order[U+FEFF] 8812";
        assertThat(InertHtml.parse(email.html()).body().text()).contains(marked);
        assertThat(email.text().replaceAll("\\s+", " ")).contains(marked);
        assertThat(email.subject()).contains("Refund to paypal order 8812").doesNotContain("\u200B", "\u2060",
                "\uFEFF");
        ReviewPageView page = SampleViews.reviewPage();
        String html = new PageRenderer(SampleViews.CLOCK).review(new ReviewPageView(page.recipient(), page.approval(),
                request.proposal(), page.escalation(), page.history(), page.formAction(), page.linkSecret(),
                page.editable(), page.form(), page.quorum(), page.handOver())).html();
        assertThat(InertHtml.parse(html).body().text()).contains(marked).doesNotContain("\u200B");
    }

    private static ApprovalRequestEmailView withSummary(String summary) {
        ProposalView p = SampleViews.proposal();
        ProposalView changed = new ProposalView(p.workflow(), new ActionView(p.action().type(), summary,
                p.action().params()), p.reasoning(), p.evidence(), p.risk(), p.proposedBy(), p.requester());
        return new ApprovalRequestEmailView(SampleViews.APPROVER, SampleViews.approval(1), changed,
                REVIEW_URL, null, false);
    }
}
