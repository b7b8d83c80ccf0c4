package dev.countersign.functions.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalTransitions;
import dev.countersign.approval.Verdict;
import dev.countersign.core.Proposal;
import dev.countersign.functions.internal.FormBody;
import dev.countersign.link.LinkGrant;
import dev.countersign.link.LinkSecretHash;
import dev.countersign.testing.ApprovalRequests;
import dev.countersign.testing.MutableClock;
import dev.countersign.views.ReviewForm;
import dev.countersign.views.ReviewFormState.Problem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Reading the review form into what may be recorded, without HTTP or a store. */
class DecisionFormTest {
    private static final String ANN = "ann@example.com";
    private final MutableClock clock = MutableClock.at("2026-11-24T09:00:00Z");
    private final ApprovalRecord approval = ApprovalTransitions.request(
            ApprovalRequests.request(clock, "refunds", ANN), clock.instant()).next();
    private final ReviewLink open = link(true, false);
    /** These forms change no parameter, so nothing is routed again. */
    private static final dev.countersign.functions.internal.ParameterChanges.Rerouting NO_CHANGES = changed -> null;

    @Test
    void theHandOverButton_asksForAHandOver_withTheFieldsAsTyped() {
        DecisionForm read = DecisionForm.read(form(ReviewForm.DECISION, ReviewForm.HAND_OVER,
                ReviewForm.HAND_OVER_TO, " bob@example.com ", ReviewForm.HAND_OVER_REASON, "on leave"), open, NO_CHANGES);

        assertThat(read).isEqualTo(new DecisionForm.HandOverAsked(" bob@example.com ", "on leave"));
    }

    @Test
    void aRejectionWithoutAComment_isRefused_keepingTheReceiptChoice() {
        DecisionForm read = DecisionForm.read(form(ReviewForm.DECISION, ReviewForm.REJECT, ReviewForm.COMMENT,
                " \u0007 ", ReviewForm.RECEIPT, ReviewForm.RECEIPT_YES), open, NO_CHANGES);

        assertThat(read).isInstanceOfSatisfying(DecisionForm.Invalid.class, invalid -> {
            assertThat(invalid.shown().problem()).isEqualTo(Problem.COMMENT_REQUIRED_TO_REJECT);
            assertThat(invalid.shown().receipt()).isTrue();
        });
    }

    @Test
    void anApprovalWithAColleaguesAddressFilledIn_isAmbiguous_notADecision() {
        // Enter in the hand-over field submits the first button (Approve).
        DecisionForm read = DecisionForm.read(form(ReviewForm.DECISION, ReviewForm.APPROVE, ReviewForm.HAND_OVER_TO,
                "bob@example.com"), open, NO_CHANGES);

        assertThat(read).isInstanceOfSatisfying(DecisionForm.Invalid.class, invalid -> {
            assertThat(invalid.shown().problem()).isEqualTo(Problem.HAND_OVER_AMBIGUOUS);
            assertThat(invalid.shown().handOverTo()).isEqualTo("bob@example.com");
        });
    }

    @Test
    void aReceiptFieldOtherThanYes_isRefused_namingTheFieldAndItsValue() {
        DecisionForm read = DecisionForm.read(form(ReviewForm.DECISION, ReviewForm.APPROVE, ReviewForm.RECEIPT,
                "maybe"), open, NO_CHANGES);

        assertThat(read).isInstanceOfSatisfying(DecisionForm.Invalid.class, invalid -> {
            assertThat(invalid.shown().problem()).isEqualTo(Problem.RECEIPT_INVALID);
            assertThat(invalid.shown().detail()).contains("'receipt' was 'maybe'");
        });
    }

    @Test
    void anApproval_isADecision_withTheCommentCleaned() {
        DecisionForm read = DecisionForm.read(form(ReviewForm.DECISION, ReviewForm.APPROVE, ReviewForm.COMMENT,
                "  fine\u0000 by me\n ", ReviewForm.RECEIPT, ReviewForm.RECEIPT_YES), open, NO_CHANGES);

        assertThat(read).isInstanceOfSatisfying(DecisionForm.Decide.class, decide -> {
            assertThat(decide.verdict()).isEqualTo(Verdict.APPROVE);
            assertThat(decide.comment()).isEqualTo("fine by me");
            assertThat(decide.receiptAsked()).isTrue();
            assertThat(decide.changes()).isNull();
        });
    }

    @Test
    void onALinkThatNoLongerDecides_aFormWithoutAVerdict_recordsNothing() {
        DecisionForm read = DecisionForm.read(form(ReviewForm.COMMENT, "hello"), link(false, false), NO_CHANGES);

        assertThat(read).isInstanceOfSatisfying(DecisionForm.Invalid.class,
                invalid -> assertThat(invalid.shown()).isNull());
    }

    @Test
    void onAnExpiredLinkWhoseLevelIsStillPending_evenAVerdictRecordsNothing() {
        // The timeout step has not run yet: the verdict is neither a decision nor (yet) a late one.
        DecisionForm read = DecisionForm.read(form(ReviewForm.DECISION, ReviewForm.APPROVE), link(false, true), NO_CHANGES);

        assertThat(read).isInstanceOfSatisfying(DecisionForm.Invalid.class,
                invalid -> assertThat(invalid.shown()).isNull());
    }

    @Test
    void onALinkThatNoLongerDecides_aVerdictIsKept_withAnOverlongCommentCut() {
        DecisionForm read = DecisionForm.read(form(ReviewForm.DECISION, ReviewForm.REJECT, ReviewForm.COMMENT,
                "x".repeat(ReviewForm.COMMENT_MAX_LENGTH + 10)), link(false, false), NO_CHANGES);

        assertThat(read).isInstanceOfSatisfying(DecisionForm.Decide.class,
                decide -> assertThat(decide.comment()).hasSize(ReviewForm.COMMENT_MAX_LENGTH));
    }

    private ReviewLink link(boolean open, boolean expired) {
        LinkGrant grant = new LinkGrant(new LinkSecretHash("h".repeat(43)), approval.approvalId().value(), ANN, 1,
                approval.level(1).deadline(), clock.instant());
        return new ReviewLink(grant, approval, open, expired,
                Proposal.fromJson(dev.countersign.contract.Proposals.full()));
    }

    private static FormBody form(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return FormBody.parse(fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&")));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
