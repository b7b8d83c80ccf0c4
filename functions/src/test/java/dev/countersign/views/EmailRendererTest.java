package dev.countersign.views;

import dev.countersign.views.internal.DisplayText;
import dev.countersign.views.internal.PlainText;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static dev.countersign.views.SampleViews.APPROVAL_ID;
import static dev.countersign.views.SampleViews.REVIEW_URL;
import static dev.countersign.views.SampleViews.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

class EmailRendererTest {

    private final EmailRenderer emails = new EmailRenderer(SampleViews.CLOCK);

    private static final Set<String> EVIDENCE = Set.of("https://shop.example.com/admin/orders/8812",
            "https://support.example.com/tickets/5531");

    @Test
    void approvalRequest_subjectSaysWhatAndByWhen() {
        assertThat(emails.approvalRequest(SampleViews.requestEmail()).subject())
                .isEqualTo("Approval needed: Refund $1,250.00 to order 8812 — by Fri 27 Nov 17:00 UTC");
    }

    @Test
    void approvalRequest_subjectCutsTheSummary_neverTheDeadline() {
        String summary = "Refund " + "a very long explanation of the refund ".repeat(10) + "end";
        String subject = emails.approvalRequest(withSummary(summary)).subject();
        assertThat(DisplayText.length(subject)).isLessThanOrEqualTo(RenderedEmail.MAX_SUBJECT_LENGTH);
        assertThat(subject).startsWith("Approval needed: Refund a very long").contains("…")
                .endsWith(" — by Fri 27 Nov 17:00 UTC");
    }

    @Test
    void approvalRequest_subjectNeverSplitsACharacterOutsideTheBasicPlane() {
        String subject = emails.approvalRequest(withSummary("😀".repeat(200))).subject();
        // A cut through a surrogate pair would put an unpaired half into the header, which encoders reject.
        assertThat(subject.codePoints().filter(c -> c >= 0xD800 && c <= 0xDFFF)).isEmpty();
        assertThat(subject).doesNotContain("\uFFFD");
        assertThat(DisplayText.length(subject)).isLessThanOrEqualTo(RenderedEmail.MAX_SUBJECT_LENGTH);
    }

    @Test
    void approvalRequest_handedOver_saysByWhomAndWhy_inTheSubjectAndBothParts() {
        RenderedEmail email = emails.approvalRequest(SampleViews.handOverEmail());

        assertThat(email.subject()).isEqualTo("Handed to you: Refund $1,250.00 to order 8812 — by Fri 27 Nov 17:00 UTC");
        assertThat(InertHtml.parse(email.html()).text()).contains(SampleViews.APPROVER
                + " handed this request to you. Their reason: I am on leave until Monday.");
        assertThat(email.text().replaceAll("\\s+", " ")).contains("HANDED TO YOU by " + SampleViews.APPROVER
                + ". Their reason: I am on leave until Monday.");
    }

    @Test
    void approvalRequest_variants_sayReminderAndEscalationInTheSubject() {
        assertThat(emails.approvalRequest(SampleViews.escalatedReminderEmail()).subject())
                .isEqualTo("Reminder (23 hours left), escalated to you: Refund $1,250.00 to order 8812 — by Fri 27 Nov "
                        + "17:00 UTC");
        ApprovalRequestEmailView base = SampleViews.escalatedReminderEmail();
        ApprovalRequestEmailView escalatedOnly = new ApprovalRequestEmailView(base.recipient(), base.approval(),
                base.proposal(), base.reviewUrl(), base.escalation(), false);
        assertThat(emails.approvalRequest(escalatedOnly).subject()).startsWith("Escalated to you: Refund");
    }

    @Test
    void approvalRequest_html_showsWhatWhoWhenRiskAndWhy() {
        RenderedEmail email = emails.approvalRequest(SampleViews.requestEmail());
        String text = InertHtml.parse(email.html()).body().text();
        assertThat(text).contains("Approval needed · level 1", "Refund $1,250.00 to order 8812",
                "Decide by Fri 27 Nov 2026, 17:00 UTC (in 23 hours)", "High risk ■■■□", "score 0.72 out of 100",
                "Amount above the $1,000 auto-approval limit", "payments.refund", "refunds",
                "maria.lopez@example.com", "refund-agent", "Model: claude-sonnet-4", "Run: run-7f3a9c21",
                "amount 1,250.00", "lineItems[0].sku KB-200", "Carrier tracking shows", "Order 8812",
                "Fraud check score 0.03 (clear)", "Sent to dana.kim@example.com", APPROVAL_ID);
    }

    @Test
    void approvalRequest_hasExactlyOneLinkToTheReviewPage_andNoLinkThatDecides() {
        Document doc = InertHtml.parse(emails.approvalRequest(SampleViews.requestEmail()).html());
        // A mail scanner follows every link: none may approve or reject on click.
        assertThat(doc.select("a[href=" + REVIEW_URL + "]")).hasSize(1);
        assertThat(doc.select("a[href=" + REVIEW_URL + "]").text()).isEqualTo("Review and decide");
        assertThat(doc.select("a").eachText()).noneMatch(t -> t.matches("(?i).*\\b(approve|reject)\\b.*"));
        assertThat(doc.select("a").eachAttr("href")).containsOnly(REVIEW_URL,
                "https://shop.example.com/admin/orders/8812", "https://support.example.com/tickets/5531");
    }

    @Test
    void approvalRequest_carriesTheSecretOnlyInsideTheReviewLink() {
        RenderedEmail email = emails.approvalRequest(SampleViews.requestEmail());
        assertThat(email.html().split(SECRET, -1)).hasSize(2);
        assertThat(email.text().split(SECRET, -1)).hasSize(2);
        assertThat(email.text().lines()).contains(REVIEW_URL);
        assertThat(email.subject()).doesNotContain(SECRET);
    }

    @Test
    void approvalRequest_isMobileFriendly_andLoadsNothing() {
        String html = emails.approvalRequest(SampleViews.requestEmail()).html();
        Document doc = InertHtml.parse(html);
        InertHtml.assertInert(html, union(EVIDENCE, REVIEW_URL));
        assertThat(doc.select("meta[name=viewport]").attr("content")).contains("width=device-width");
        assertThat(doc.select("meta[name=referrer]").attr("content")).isEqualTo("no-referrer");
        assertThat(doc.select("body > div[style*=max-width:600px]")).hasSize(1);
        assertThat(doc.select("table, style, link, img")).as("single column, inline styles, no images").isEmpty();
        // Nothing may be fixed wider than a 360 px phone.
        assertThat(html).doesNotContainPattern("width:\\s*(3[7-9]\\d|[4-9]\\d\\d|\\d{4,})px(?!;margin:0 auto)");
    }

    @Test
    void approvalRequest_escalatedReminder_saysFromWhomAfterHowLong_andTimeLeft() {
        RenderedEmail email = emails.approvalRequest(SampleViews.escalatedReminderEmail());
        String html = InertHtml.parse(email.html()).body().text();
        assertThat(html).contains("Reminder: 23 hours left to decide.",
                "Escalated to you from dana.kim@example.com and sam.ortiz@example.com after 1 day without a "
                        + "decision. The request has waited 1 hour 5 minutes.", "level 2");
        assertThat(email.text()).contains("REMINDER: 23 hours left to decide.", "ESCALATED to you from",
                "APPROVAL NEEDED (level 2)");
    }

    @Test
    void approvalRequest_text_hasEverySectionWrappedAt76Columns() {
        String text = emails.approvalRequest(SampleViews.requestEmail()).text();
        assertThat(text).contains("APPROVAL NEEDED (level 1)", "Refund $1,250.00 to order 8812",
                "Decide by Fri 27 Nov 2026, 17:00 UTC (in 23 hours).", "Risk: High ■■■□ (level 3 of 4), score 0.72 out of 100",
                "WHAT IS ASKED", "  Requested by: maria.lopez@example.com", "  Model: claude-sonnet-4",
                "PARAMETERS", "  amount: 1,250.00", "  [\"reason code\"]: DAMAGED_IN_TRANSIT",
                "THE AGENT'S REASONING", "EVIDENCE", "    https://shop.example.com/admin/orders/8812",
                "DEADLINE", "[2026-11-27T17:00:00Z]", "Approval " + APPROVAL_ID);
        assertThat(text.lines()).allSatisfy(l -> assertThat(DisplayText.length(l)).isLessThanOrEqualTo(
                PlainText.WIDTH));
        assertThat(text).doesNotContain("\r", "\t");
    }

    @Test
    void approvalRequest_withManyParameters_listsTheFirst40AndSaysHowManyMore() {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 45; i++) {
            json.append(i > 0 ? "," : "").append("\"p").append(i).append("\":").append(i);
        }
        ProposalView p = SampleViews.proposal();
        ProposalView many = new ProposalView(p.workflow(), new ActionView(p.action().type(), p.action().summary(),
                ParamRow.fromJson(SampleViews.json(json.append("}").toString()))), p.reasoning(), p.evidence(),
                p.risk(), p.proposedBy(), p.requester());
        RenderedEmail email = emails.approvalRequest(new ApprovalRequestEmailView(SampleViews.APPROVER,
                SampleViews.approval(1), many, REVIEW_URL, null, false));
        assertThat(email.text()).contains("  p39: 39", "(5 more parameters on the review page)")
                .doesNotContain("p40: 40");
        assertThat(InertHtml.parse(email.html()).text()).contains("5 more parameters on the review page.");
    }

    @Test
    void decisionReceipt_saysWhatWhenTheCommentAndWhatHappensNext_withoutAnyLink() {
        RenderedEmail email = emails.decisionReceipt(SampleViews.receiptEmail());
        assertThat(email.subject()).isEqualTo("Recorded: you approved Refund $1,250.00 to order 8812");
        Document doc = InertHtml.parse(email.html());
        assertThat(doc.body().text()).contains("You approved: Refund $1,250.00 to order 8812",
                "Approved on Thu 26 Nov 2026, 18:00 UTC, at level 1", "continues on its approved path",
                "Photos confirm the damage", "amount 1250.00 → 1200.00", APPROVAL_ID);
        assertThat(doc.select("a")).isEmpty();
        InertHtml.assertInert(email.html(), Set.of());
        assertThat(email.html() + email.text()).doesNotContain(SECRET);
        assertThat(email.text()).contains("DECISION RECORDED", "WHAT HAPPENS NEXT", "amount: 1250.00 -> 1200.00",
                "Approval: " + APPROVAL_ID);
    }

    @Test
    void decisionReceipt_forARejectWhoseCallbackIsPending_saysTheWorkflowHasNotTakenItYet() {
        DecisionReceiptEmailView v = SampleViews.receiptEmail();
        RenderedEmail email = emails.decisionReceipt(new DecisionReceiptEmailView(v.recipient(), v.approval(), 2,
                OutcomeText.REJECTED, v.decidedAt(), "", WorkflowResumption.PENDING, List.of()));
        assertThat(email.subject()).startsWith("Recorded: you rejected Refund");
        assertThat(email.text().replaceAll("\\s+", " ")).contains("has not taken it yet", "You left no comment.",
                        "at level 2")
                .doesNotContain("PARAMETERS YOU CHANGED");
    }

    @Test
    void relativeTimes_comeFromTheClock() {
        EmailRenderer later = new EmailRenderer(Clock.fixed(SampleViews.DEADLINE.minus(Duration.ofMinutes(45)),
                ZoneOffset.UTC));
        RenderedEmail email = later.approvalRequest(SampleViews.escalatedReminderEmail());
        assertThat(email.subject()).startsWith("Reminder (45 minutes left)");
        assertThat(email.text()).contains("Decide by Fri 27 Nov 2026, 17:00 UTC (in 45 minutes).");
    }

    private static Set<String> union(Set<String> set, String one) {
        java.util.HashSet<String> all = new java.util.HashSet<>(set);
        all.add(one);
        return all;
    }

    private static ApprovalRequestEmailView withSummary(String summary) {
        ProposalView p = SampleViews.proposal();
        ProposalView changed = new ProposalView(p.workflow(), new ActionView(p.action().type(), summary,
                p.action().params()), p.reasoning(), p.evidence(), p.risk(), p.proposedBy(), p.requester());
        return new ApprovalRequestEmailView(SampleViews.APPROVER, SampleViews.approval(1), changed, REVIEW_URL,
                null, false);
    }
}
