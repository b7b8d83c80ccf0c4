package dev.countersign.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.core.Channel;
import dev.countersign.core.RiskLevel;
import dev.countersign.testing.ApprovalRequests;
import dev.countersign.testing.Case;
import dev.countersign.testing.Generator;
import dev.countersign.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The domain rules on their own (no store): input checks and the decisions a store could never reach. */
class ApprovalRulesTest {
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String DIGITS = "0123456789";
    private final MutableClock clock = MutableClock.at("2026-11-24T09:00:00Z");

    private NewApproval request(List<String> recipients, int quorum) {
        NewApproval base = ApprovalRequests.request(clock, "refunds", "alice@example.com");
        return new NewApproval(base.key(), base.workflow(), base.summary(), base.riskLevel(), base.requester(),
                base.proposedBy(), base.proposal(), 1, recipients, quorum, base.deadline(), base.taskToken(),
                base.actor(), null);
    }

    @Test
    void newApproval_routedToTheRequester_isRefused_namingTheRecipient() {
        assertThatThrownBy(() -> request(List.of("alice@example.com", "Carol@Example.com"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recipients[1] 'carol@example.com' is the requester or the proposing agent");
    }

    @Test
    void newApproval_badRecipientsAndQuorum_nameTheFieldAndTheFix() {
        assertThatThrownBy(() -> request(List.of(), 1)).hasMessageContaining("recipients is empty");
        assertThatThrownBy(() -> request(List.of("alice@example.com", "ALICE@example.com"), 1))
                .hasMessageContaining("recipients[1] 'alice@example.com' is listed twice");
        assertThatThrownBy(() -> request(List.of("not-an-address"), 1))
                .hasMessageContaining("recipients[0] 'not-an-address' is not an email address");
        assertThatThrownBy(() -> request(List.of("alice@example.com"), 2))
                .hasMessageContaining("quorum 2 is outside 1..1");
        assertThatThrownBy(() -> request(java.util.stream.IntStream.range(0, 11).mapToObj(i -> "a" + i + "@x.org")
                .toList(), 1)).hasMessageContaining("at most 10");
    }

    @Test
    void approvalKey_needsAnExecutionArn() {
        assertThatThrownBy(() -> new ApprovalKey("my-execution", "gate"))
                .hasMessageContaining("executionArn 'my-execution' is not an ARN");
        assertThatThrownBy(() -> new ApprovalKey("arn:aws:states:x", " "))
                .hasMessageContaining("gate is empty");
        assertThatThrownBy(() -> new ApprovalKey("arn:aws:states:x", "gate\u0001"))
                .hasMessageContaining("gate contains control characters");
    }

    @Test
    void decide_byTheRequester_isRefusedAsSelfApproval_evenIfTheyEndUpAsARecipient() {
        // Create and reassign both keep the requester out; this record is built by hand to test the last line of
        // defence in decide itself.
        EscalationLevel level = new EscalationLevel(1, List.of(Recipient.of("carol@example.com")), 1,
                Instant.parse("2026-11-24T10:00:00Z"), ApprovalStatus.PENDING, List.of(), 0);
        ApprovalRecord record = new ApprovalRecord(new ApprovalId("ap_aaaaaaaaaaaaaaaaaaaaaaaaaa"),
                "arn:aws:states:x", "gate", "refunds", "Refund", RiskLevel.LOW, "carol@example.com", "refund-agent",
                "hash", ApprovalStatus.PENDING, 1, List.of(level), null, clock.instant(), clock.instant(), 1, 1,
                "h", 300, List.of());

        Transition<DecideResult> transition = ApprovalTransitions.decide(record, new DecisionRequest(
                record.approvalId(), 1, "carol@example.com", Verdict.APPROVE, null, Channel.EMAIL_LINK, null),
                clock.instant());

        assertThat(transition).isInstanceOfSatisfying(Transition.Answer.class, answer ->
                assertThat(answer.result()).isInstanceOfSatisfying(DecideResult.Refused.class,
                        r -> assertThat(r.refusal()).isEqualTo(DecideResult.Refusal.SELF_APPROVAL)));
    }

    @Test
    void decisionRequest_modificationsWithARejection_areRefused() {
        assertThatThrownBy(() -> new DecisionRequest(new ApprovalId("ap_aaaaaaaaaaaaaaaaaaaaaaaaaa"), 1,
                "alice@example.com", Verdict.REJECT, null, Channel.API,
                dev.countersign.core.json.Json.object().put("amount", 1)))
                .hasMessageContaining("only an approval can approve changes");
    }

    @Test
    void decisionRequest_commentMayHaveLineBreaks_butNoOtherControlCharacters() {
        ApprovalId id = new ApprovalId("ap_aaaaaaaaaaaaaaaaaaaaaaaaaa");
        assertThat(new DecisionRequest(id, 1, "alice@example.com", Verdict.APPROVE, "fine\n\tby me", Channel.API,
                null).comment()).isEqualTo("fine\n\tby me");
        assertThatThrownBy(() -> new DecisionRequest(id, 1, "alice@example.com", Verdict.APPROVE, "bell\u0007",
                Channel.API, null)).hasMessageContaining("comment contains control characters");
        assertThatThrownBy(() -> new DecisionRequest(id, 1, "alice@example.com", Verdict.APPROVE,
                "x".repeat(ApprovalLimits.MAX_COMMENT_CHARS + 1), Channel.API, null))
                .hasMessageContaining("comment has " + (ApprovalLimits.MAX_COMMENT_CHARS + 1) + " characters; the limit is "
                        + ApprovalLimits.MAX_COMMENT_CHARS);
    }

    static Stream<Case<ApprovalKey>> keys() {
        Stream<Case<ApprovalKey>> fixed = Stream.of(
                Case.fixed("bare arn: prefix, one-letter gate", new ApprovalKey("arn:aws:states:", "g")),
                Case.fixed("longest execution and gate the limits allow", new ApprovalKey(
                        "arn:" + "9".repeat(ApprovalLimits.MAX_EXECUTION_ARN_CHARS - 4),
                        "z".repeat(ApprovalLimits.MAX_GATE_CHARS))),
                Case.fixed("longest gate of multi-byte characters", new ApprovalKey("arn:aws:states:x",
                        "€".repeat(ApprovalLimits.MAX_GATE_CHARS))),
                Case.fixed("gate of punctuation only", new ApprovalKey("arn:aws:states:x:y/z-", "._")));
        return Stream.concat(fixed, Generator.cases(0xA11D5L, 300, g -> new ApprovalKey(
                "arn:aws:states:" + g.string(0, 200, LETTERS + DIGITS + ":-/"),
                g.string(1, 200, LETTERS + "€_."))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void approvalId_isStablePerKey_andAlwaysWellFormed(Case<ApprovalKey> key) {
        ApprovalId id = ApprovalId.forKey(key.value());

        assertThat(id).as("%s: %s", key, key.value())
                .isEqualTo(ApprovalId.forKey(new ApprovalKey(key.value().executionArn(), key.value().gate())));
        assertThat(ApprovalId.isWellFormed(id.value())).as("%s: %s gives %s", key, key.value(), id).isTrue();
    }

    @Test
    void approvalId_differsPerGate() {
        assertThat(ApprovalId.forKey(new ApprovalKey("arn:aws:states:e", "a")))
                .isNotEqualTo(ApprovalId.forKey(new ApprovalKey("arn:aws:states:e", "b")));
        assertThatThrownBy(() -> new ApprovalId("../etc/passwd")).hasMessageContaining("is not an approval id");
    }
}
