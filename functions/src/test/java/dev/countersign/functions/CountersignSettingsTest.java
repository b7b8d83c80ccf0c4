package dev.countersign.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountersignSettingsTest {
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("COUNTERSIGN_SENDER", "Countersign <approvals@example.com>");
        env.put("COUNTERSIGN_BASE_URL", "https://abc.execute-api.eu-west-1.amazonaws.com/");
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                env.remove(pairs[i]);
            } else {
                env.put(pairs[i], pairs[i + 1]);
            }
        }
        return env;
    }

    @Test
    void fromEnvironment_readsEveryVariable_withDefaults() {
        CountersignSettings settings = CountersignSettings.fromEnvironment(env(
                "COUNTERSIGN_DEFAULT_APPROVERS", " Lee@Shop.example, kim@shop.example ,lee@shop.example,"));

        assertThat(settings.approvalsTable()).isEqualTo("countersign-approvals");
        assertThat(settings.sender()).isEqualTo("Countersign <approvals@example.com>");
        assertThat(settings.senderAddress()).isEqualTo("approvals@example.com");
        assertThat(settings.baseUrl().toString()).isEqualTo("https://abc.execute-api.eu-west-1.amazonaws.com");
        assertThat(settings.defaultApprovers()).containsExactly("lee@shop.example", "kim@shop.example");
        assertThat(settings.reviewUrl("SECRET")).isEqualTo(
                "https://abc.execute-api.eu-west-1.amazonaws.com/review/SECRET");
        assertThat(settings.formAction()).isEqualTo("/review");
    }

    @Test
    void aBaseUrlWithAPath_putsTheFormUnderIt() {
        CountersignSettings settings = CountersignSettings.fromEnvironment(env("COUNTERSIGN_BASE_URL",
                "https://approvals.example.com/gate/", "COUNTERSIGN_APPROVALS_TABLE", "prod-approvals"));

        assertThat(settings.formAction()).isEqualTo("/gate/review");
        assertThat(settings.reviewUrl("S")).isEqualTo("https://approvals.example.com/gate/review/S");
        assertThat(settings.approvalsTable()).isEqualTo("prod-approvals");
    }

    @Test
    void missingSender_namesTheVariableAndAnExample() {
        assertThatThrownBy(() -> CountersignSettings.fromEnvironment(env("COUNTERSIGN_SENDER", null)))
                .hasMessageContaining("COUNTERSIGN_SENDER is not set")
                .hasMessageContaining("Countersign <approvals@example.com>");
    }

    @Test
    void senderWithALineBreak_isRefused() {
        assertThatThrownBy(() -> CountersignSettings.fromEnvironment(env("COUNTERSIGN_SENDER",
                "a@example.com\r\nBcc: x@evil.example")))
                .hasMessageContaining("COUNTERSIGN_SENDER").hasMessageContaining("control characters");
    }

    @Test
    void senderThatIsNoAddress_isRefused() {
        assertThatThrownBy(() -> CountersignSettings.fromEnvironment(env("COUNTERSIGN_SENDER", "Countersign")))
                .hasMessageContaining("COUNTERSIGN_SENDER='Countersign' is not an email address");
    }

    @Test
    void missingOrBadBaseUrl_namesTheVariable() {
        assertThatThrownBy(() -> CountersignSettings.fromEnvironment(env("COUNTERSIGN_BASE_URL", null)))
                .hasMessageContaining("COUNTERSIGN_BASE_URL is not set").hasMessageContaining("http://localhost:8080");
        for (String bad : List.of("localhost:8080", "ftp://x.example", "https://x.example/?a=1", "https://u@x.example")) {
            assertThatThrownBy(() -> CountersignSettings.fromEnvironment(env("COUNTERSIGN_BASE_URL", bad)))
                    .as(bad).hasMessageContaining("COUNTERSIGN_BASE_URL='" + bad + "'");
        }
    }

    @Test
    void badDefaultApprover_namesTheEntry() {
        assertThatThrownBy(() -> CountersignSettings.fromEnvironment(env("COUNTERSIGN_DEFAULT_APPROVERS",
                "lee@shop.example,finance team")))
                .hasMessageContaining("COUNTERSIGN_DEFAULT_APPROVERS")
                .hasMessageContaining("entry 2 'finance team' is not an email address")
                .hasMessageContaining("lee@example.com,kim@example.com");
    }
}
