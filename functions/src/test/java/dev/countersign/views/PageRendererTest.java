package dev.countersign.views;

import dev.countersign.views.SampleViews.Kind;
import dev.countersign.views.SampleViews.Rendered;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static dev.countersign.views.SampleViews.APPROVAL_ID;
import static dev.countersign.views.SampleViews.APPROVER;
import static dev.countersign.views.SampleViews.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

class PageRendererTest {

    private final PageRenderer pages = new PageRenderer(SampleViews.CLOCK);

    static List<Rendered> realisticPages() {
        return SampleViews.realisticRenderings().stream().filter(r -> r.kind() == Kind.PAGE).toList();
    }

    private static String text(RenderedPage page) {
        return InertHtml.parse(page.html()).body().text();
    }

    // ---- every page ------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("realisticPages")
    void everyPage_worksUnderTheCsp_withOneHashedStylesheetAndNoStyleAttributes(Rendered page) throws Exception {
        Document doc = InertHtml.parse(page.html());
        assertThat(doc.select("style")).hasSize(1);
        String css = doc.select("style").first().data();
        String hash = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(css.getBytes(StandardCharsets.UTF_8)));
        // A stylesheet whose bytes drift from the hash would be silently blocked and the page shown unstyled.
        assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY).contains("style-src 'sha256-" + hash + "'");
        assertThat(doc.select("[style]")).as("style attributes are blocked by a hash-only style-src").isEmpty();
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("meta[name=referrer]").attr("content")).isEqualTo("no-referrer");
        assertThat(doc.select("meta[name=viewport]").attr("content")).contains("width=device-width");
        assertThat(doc.select("h1")).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realisticPages")
    void everyPage_isInert_andLoadsNothing(Rendered page) {
        InertHtml.assertInert(page.html(), Set.of("https://shop.example.com/admin/orders/8812",
                "https://support.example.com/tickets/5531"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realisticPages")
    void pages_carryNoSecret_exceptTheReviewPagesHiddenField(Rendered page) {
        int occurrences = page.html().split(SECRET, -1).length - 1;
        if (page.name().startsWith("review page")) {
            assertThat(occurrences).isEqualTo(1);
            Document doc = InertHtml.parse(page.html());
            assertThat(doc.select("input[type=hidden][name=" + ReviewForm.SECRET + "]").attr("value"))
                    .isEqualTo(SECRET);
        } else {
            assertThat(occurrences).isZero();
        }
    }

    // ---- review ----------------------------------------------------------------------------------------------

    @Test
    void review_showsWhatWhoWhenAndWhy() {
        RenderedPage page = pages.review(SampleViews.reviewPage());
        String text = text(page);
        assertThat(page.status()).isEqualTo(200);
        assertThat(text).contains("Refund $1,250.00 to order 8812", "payments.refund", "refunds",
                "maria.lopez@example.com", "refund-agent", "claude-sonnet-4", "run-7f3a9c21", APPROVAL_ID,
                "Approval needed · level 1");
        assertThat(text).contains("Decide by Fri 27 Nov 2026, 17:00 UTC", "23 hours left");
        assertThat(text).contains("High risk", "■■■□", "Score: 0.72", "Amount above the $1,000 auto-approval limit");
        assertThat(text).contains("amount 1,250.00", "customer.email ana.silva@example.com",
                "lineItems[1].qty 2", "[\"reason code\"] DAMAGED_IN_TRANSIT");
        assertThat(text).contains("Carrier tracking shows the parcel was marked damaged");
        assertThat(text).contains("Order 8812", "shop.example.com", "Fraud check", "score 0.03 (clear)");
        assertThat(text).contains("This page is for " + APPROVER);
    }

    @Test
    void review_listsTheHistorySoFar_withTimeTypeActorAndDetail() {
        Document doc = InertHtml.parse(pages.review(SampleViews.reviewPage()).html());
        List<String> rows = doc.select("ol.history li").eachText();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).isEqualTo("Thu 26 Nov 2026, 16:55 UTC · REQUESTED · refund-agent — proposal p-8812-1");
        assertThat(rows.get(2)).contains("NOTIFIED", "countersign", "email to " + APPROVER);
        assertThat(doc.select("ol.history time").first().attr("datetime")).isEqualTo("2026-11-26T16:55:00Z");
    }

    @Test
    void review_decidesOnlyThroughAPostForm_withApproveRejectCommentAndSecret() {
        Document doc = InertHtml.parse(pages.review(SampleViews.reviewPage()).html());
        Element form = doc.select("form").first();
        assertThat(doc.select("form")).hasSize(1);
        assertThat(form.attr("method")).isEqualTo("post");
        assertThat(form.attr("action")).isEqualTo(SampleViews.FORM_ACTION);
        assertThat(form.select("button[name=decision]").eachAttr("value"))
                .containsExactly(ReviewForm.APPROVE, ReviewForm.REJECT);
        assertThat(form.select("button").eachText()).containsExactly("Approve", "Reject");
        assertThat(form.select("textarea[name=comment]").attr("maxlength"))
                .isEqualTo(String.valueOf(ReviewForm.COMMENT_MAX_LENGTH));
        assertThat(form.text()).contains("required to reject");
        // No link can decide: a link scanner that follows every href must change nothing.
        assertThat(doc.select("a").eachAttr("href")).noneMatch(h -> h.contains(SECRET)
                || h.contains("decide") && !h.equals("#decide"));
    }

    @Test
    void review_offersTheReceiptAsAnUntickedCheckbox_insideTheDecisionForm() {
        Document doc = InertHtml.parse(pages.review(SampleViews.reviewPage()).html());
        Element box = doc.selectFirst("form input[type=checkbox]");
        assertThat(box).isNotNull();
        assertThat(box.attr("name")).isEqualTo(ReviewForm.RECEIPT);
        assertThat(box.attr("value")).isEqualTo(ReviewForm.RECEIPT_YES);
        // Unticked unless the approver ticks it: the receipt is an email the cost budget has no room for by default.
        assertThat(box.hasAttr("checked")).isFalse();
        assertThat(doc.selectFirst("label[for=" + box.id() + "]").text())
                .isEqualTo("Email me a receipt of this decision");
        assertThat(doc.getElementById("receipt-hint").text()).contains("Without it no email is sent")
                .doesNotContain("approvals: a receipt is emailed only if");
    }

    @Test
    void review_afterARefusedPostWithTheBoxTicked_keepsItTicked() {
        ReviewPageView view = SampleViews.reviewPageAfterRejectWithoutComment();
        ReviewPageView ticked = new ReviewPageView(view.recipient(), view.approval(), view.proposal(), null,
                view.history(), view.formAction(), view.linkSecret(), view.editable(),
                view.form().withReceipt(true));
        assertThat(InertHtml.parse(pages.review(ticked).html()).select("input#receipt").hasAttr("checked")).isTrue();
    }

    @Test
    void review_afterAReceiptValueThePageNeverPosts_namesTheField_andMarksTheBox_with422() {
        ReviewPageView base = SampleViews.reviewPage();
        ReviewPageView view = new ReviewPageView(base.recipient(), base.approval(), base.proposal(), null,
                base.history(), base.formAction(), base.linkSecret(), base.editable(), new ReviewFormState("",
                ReviewFormState.Problem.RECEIPT_INVALID, "Field 'receipt' was 'on'", "", ""));
        RenderedPage page = pages.review(view);
        Document doc = InertHtml.parse(page.html());
        assertThat(page.status()).isEqualTo(422);
        assertThat(doc.select("[role=alert]").text()).contains("The form's 'receipt' field may only be 'yes'",
                "Nothing was recorded", "Field 'receipt' was 'on'");
        assertThat(doc.select("input#receipt").attr("aria-invalid")).isEqualTo("true");
        assertThat(doc.select("input#receipt").attr("aria-describedby"))
                .isEqualTo("form-problem-message receipt-hint");
        assertThat(doc.select("textarea").hasAttr("aria-invalid")).isFalse();
    }

    @Test
    void review_afterRejectWithoutComment_explainsAndKeepsTheInput_with422() {
        RenderedPage page = pages.review(SampleViews.reviewPageAfterRejectWithoutComment());
        Document doc = InertHtml.parse(page.html());
        assertThat(page.status()).isEqualTo(422);
        assertThat(doc.select("[role=alert]").text()).contains("To reject, write a comment", "Nothing was recorded");
        assertThat(doc.select("textarea").attr("aria-invalid")).isEqualTo("true");
        // The changed parameter stays changed, and its section opens so the approver sees it.
        assertThat(doc.select("input[name=modify:amount]").attr("value")).isEqualTo("1100.00");
        assertThat(doc.select("details").hasAttr("open")).isTrue();
    }

    @Test
    void review_keepsTheCommentTheApproverTyped() {
        ReviewPageView base = SampleViews.reviewPage();
        ReviewPageView view = new ReviewPageView(base.recipient(), base.approval(), base.proposal(), null,
                base.history(), base.formAction(), base.linkSecret(), base.editable(),
                new ReviewFormState("Line one\nline </textarea> two", ReviewFormState.Problem.COMMENT_TOO_LONG));
        Document doc = InertHtml.parse(pages.review(view).html());
        assertThat(doc.select("textarea").first().wholeText()).isEqualTo("Line one\nline </textarea> two");
        assertThat(doc.select("[role=alert]").text()).contains("longer than 2000 characters");
    }

    @Test
    void review_offersEditableParameters_prefilledWithTheProposal() {
        Document doc = InertHtml.parse(pages.review(SampleViews.reviewPage()).html());
        Element input = doc.select("details input[type=text]").first();
        assertThat(input.attr("name")).isEqualTo(ReviewForm.MODIFY_PREFIX + "amount");
        assertThat(input.attr("value")).isEqualTo("1250.00");
        assertThat(doc.select("label[for=" + input.id() + "]").text()).isEqualTo("amount");
        assertThat(doc.select("details").hasAttr("open")).isFalse();
    }

    @Test
    void review_withoutEditableParameters_hasNoModificationSection() {
        ReviewPageView base = SampleViews.reviewPage();
        ReviewPageView view = new ReviewPageView(base.recipient(), base.approval(), base.proposal(), null,
                base.history(), base.formAction(), base.linkSecret(), List.of(), null);
        assertThat(InertHtml.parse(pages.review(view).html()).select("details, input[type=text]")).isEmpty();
    }

    @Test
    void review_ofALevelNeedingSeveralApprovals_saysHowFarItIs_andOffersTheHandOver() {
        Document doc = InertHtml.parse(pages.review(SampleViews.quorumReviewPage()).html());

        assertThat(doc.select("#quorum").text()).contains("1 of 2 approvals; waiting for " + APPROVER
                + " and lee.chen@example.com.", "Approved so far by sam.ortiz@example.com", "One rejection rejects");
        // One form: the hand-over is a third button of it, so the secret is still written once.
        assertThat(doc.select("form")).hasSize(1);
        assertThat(doc.select("form button[name=decision]").eachAttr("value"))
                .containsExactly(ReviewForm.APPROVE, ReviewForm.REJECT, ReviewForm.HAND_OVER);
        assertThat(doc.select("#hand-over").hasAttr("open")).isFalse();
        assertThat(doc.select("input[name=" + ReviewForm.HAND_OVER_TO + "]")).hasSize(1);
    }

    @Test
    void review_afterYourVote_showsIt_andOffersNothingToPress() {
        Document doc = InertHtml.parse(pages.review(SampleViews.quorumReviewPageAfterYourVote()).html());

        assertThat(doc.select("#your-vote").text()).contains("You approved this request", "counts once");
        assertThat(doc.select("form, button")).isEmpty();
    }

    @Test
    void review_afterARefusedHandOver_opensThatSection_withTheReasonAndTheTypedValues() {
        RenderedPage page = pages.review(SampleViews.reviewPageAfterRefusedHandOver());
        Document doc = InertHtml.parse(page.html());

        assertThat(page.status()).isEqualTo(422);
        assertThat(doc.select("#hand-over").hasAttr("open")).isTrue();
        // The problem is at the top, where the reloaded page starts, and leads to the field it is about.
        assertThat(doc.select("#form-problem[role=alert]").text()).contains("cannot be handed to that person",
                "maria.lopez@example.com requested or proposed this action");
        assertThat(doc.select("#form-problem a").attr("href")).isEqualTo("#hand-over-to");
        assertThat(doc.select("input[name=" + ReviewForm.HAND_OVER_TO + "]").attr("value"))
                .isEqualTo("maria.lopez@example.com");
        assertThat(doc.select("input[name=" + ReviewForm.HAND_OVER_TO + "]").attr("aria-invalid")).isEqualTo("true");
        assertThat(doc.select("input[name=" + ReviewForm.HAND_OVER_TO + "]").attr("aria-describedby"))
                .isEqualTo("form-problem-message");
    }

    @Test
    void review_afterARefusedPost_saysErrorInTheTitle_andPutsTheProblemFirst_focusedAndAnnounced() {
        ReviewPageView base = SampleViews.reviewPage();
        ReviewPageView view = new ReviewPageView(base.recipient(), base.approval(), base.proposal(), null,
                base.history(), base.formAction(), base.linkSecret(), base.editable(), new ReviewFormState("",
                ReviewFormState.Problem.COMMENT_REQUIRED_TO_REJECT));
        Document doc = InertHtml.parse(pages.review(view).html());

        assertThat(doc.title()).startsWith("Error: Review: ");
        Element problem = doc.selectFirst("main > #form-problem");
        assertThat(problem).isNotNull();
        // Right after the heading: the first thing below the title, whatever the screen's height.
        assertThat(problem.previousElementSibling().normalName()).isEqualTo("h1");
        assertThat(problem.attr("role")).isEqualTo("alert");
        assertThat(problem.hasAttr("autofocus")).isTrue();
        assertThat(problem.attr("tabindex")).isEqualTo("-1");
        assertThat(problem.select("a").attr("href")).isEqualTo("#comment");
        assertThat(doc.select("textarea#comment").attr("aria-describedby")).isEqualTo("form-problem-message"
                + " comment-hint");
    }

    @Test
    void review_offersAJumpToTheDecision_nearTheTop() {
        Document doc = InertHtml.parse(pages.review(SampleViews.reviewPage()).html());

        Element jump = doc.selectFirst("nav.jump a");
        assertThat(jump).isNotNull();
        assertThat(jump.attr("href")).isEqualTo("#decide");
        assertThat(doc.getElementById("decide")).isNotNull();
        // Before the parameters, the risk, the reasoning and the evidence: one tap, not three screens.
        assertThat(doc.html().indexOf("class=\"jump\"")).isLessThan(doc.html().indexOf("<h2>Parameters</h2>"));
    }

    @Test
    void handedOver_confirmsToWhomAndWhy() {
        RenderedPage page = pages.handedOver(SampleViews.handedOver());

        assertThat(page.status()).isEqualTo(200);
        assertThat(text(page)).contains("You handed this request to lee.chen@example.com",
                "Your link no longer decides anything", "I am on leave until Monday.");
    }

    @Test
    void voteRecorded_saysTheCount_andThatTheWorkflowWaitsForTheLevel() {
        String text = text(pages.decisionRecorded(SampleViews.voteRecorded()));

        assertThat(text).contains("Your approval counts once. 1 of 2 approvals so far; waiting for"
                + " sam.ortiz@example.com and lee.chen@example.com");
        assertThat(text).doesNotContain("Countersign keeps handing it over");
    }

    @Test
    void review_atAnEscalatedLevel_saysFromWhomAndHowLongItWaited() {
        ReviewPageView base = SampleViews.reviewPage();
        ReviewPageView view = new ReviewPageView("lee.chen@example.com", SampleViews.approval(2), base.proposal(),
                new EscalationView(List.of(APPROVER), java.time.Duration.ofHours(4)), base.history(),
                base.formAction(), base.linkSecret(), List.of(), null);
        String text = text(pages.review(view));
        assertThat(text).contains("Approval needed · level 2",
                "Escalated to you from " + APPROVER + " after 4 hours without a decision",
                "The request has waited 1 hour 5 minutes");
    }

    @Test
    void review_pastItsDeadline_saysSoInsteadOfANegativeTime() {
        PageRenderer late = new PageRenderer(Clock.fixed(SampleViews.DEADLINE.plusSeconds(300), ZoneOffset.UTC));
        assertThat(text(late.review(SampleViews.reviewPage())))
                .contains("no time left: the deadline passed 5 minutes ago");
    }

    // ---- outcome pages ---------------------------------------------------------------------------------------

    @Test
    void decisionRecorded_saysWhatWhenByWhom_andThatTheWorkflowResumed() {
        RenderedPage page = pages.decisionRecorded(SampleViews.decisionRecorded());
        assertThat(page.status()).isEqualTo(200);
        assertThat(text(page)).contains("Approved: Refund $1,250.00 to order 8812",
                "Approved by " + APPROVER + " on Thu 26 Nov 2026, 18:00 UTC",
                "The workflow has your decision and continues on its approved path", "Photos confirm the damage.",
                APPROVAL_ID);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(ReceiptDelivery.class)
    void decisionRecorded_saysWhatBecameOfTheReceipt(ReceiptDelivery receipt) {
        DecisionRecordedView v = SampleViews.decisionRecorded();
        RenderedPage page = pages.decisionRecorded(new DecisionRecordedView(v.approval(), v.outcome(), v.decidedBy(),
                v.decidedAt(), v.comment(), v.resumption(), v.changes(),
                receipt == ReceiptDelivery.NOT_FOR_A_VOTE ? SampleViews.quorum(OutcomeText.APPROVED) : null, receipt));
        String said = InertHtml.parse(page.html()).getElementById("receipt").text();
        switch (receipt) {
            case SENT -> assertThat(said).isEqualTo("A receipt of your decision was emailed to " + APPROVER
                    + ". The decision is also in the audit trail under your name.");
            case FAILED -> assertThat(said).startsWith("You asked for a receipt, but it could not be emailed to "
                    + APPROVER);
            case NOT_FOR_A_VOTE -> assertThat(said).contains("none was emailed", "Your verdict is in the audit"
                    + " trail");
            case NOT_REQUESTED -> assertThat(said).isEqualTo("No receipt was emailed: you did not ask for one. Your"
                    + " decision is in the audit trail under your name.");
        }
    }

    @Test
    void decisionRecorded_whileTheCallbackIsPending_saysTheWorkflowHasNotTakenItYet() {
        DecisionRecordedView v = SampleViews.decisionRecorded();
        RenderedPage page = pages.decisionRecorded(new DecisionRecordedView(v.approval(), OutcomeText.REJECTED,
                v.decidedBy(), v.decidedAt(), "", WorkflowResumption.PENDING, List.of()));
        assertThat(text(page)).contains("Rejected by", "the workflow has not taken it yet")
                .doesNotContain("continues on its");
    }

    @Test
    void alreadyDecided_namesTheDeciderTheOutcomeAndTheTime_with409() {
        RenderedPage page = pages.alreadyDecided(SampleViews.alreadyDecided());
        assertThat(page.status()).isEqualTo(409);
        assertThat(text(page)).contains("This request was already rejected",
                "sam.ortiz@example.com rejected it on Thu 26 Nov 2026, 17:55 UTC (5 minutes ago)",
                "Your decision was not recorded", "send to the fraud team first");
    }

    @Test
    void alreadyDecided_byTheSamePerson_saysTheSecondClickChangedNothing() {
        AlreadyDecidedView v = SampleViews.alreadyDecided();
        RenderedPage page = pages.alreadyDecided(new AlreadyDecidedView(v.approval(), OutcomeText.APPROVED,
                APPROVER, v.decidedAt(), "", true));
        assertThat(text(page)).contains("You already decided: you (" + APPROVER + ") approved it", "changed nothing");
    }

    @Test
    void expired_saysWhomItWentToNext_with410() {
        RenderedPage page = pages.expired(SampleViews.expiredToNextLevel());
        assertThat(page.status()).isEqualTo(410);
        assertThat(text(page)).contains("timed out", "Fri 27 Nov 2026, 17:00 UTC",
                "The request went to lee.chen@example.com (level 2)");
    }

    @Test
    void expired_withNoLevelLeft_saysTheFallbackApplied() {
        assertThat(text(pages.expired(SampleViews.expiredFallback())))
                .contains("the fallback applied: the request was rejected", "never approval");
    }

    @Test
    void expired_beforeTheTimeoutStepRan_namesNoFallback_andSaysNobodyApproved() {
        ExpiredView v = SampleViews.expiredFallback();
        RenderedPage page = pages.expired(new ExpiredView(v.approval(), v.expiredAt(), new ExpiredView.NotYetApplied()));
        assertThat(page.status()).isEqualTo(410);
        assertThat(text(page)).contains("has not been recorded yet", "Nobody approved this request")
                .doesNotContain("the fallback applied", "rejected");
    }

    @Test
    void alreadyDecided_saysWhetherTheWorkflowHasTheDecision() {
        AlreadyDecidedView v = SampleViews.alreadyDecided();
        String pending = text(pages.alreadyDecided(new AlreadyDecidedView(v.approval(), OutcomeText.APPROVED, APPROVER,
                v.decidedAt(), "", true, WorkflowResumption.PENDING)));
        String resumed = text(pages.alreadyDecided(new AlreadyDecidedView(v.approval(), OutcomeText.APPROVED, APPROVER,
                v.decidedAt(), "", true, WorkflowResumption.RESUMED)));
        String ended = text(pages.alreadyDecided(new AlreadyDecidedView(v.approval(), OutcomeText.REJECTED, APPROVER,
                v.decidedAt(), "no", true, WorkflowResumption.ENDED)));

        assertThat(pending).contains("recorded and final", "The workflow has not continued with it yet",
                "without anyone clicking again");
        assertThat(resumed).contains("The workflow has the decision and continues on its approved path");
        assertThat(ended).contains("no longer waits");
    }

    @Test
    void unavailable_is503_saysToTryAgain_andClaimsOnlyWhatIsKnown() {
        RenderedPage viewing = pages.unavailable(new UnavailableView(ErrorPageView.Recording.NO_DECISION, "req-1"));
        RenderedPage deciding = pages.unavailable(new UnavailableView(ErrorPageView.Recording.UNKNOWN, "req-2"));
        RenderedPage recorded = pages.unavailable(new UnavailableView(ErrorPageView.Recording.RECORDED, ""));

        assertThat(viewing.status()).isEqualTo(503);
        assertThat(text(viewing)).contains("Temporarily unavailable", "nothing was changed", "Try again in a moment",
                "req-1");
        assertThat(text(deciding)).contains("We cannot tell yet whether your decision was recorded",
                "never records two decisions");
        assertThat(text(recorded)).contains("Your decision was recorded", "hands it to the workflow");
    }

    @Test
    void lateDecision_repeated_pointsAtTheOneThatWasRecorded() {
        LateDecisionView v = SampleViews.lateDecision();
        String page = text(pages.lateDecision(new LateDecisionView(v.approval(), OutcomeText.REJECTED, v.recordedAt(),
                v.closedAs(), v.closedAt(), true)));
        assertThat(page).contains("You chose to reject", "this further attempt was not recorded again");
    }

    @Test
    void escalated_saysThisLinkNoLongerWorks_andWhereItWent() {
        RenderedPage page = pages.escalated(SampleViews.escalated());
        assertThat(page.status()).isEqualTo(410);
        assertThat(text(page)).contains("This link no longer works",
                "moved to level 2: lee.chen@example.com", "1 hour ago");
    }

    @Test
    void cancelled_saysByWhomWhenAndWhy() {
        RenderedPage page = pages.cancelled(SampleViews.cancelled());
        assertThat(page.status()).isEqualTo(410);
        assertThat(text(page)).contains("This request was withdrawn", "by maria.lopez@example.com",
                "10 minutes ago", "Reason: Customer withdrew the request");
    }

    @Test
    void lateDecision_saysItWasRecordedAsLateAndTheWorkflowWasNotTouched() {
        RenderedPage page = pages.lateDecision(SampleViews.lateDecision());
        assertThat(page.status()).isEqualTo(409);
        assertThat(text(page)).contains("You chose to approve", "it timed out on Thu 26 Nov 2026, 17:45 UTC",
                "LATE_DECISION", "The workflow was not touched");
    }

    @Test
    void reassigned_saysToWhomAndByWhom() {
        RenderedPage page = pages.reassigned(SampleViews.reassigned());
        assertThat(page.status()).isEqualTo(410);
        assertThat(text(page)).contains("handed to someone else", "reassigned to lee.chen@example.com",
                "by ops-lead@example.com", "Your link no longer works");
    }

    @Test
    void selfApprovalRefused_namesTheRoleAndRecordsNothing_with403() {
        RenderedPage page = pages.selfApprovalRefused(SampleViews.selfApprovalRefused());
        assertThat(page.status()).isEqualTo(403);
        assertThat(text(page)).contains("You (maria.lopez@example.com) cannot approve or reject it because you "
                + "requested this action", "Nothing was recorded as a decision");
    }

    @Test
    void error_saysHonestlyWhetherTheDecisionWasRecorded() {
        assertThat(text(pages.error(new ErrorPageView(ErrorPageView.Recording.RECORDED, ""))))
                .contains("Your decision was recorded.").doesNotContain("reference");
        assertThat(text(pages.error(SampleViews.error())))
                .contains("Your decision was not recorded.", "press the button again", "req-5f1c2a");
        assertThat(text(pages.error(new ErrorPageView(ErrorPageView.Recording.UNKNOWN, "r1"))))
                .contains("We cannot tell whether your decision was recorded");
        assertThat(pages.error(SampleViews.error()).status()).isEqualTo(500);
    }

    // ---- the one page for every invalid link -----------------------------------------------------------------

    @Test
    void linkNotValid_isByteIdenticalWhateverTheClockOrRenderer_with404() {
        RenderedPage first = pages.linkNotValid();
        RenderedPage later = new PageRenderer(Clock.fixed(Instant.parse("2031-01-01T00:00:00Z"), ZoneOffset.UTC))
                .linkNotValid();
        // Any varying byte (a time, an id) would let a prober tell an unknown approval from a tampered link.
        assertThat(later.html()).isEqualTo(first.html());
        assertThat(later.status()).isEqualTo(404).isEqualTo(first.status());
        assertThat(text(first)).contains("This link is not valid").doesNotContain(APPROVAL_ID, "Refund", "expired",
                "exist");
    }
}
