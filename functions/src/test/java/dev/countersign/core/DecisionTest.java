package dev.countersign.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.contract.ContractSchema;
import dev.countersign.contract.Violation;
import dev.countersign.core.json.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTest {
    private static final String HASH = "0c672eda0e9072eea71f6131628bc556c41d26641025f646016afda22386a9a3";
    private static final Instant AT = Instant.parse("2026-11-24T19:05:00.123Z");

    private static Decision approvedWithChanges() {
        return new Decision("apv-01", Outcome.APPROVED, "lee@shop.example", AT, "Only 100, shipping is ours.", 1,
                Channel.EMAIL_LINK, HASH, Json.object().put("amount", 100));
    }

    @Test
    void toJson_isTheDocumentedShape() {
        assertThat(Json.write(approvedWithChanges().toJson())).isEqualTo("{\"approvalId\":\"apv-01\","
                + "\"outcome\":\"APPROVED\",\"decidedBy\":\"lee@shop.example\",\"decidedAt\":\"2026-11-24T19:05:00.123Z\","
                + "\"comment\":\"Only 100, shipping is ours.\",\"level\":1,\"channel\":\"email-link\","
                + "\"proposalHash\":\"" + HASH + "\",\"modifications\":{\"amount\":100}}");
    }

    @Test
    void decision_roundTripsThroughJson_andValidatesAgainstItsSchema() {
        List<Decision> decisions = List.of(
                approvedWithChanges(),
                new Decision("apv-02", Outcome.REJECTED, "lee@shop.example", AT, "", 2, Channel.EMAIL_LINK, HASH, null),
                new Decision("apv-03", Outcome.TIMED_OUT, "timeout-fallback", Instant.parse("2026-11-25T00:00:00Z"),
                        "", 3, Channel.POLICY, HASH, null),
                new Decision("apv-04", Outcome.CANCELLED, "arn:aws:iam::123456789012:role/ops", AT, "stopped", 1,
                        Channel.API, HASH, Json.object()));

        assertThat(decisions).allSatisfy(decision -> {
            ObjectNode json = decision.toJson();
            assertThat(ContractSchema.decision().validate(json)).isEmpty();
            assertThat(Decision.fromJson(Json.parse(Json.write(json)))).isEqualTo(decision);
        });
    }

    @Test
    void fromJson_ignoresMembersItDoesNotKnow_soVersionOneCanGrow() {
        ObjectNode json = approvedWithChanges().toJson();
        json.putArray("approvals").addObject().put("by", "lee@shop.example").put("at", "2026-11-24T19:05:00Z")
                .put("channel", "email-link");
        json.put("someFutureField", true);

        assertThat(ContractSchema.decision().validate(json)).isEmpty();
        assertThat(Decision.fromJson(json)).isEqualTo(approvedWithChanges());
    }

    @Test
    void schema_rejectsDecisionsThatBreakItsRules_withMessages() {
        ObjectNode json = Json.object()
                .put("approvalId", "apv 01")
                .put("outcome", "TIMED_OUT")
                .put("decidedBy", "lee")
                .put("decidedAt", "2026-11-24 19:05")
                .put("comment", "fine")
                .put("level", 0)
                .put("channel", "email-link")
                .put("proposalHash", HASH.toUpperCase());
        json.putObject("modifications").put("amount", 1);

        List<Violation> violations = ContractSchema.decision().validate(json);

        assertThat(violations).extracting(Violation::toString).containsExactly(
                "$.approvalId: must start with a letter or digit and use only letters, digits and . _ : / + = @ -;"
                        + " got \"apv 01\" (a space at character 4)",
                "$.channel: must be \"policy\" here; got a string \"email-link\"; a TIMED_OUT decision is made by"
                        + " policy, not by a person",
                "$.decidedAt: must be an RFC 3339 UTC timestamp such as 2026-11-24T19:05:00Z; got \"2026-11-24 19:05\"",
                "$.decidedBy: must be an email address such as name@example.com; got \"lee\"",
                "$.level: must be at least 1; got a number (0)",
                "$.modifications: must be {} here; only an APPROVED decision carries modifications",
                "$.proposalHash: does not have the required form; got \"" + HASH.toUpperCase() + "\" — must be the 64"
                        + " lower-case hex digits of a SHA-256");
    }

    @Test
    void constructor_enforcesTheSameRules() {
        assertThatThrownBy(() -> new Decision("a", Outcome.TIMED_OUT, "x@y.example", AT, "", 1, Channel.EMAIL_LINK,
                HASH, null)).hasMessage("a TIMED_OUT decision is made by policy, not through email-link");
        assertThatThrownBy(() -> new Decision("a", Outcome.REJECTED, "x@y.example", AT, "", 1, Channel.EMAIL_LINK,
                HASH, Json.object().put("amount", 1)))
                .hasMessage("only an APPROVED decision carries modifications; this one is REJECTED");
        assertThatThrownBy(() -> new Decision("a", Outcome.APPROVED, "lee", AT, "", 1, Channel.EMAIL_LINK, HASH, null))
                .hasMessage("an email-link decision is made by an email address, got lee");
        assertThatThrownBy(() -> new Decision("a", Outcome.APPROVED, "x@y.example", AT, "", 0, Channel.EMAIL_LINK,
                HASH, null)).hasMessage("level starts at 1, got 0");
        assertThatThrownBy(() -> new Decision("a", Outcome.APPROVED, "x@y.example", AT, "", 1, Channel.EMAIL_LINK,
                "abc", null)).hasMessageStartingWith("proposalHash must be 64 lower-case hex digits");
    }

    @Test
    void modifications_areCopiedInAndOut() {
        ObjectNode changes = Json.object().put("amount", 100);
        Decision decision = new Decision("a", Outcome.APPROVED, "x@y.example", AT, "", 1, Channel.EMAIL_LINK, HASH,
                changes);

        changes.put("amount", 5);
        decision.modifications().put("amount", 6);

        assertThat(decision.modifications().get("amount").intValue()).isEqualTo(100);
    }

    @Test
    void approved_isTrueOnlyForApproved() {
        assertThat(approvedWithChanges().approved()).isTrue();
        assertThat(new Decision("a", Outcome.REJECTED, "x@y.example", AT, "", 1, Channel.EMAIL_LINK, HASH, null)
                .approved()).isFalse();
    }
}
