package dev.countersign.views;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Sample views for tests and the preview: one realistic set, one whose every string is hostile. */
public final class SampleViews {

    /** Thursday 26 Nov 2026, 18:00 UTC: 23 hours before the deadline. */
    public static final Instant NOW = Instant.parse("2026-11-26T18:00:00Z");
    public static final Instant REQUESTED_AT = Instant.parse("2026-11-26T16:55:00Z");
    public static final Instant DEADLINE = Instant.parse("2026-11-27T17:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    public static final String SECRET = "Vq3kZ8mR2xT5nL7pW9cY4bH6jF1dS0gAe4Ru";
    public static final String REVIEW_URL = "https://approvals.example.com/r?l=" + SECRET;
    public static final String FORM_ACTION = "/decide";
    public static final String APPROVAL_ID = "apr_01JDK4M8Q2W7";
    public static final String APPROVER = "dana.kim@example.com";

    /** The 10,000-character word that must wrap instead of widening any layout. */
    public static final String LONG_WORD = "W".repeat(10_000);
    /** Markup, a bidi override, template syntax and a script URL in one string. */
    public static final String EVIL_SHORT = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>"
            + "\u202Efdp.exe\u202C {{ 7*7 }} ${7*7} #{7*7} <%= 7*7 %> javascript:alert(1)";
    /** What every string field of the hostile views carries. */
    public static final String EVIL = EVIL_SHORT + " " + LONG_WORD;
    /** A web link in the hostile view that is allowed to stay a link (shows links are not all dropped). */
    public static final String GOOD_EVIDENCE_URL = "https://evidence.example.com/case/1";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private SampleViews() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    // ---- realistic ------------------------------------------------------------------------------------------

    public static ProposalView proposal() {
        JsonNode params = json("""
                {"orderId": "8812", "amount": 1250.00, "currency": "USD",
                 "customer": {"id": "C-1042", "email": "ana.silva@example.com"},
                 "lineItems": [{"sku": "KB-200", "qty": 1}, {"sku": "MS-15", "qty": 2}],
                 "reason code": "DAMAGED_IN_TRANSIT", "notifyCustomer": true, "notes": null}""");
        return new ProposalView("refunds",
                new ActionView("payments.refund", "Refund $1,250.00 to order 8812", ParamRow.fromJson(params)),
                "The customer reported that the keyboard arrived with a cracked case and sent three photos. "
                        + "Carrier tracking shows the parcel was marked damaged at the Lisbon hub.\n\n"
                        + "Policy R-4 allows a full refund for transit damage. The amount exceeds the $1,000 "
                        + "auto-approval limit, so a person must approve.",
                List.of(new EvidenceView("Order 8812", "2 items, paid 2026-11-19, $1,250.00",
                                "https://shop.example.com/admin/orders/8812"),
                        new EvidenceView("Support ticket #5531", "Customer photos of the damage",
                                "https://support.example.com/tickets/5531"),
                        new EvidenceView("Fraud check", "score 0.03 (clear)", null)),
                new RiskView(RiskBadge.HIGH, new BigDecimal("0.72"),
                        List.of("Amount above the $1,000 auto-approval limit", "Customer's third refund this year")),
                new ProposerView("refund-agent", "claude-sonnet-4", "run-7f3a9c21"),
                "maria.lopez@example.com");
    }

    public static ApprovalView approval(int level) {
        return new ApprovalView(APPROVAL_ID, level, REQUESTED_AT, DEADLINE);
    }

    public static ApprovalRef ref() {
        return ApprovalRef.of(APPROVAL_ID, proposal());
    }

    public static ApprovalRequestEmailView requestEmail() {
        return new ApprovalRequestEmailView(APPROVER, approval(1), proposal(), REVIEW_URL, null, false);
    }

    public static ApprovalRequestEmailView escalatedReminderEmail() {
        return new ApprovalRequestEmailView("lee.chen@example.com", approval(2), proposal(), REVIEW_URL,
                new EscalationView(List.of(APPROVER, "sam.ortiz@example.com"), Duration.ofHours(24)), true);
    }

    public static DecisionReceiptEmailView receiptEmail() {
        return new DecisionReceiptEmailView(APPROVER, ref(), 1, OutcomeText.APPROVED, NOW,
                "Photos confirm the damage; refund is within policy R-4.", WorkflowResumption.RESUMED,
                List.of(new ParamChange("amount", "1250.00", "1200.00")));
    }

    public static List<HistoryRow> history() {
        return List.of(new HistoryRow(REQUESTED_AT, "REQUESTED", "refund-agent", "proposal p-8812-1"),
                new HistoryRow(REQUESTED_AT.plusSeconds(1), "ROUTED", "countersign", "level 1: " + APPROVER),
                new HistoryRow(REQUESTED_AT.plusSeconds(2), "NOTIFIED", "countersign", "email to " + APPROVER),
                new HistoryRow(NOW.minusSeconds(120), "VIEWED", APPROVER, ""));
    }

    public static ReviewPageView reviewPage() {
        return new ReviewPageView(APPROVER, approval(1), proposal(), null, history(), FORM_ACTION, SECRET,
                List.of(new EditableParam("amount", "1250.00", null)), ReviewFormState.EMPTY);
    }

    public static ReviewPageView reviewPageAfterRejectWithoutComment() {
        return new ReviewPageView(APPROVER, approval(1), proposal(), null, history(), FORM_ACTION, SECRET,
                List.of(new EditableParam("amount", "1250.00", "1100.00")),
                new ReviewFormState("  ", ReviewFormState.Problem.COMMENT_REQUIRED_TO_REJECT));
    }

    /** A level that needs 2 of 3 approvals, one given, with the hand-over section offered. */
    public static ReviewPageView quorumReviewPage() {
        return new ReviewPageView(APPROVER, approval(1), proposal(), null, history(), FORM_ACTION, SECRET, List.of(),
                ReviewFormState.EMPTY, quorum(null), true);
    }

    /** The same level, seen by the approver who already approved: their vote instead of the form. */
    public static ReviewPageView quorumReviewPageAfterYourVote() {
        return new ReviewPageView("sam.ortiz@example.com", approval(1), proposal(), null, history(), FORM_ACTION,
                SECRET, List.of(), ReviewFormState.EMPTY, quorum(OutcomeText.APPROVED), false);
    }

    /** A hand-over the page refused (the colleague is the requester), the typed values kept. */
    public static ReviewPageView reviewPageAfterRefusedHandOver() {
        return new ReviewPageView(APPROVER, approval(1), proposal(), null, history(), FORM_ACTION, SECRET, List.of(),
                new ReviewFormState("", ReviewFormState.Problem.HAND_OVER_NOT_ALLOWED,
                        "maria.lopez@example.com requested or proposed this action and may not decide it.",
                        "maria.lopez@example.com", "She knows the customer."), null, true);
    }

    public static QuorumView quorum(OutcomeText yourVote) {
        return new QuorumView(1, 2, List.of("sam.ortiz@example.com"), List.of(APPROVER, "lee.chen@example.com"), 0,
                false, yourVote, yourVote == null ? null : NOW.minusSeconds(600));
    }

    public static DecisionRecordedView voteRecorded() {
        return new DecisionRecordedView(ref(), OutcomeText.APPROVED, APPROVER, NOW, "", WorkflowResumption.PENDING,
                List.of(), new QuorumView(1, 2, List.of(APPROVER), List.of("sam.ortiz@example.com",
                "lee.chen@example.com"), 0, false, OutcomeText.APPROVED, NOW));
    }

    public static HandedOverView handedOver() {
        return new HandedOverView(ref(), "lee.chen@example.com", NOW, "I am on leave until Monday.");
    }

    public static ApprovalRequestEmailView handOverEmail() {
        return new ApprovalRequestEmailView("lee.chen@example.com", approval(1), proposal(), REVIEW_URL, null, false,
                new HandOverView(APPROVER, "I am on leave until Monday."));
    }

    public static DecisionRecordedView decisionRecorded() {
        return new DecisionRecordedView(ref(), OutcomeText.APPROVED, APPROVER, NOW, "Photos confirm the damage.",
                WorkflowResumption.RESUMED, List.of());
    }

    public static AlreadyDecidedView alreadyDecided() {
        return new AlreadyDecidedView(ref(), OutcomeText.REJECTED, "sam.ortiz@example.com", NOW.minusSeconds(300),
                "Third refund this year: send to the fraud team first.", false);
    }

    public static ExpiredView expiredToNextLevel() {
        return new ExpiredView(ref(), DEADLINE, new ExpiredView.NextLevel(2, List.of("lee.chen@example.com")));
    }

    public static ExpiredView expiredFallback() {
        return new ExpiredView(ref(), DEADLINE, new ExpiredView.FallbackApplied(OutcomeText.REJECTED));
    }

    public static EscalatedView escalated() {
        return new EscalatedView(ref(), NOW.minusSeconds(3600), 2, List.of("lee.chen@example.com"));
    }

    public static CancelledView cancelled() {
        return new CancelledView(ref(), NOW.minusSeconds(600), "maria.lopez@example.com",
                "Customer withdrew the request");
    }

    public static LateDecisionView lateDecision() {
        return new LateDecisionView(ref(), OutcomeText.APPROVED, NOW, OutcomeText.TIMED_OUT, NOW.minusSeconds(900));
    }

    public static ReassignedView reassigned() {
        return new ReassignedView(ref(), NOW.minusSeconds(1800), "lee.chen@example.com", "ops-lead@example.com");
    }

    public static SelfApprovalRefusedView selfApprovalRefused() {
        return new SelfApprovalRefusedView(ref(), "maria.lopez@example.com", SelfApprovalRefusedView.Role.REQUESTER);
    }

    public static ErrorPageView error() {
        return new ErrorPageView(ErrorPageView.Recording.NOT_RECORDED, "req-5f1c2a");
    }

    // ---- hostile --------------------------------------------------------------------------------------------

    public static ProposalView hostileProposal() {
        String e = jsonString(EVIL);
        JsonNode params = json("{" + e + ": " + e + ", \"target\": \"javascript:alert(1)\", "
                + "\"nested\": {" + e + ": [" + e + ", 1e400, -0.0]}}");
        return new ProposalView(EVIL, new ActionView(EVIL, EVIL, ParamRow.fromJson(params)), EVIL,
                List.of(new EvidenceView(EVIL, EVIL, "javascript:alert(1)"),
                        new EvidenceView(EVIL, EVIL, EVIL),
                        new EvidenceView(EVIL, EVIL, "JaVaScRiPt:alert(1)"),
                        new EvidenceView(EVIL, EVIL, " javascript:alert(1)"),
                        new EvidenceView(EVIL, EVIL, "java\tscript:alert(1)"),
                        new EvidenceView(EVIL, EVIL, "data:text/html,<script>alert(1)</script>"),
                        new EvidenceView(EVIL, EVIL, "https://bank.example.com@evil.example/"),
                        new EvidenceView(EVIL, EVIL, "https://evidence.example.com/\"><script>alert(1)</script>"),
                        new EvidenceView(EVIL, EVIL, GOOD_EVIDENCE_URL)),
                new RiskView(RiskBadge.CRITICAL, new BigDecimal("99.5"), List.of(EVIL, EVIL)),
                new ProposerView(EVIL, EVIL, EVIL), EVIL);
    }

    public static ApprovalRef hostileRef() {
        return new ApprovalRef(EVIL, EVIL, EVIL, EVIL);
    }

    public static ApprovalRequestEmailView hostileRequestEmail() {
        return new ApprovalRequestEmailView(EVIL, new ApprovalView(EVIL, 2, REQUESTED_AT, DEADLINE),
                hostileProposal(), REVIEW_URL, new EscalationView(List.of(EVIL, EVIL), Duration.ofHours(4)), true);
    }

    public static DecisionReceiptEmailView hostileReceiptEmail() {
        return new DecisionReceiptEmailView(EVIL, hostileRef(), 1, OutcomeText.REJECTED, NOW, EVIL,
                WorkflowResumption.PENDING, List.of(new ParamChange(EVIL, EVIL, EVIL)));
    }

    public static ReviewPageView hostileReviewPage() {
        return new ReviewPageView(EVIL, new ApprovalView(EVIL, 2, REQUESTED_AT, DEADLINE), hostileProposal(),
                new EscalationView(List.of(EVIL), Duration.ofHours(4)),
                List.of(new HistoryRow(REQUESTED_AT, EVIL, EVIL, EVIL)), FORM_ACTION, SECRET,
                List.of(new EditableParam(EVIL, EVIL, EVIL)),
                new ReviewFormState(EVIL, ReviewFormState.Problem.COMMENT_REQUIRED_TO_REJECT));
    }

    /** Every page and email rendered from hostile views, by name. */
    public static List<Rendered> hostileRenderings() {
        PageRenderer pages = new PageRenderer(CLOCK);
        EmailRenderer emails = new EmailRenderer(CLOCK);
        RenderedEmail request = emails.approvalRequest(hostileRequestEmail());
        RenderedEmail receipt = emails.decisionReceipt(hostileReceiptEmail());
        ApprovalRef ref = hostileRef();
        return List.of(
                new Rendered("approval request email", request.html(), Kind.EMAIL),
                new Rendered("decision receipt email", receipt.html(), Kind.EMAIL),
                new Rendered("review page", pages.review(hostileReviewPage()).html(), Kind.PAGE),
                new Rendered("decision recorded page", pages.decisionRecorded(new DecisionRecordedView(ref,
                        OutcomeText.REJECTED, EVIL, NOW, EVIL, WorkflowResumption.PENDING,
                        List.of(new ParamChange(EVIL, EVIL, EVIL)), null, ReceiptDelivery.SENT)).html(), Kind.PAGE),
                new Rendered("decision recorded page, receipt failed", pages.decisionRecorded(
                        new DecisionRecordedView(ref, OutcomeText.APPROVED, EVIL, NOW, EVIL, WorkflowResumption.RESUMED,
                        List.of(), null, ReceiptDelivery.FAILED)).html(), Kind.PAGE),
                new Rendered("review page with a refused receipt value", pages.review(new ReviewPageView(EVIL,
                        new ApprovalView(EVIL, 1, REQUESTED_AT, DEADLINE), hostileProposal(), null, List.of(),
                        FORM_ACTION, SECRET, List.of(), new ReviewFormState(EVIL,
                        ReviewFormState.Problem.RECEIPT_INVALID, EVIL, "", "", true))).html(), Kind.PAGE),
                new Rendered("already decided page", pages.alreadyDecided(new AlreadyDecidedView(ref,
                        OutcomeText.APPROVED, EVIL, NOW, EVIL, false)).html(), Kind.PAGE),
                new Rendered("expired page (next level)", pages.expired(new ExpiredView(ref, DEADLINE,
                        new ExpiredView.NextLevel(2, List.of(EVIL, EVIL)))).html(), Kind.PAGE),
                new Rendered("expired page (fallback)", pages.expired(new ExpiredView(ref, DEADLINE,
                        new ExpiredView.FallbackApplied(OutcomeText.REJECTED))).html(), Kind.PAGE),
                new Rendered("escalated page", pages.escalated(new EscalatedView(ref, NOW, 3,
                        List.of(EVIL))).html(), Kind.PAGE),
                new Rendered("cancelled page", pages.cancelled(new CancelledView(ref, NOW, EVIL, EVIL)).html(),
                        Kind.PAGE),
                new Rendered("late decision page", pages.lateDecision(new LateDecisionView(ref, OutcomeText.REJECTED,
                        NOW, OutcomeText.CANCELLED, NOW)).html(), Kind.PAGE),
                new Rendered("reassigned page", pages.reassigned(new ReassignedView(ref, NOW, EVIL, EVIL)).html(),
                        Kind.PAGE),
                new Rendered("link not valid page", pages.linkNotValid().html(), Kind.PAGE),
                new Rendered("self-approval refused page", pages.selfApprovalRefused(new SelfApprovalRefusedView(
                        ref, EVIL, SelfApprovalRefusedView.Role.PROPOSING_AGENT)).html(), Kind.PAGE),
                new Rendered("error page", pages.error(new ErrorPageView(ErrorPageView.Recording.UNKNOWN,
                        EVIL)).html(), Kind.PAGE),
                new Rendered("review page with a quorum and a refused hand-over", pages.review(new ReviewPageView(
                        EVIL, new ApprovalView(EVIL, 1, REQUESTED_AT, DEADLINE), hostileProposal(), null, List.of(),
                        FORM_ACTION, SECRET, List.of(), new ReviewFormState(EVIL,
                        ReviewFormState.Problem.HAND_OVER_NOT_ALLOWED, EVIL, EVIL, EVIL), new QuorumView(1, 2,
                        List.of(EVIL), List.of(EVIL, EVIL), 1, true, null, null), true)).html(), Kind.PAGE),
                new Rendered("vote recorded page", pages.decisionRecorded(new DecisionRecordedView(ref,
                        OutcomeText.APPROVED, EVIL, NOW, EVIL, WorkflowResumption.PENDING, List.of(), new QuorumView(1,
                        2, List.of(EVIL), List.of(EVIL), 0, false, OutcomeText.APPROVED, NOW))).html(), Kind.PAGE),
                new Rendered("handed over page", pages.handedOver(new HandedOverView(ref, EVIL, NOW, EVIL)).html(),
                        Kind.PAGE),
                new Rendered("hand-over request email", emails.approvalRequest(new ApprovalRequestEmailView(EVIL,
                        new ApprovalView(EVIL, 1, REQUESTED_AT, DEADLINE), hostileProposal(), REVIEW_URL, null,
                        false, new HandOverView(EVIL, EVIL))).html(), Kind.EMAIL));
    }

    /** Every page and email rendered from the realistic views, by name. */
    public static List<Rendered> realisticRenderings() {
        PageRenderer pages = new PageRenderer(CLOCK);
        EmailRenderer emails = new EmailRenderer(CLOCK);
        return List.of(
                new Rendered("approval request email", emails.approvalRequest(requestEmail()).html(), Kind.EMAIL),
                new Rendered("escalated reminder email", emails.approvalRequest(escalatedReminderEmail()).html(),
                        Kind.EMAIL),
                new Rendered("decision receipt email", emails.decisionReceipt(receiptEmail()).html(), Kind.EMAIL),
                new Rendered("review page", pages.review(reviewPage()).html(), Kind.PAGE),
                new Rendered("review page after reject without comment",
                        pages.review(reviewPageAfterRejectWithoutComment()).html(), Kind.PAGE),
                new Rendered("decision recorded page", pages.decisionRecorded(decisionRecorded()).html(), Kind.PAGE),
                new Rendered("already decided page", pages.alreadyDecided(alreadyDecided()).html(), Kind.PAGE),
                new Rendered("expired page (next level)", pages.expired(expiredToNextLevel()).html(), Kind.PAGE),
                new Rendered("expired page (fallback)", pages.expired(expiredFallback()).html(), Kind.PAGE),
                new Rendered("escalated page", pages.escalated(escalated()).html(), Kind.PAGE),
                new Rendered("cancelled page", pages.cancelled(cancelled()).html(), Kind.PAGE),
                new Rendered("late decision page", pages.lateDecision(lateDecision()).html(), Kind.PAGE),
                new Rendered("reassigned page", pages.reassigned(reassigned()).html(), Kind.PAGE),
                new Rendered("link not valid page", pages.linkNotValid().html(), Kind.PAGE),
                new Rendered("self-approval refused page", pages.selfApprovalRefused(selfApprovalRefused()).html(),
                        Kind.PAGE),
                new Rendered("error page", pages.error(error()).html(), Kind.PAGE),
                new Rendered("review page of a 2-of-3 level", pages.review(quorumReviewPage()).html(), Kind.PAGE),
                new Rendered("quorum page after your vote", pages.review(quorumReviewPageAfterYourVote()).html(),
                        Kind.PAGE),
                new Rendered("review page after a refused hand-over", pages.review(reviewPageAfterRefusedHandOver())
                        .html(), Kind.PAGE),
                new Rendered("vote recorded page", pages.decisionRecorded(voteRecorded()).html(), Kind.PAGE),
                new Rendered("handed over page", pages.handedOver(handedOver()).html(), Kind.PAGE),
                new Rendered("hand-over request email", emails.approvalRequest(handOverEmail()).html(), Kind.EMAIL));
    }

    /** An email's HTML part or a page. */
    public enum Kind { EMAIL, PAGE }

    /** One rendered HTML document. */
    public record Rendered(String name, String html, Kind kind) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static String jsonString(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
