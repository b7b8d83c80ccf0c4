package dev.countersign.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireNamesTest {

    @Test
    void wireNames_matchTheSchemas() {
        assertThat(Outcome.values()).extracting(Outcome::wireName)
                .containsExactly("APPROVED", "REJECTED", "TIMED_OUT", "CANCELLED");
        assertThat(Channel.values()).extracting(Channel::wireName).containsExactly("email-link", "api", "policy");
        assertThat(RiskLevel.values()).extracting(RiskLevel::wireName)
                .containsExactly("low", "medium", "high", "critical");
    }

    @Test
    void fromWire_readsEveryWireName() {
        for (Outcome o : Outcome.values()) {
            assertThat(Outcome.fromWire(o.wireName())).isSameAs(o);
        }
        for (Channel c : Channel.values()) {
            assertThat(Channel.fromWire(c.wireName())).isSameAs(c);
        }
        for (RiskLevel r : RiskLevel.values()) {
            assertThat(RiskLevel.fromWire(r.wireName())).isSameAs(r);
        }
    }

    @Test
    void fromWire_isExact_becauseALenientOutcomeIsASecurityBug() {
        assertThatThrownBy(() -> Outcome.fromWire("approved"))
                .hasMessage("unknown outcome \"approved\"; expected one of APPROVED, REJECTED, TIMED_OUT or CANCELLED");
        assertThatThrownBy(() -> Outcome.fromWire(null)).hasMessageStartingWith("unknown outcome null;");
        assertThatThrownBy(() -> Channel.fromWire("EMAIL_LINK"))
                .hasMessage("unknown channel \"EMAIL_LINK\"; expected one of email-link, api or policy");
        assertThatThrownBy(() -> RiskLevel.fromWire("High"))
                .hasMessage("unknown risk level \"High\"; expected one of low, medium, high or critical");
    }

    @Test
    void onlyApprovedPermitsTheAction() {
        assertThat(Outcome.values()).filteredOn(Outcome::permitsAction).containsExactly(Outcome.APPROVED);
    }

    @Test
    void riskLevels_areOrderedBySeverity() {
        assertThat(RiskLevel.CRITICAL.atLeast(RiskLevel.HIGH)).isTrue();
        assertThat(RiskLevel.MEDIUM.atLeast(RiskLevel.HIGH)).isFalse();
        assertThat(RiskLevel.LOW.atLeast(RiskLevel.LOW)).isTrue();
    }
}
