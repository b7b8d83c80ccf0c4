package dev.countersign.views;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A mistake in a handler's wiring fails at construction, naming the field and what to pass. */
class ViewRecordsTest {

    @Test
    void missingRequiredField_isNamedWithWhatToPass() {
        assertThatThrownBy(() -> new ActionView("payments.refund", " ", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ActionView.summary is blank: pass the proposal's action.summary");
        assertThatThrownBy(() -> new ApprovalView("a", 1, Instant.EPOCH, null))
                .hasMessage("ApprovalView.deadline is missing: pass when this level times out");
    }

    @Test
    void nullListElement_isNamedByIndex() {
        assertThatThrownBy(() -> new RiskView(RiskBadge.LOW, null, Arrays.asList("ok", null)))
                .hasMessage("RiskView.reasons[1] is null: leave it out of the list instead");
    }

    @Test
    void level_startsAtOne() {
        assertThatThrownBy(() -> new ApprovalView("a", 0, Instant.EPOCH, Instant.EPOCH))
                .hasMessageContaining("ApprovalView.level is 0: levels start at 1");
    }

    @Test
    void reviewUrl_mustBeAWebLink() {
        assertThatThrownBy(() -> new ApprovalRequestEmailView("x", SampleViews.approval(1), SampleViews.proposal(),
                "javascript:alert(1)", null, false))
                .hasMessageStartingWith("ApprovalRequestEmailView.reviewUrl is not an absolute http(s) URL");
    }

    @Test
    void formAction_mayNotCarryTheSecret_norLeaveTheSite() {
        ReviewPageView v = SampleViews.reviewPage();
        assertThatThrownBy(() -> new ReviewPageView(v.recipient(), v.approval(), v.proposal(), null, v.history(),
                "/decide?l=" + SampleViews.SECRET, SampleViews.SECRET, List.of(), null))
                .hasMessageContaining("formAction contains the link secret");
        assertThatThrownBy(() -> new ReviewPageView(v.recipient(), v.approval(), v.proposal(), null, v.history(),
                "//evil.example/decide", SampleViews.SECRET, List.of(), null))
                .hasMessageContaining("is neither a path starting with one '/' nor an http(s) URL");
    }

    @Test
    void receiptAndConfirmation_areForAPersonsDecisionOnly() {
        assertThatThrownBy(() -> new DecisionReceiptEmailView("x", SampleViews.ref(), 1, OutcomeText.TIMED_OUT,
                Instant.EPOCH, "", WorkflowResumption.RESUMED, List.of()))
                .hasMessageContaining("pass APPROVED or REJECTED");
        assertThatThrownBy(() -> new DecisionRecordedView(SampleViews.ref(), OutcomeText.CANCELLED, "x", Instant.EPOCH,
                "", WorkflowResumption.RESUMED, List.of())).hasMessageContaining("pass APPROVED or REJECTED");
    }

    @Test
    void riskLevel_readsTheContractValue_inAnyCase() {
        assertThat(RiskBadge.of("High")).isEqualTo(RiskBadge.HIGH);
        assertThat(RiskBadge.CRITICAL.meter()).isEqualTo("■■■■");
        assertThatThrownBy(() -> RiskBadge.of("severe"))
                .hasMessage("risk level is 'severe': use one of low, medium, high, critical");
    }

    @Test
    void evidence_withoutAWebUrl_saysSo() {
        EvidenceView e = new EvidenceView("Ticket", null, "mailto:x@example.com");
        assertThat(e.value()).isEmpty();
        assertThat(e.webUrl()).isNull();
        assertThat(e.hasUnlinkedUrl()).isTrue();
        assertThat(new EvidenceView("Ticket", "", null).hasUnlinkedUrl()).isFalse();
    }
}
