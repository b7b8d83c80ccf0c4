package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.routing.InvalidRoutingRulesException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.Stack;

/** Every bad context value stops synth with a message that names the key and shows an example value. */
class ConfigValidationTest {
    private static Map<String, Object> context(Object... pairs) {
        Map<String, Object> context = new HashMap<>();
        context.put(CountersignConfig.SENDER_ADDRESS, Synth.SENDER);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                context.remove((String) pairs[i]);
            } else {
                context.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return context;
    }

    @Test
    void missingSender_namesBothKeysAndAnExample() {
        assertThatThrownBy(() -> CountersignConfig.fromContext(context(CountersignConfig.SENDER_ADDRESS, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'senderAddress' is missing")
                .hasMessageContaining("senderDomain")
                .hasMessageContaining("-c senderAddress=approvals@example.com");
    }

    @Test
    void missingSender_failsATeamsAppReadingItsContext() {
        // The path ApprovalGate users take: their app reads its context and builds the service.
        assertThatThrownBy(() -> CountersignConfig.fromSharedContext(Synth.app(Map.of("someCdkKey:with-colon", "x"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'senderAddress' is missing");
    }

    @Test
    void aGateInAStackWithoutService_saysHowToCreateIt_insteadOfReadingContext() {
        Stack stack = new Stack(Synth.app(Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER)), "Gates");
        assertThatThrownBy(() -> ApprovalService.of(stack))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no ApprovalService yet")
                .hasMessageContaining("CountersignConfig.fromSharedContext(app)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "http://approvals.example.com", "ftp://approvals.example.com",
            "https://", "https://approvals.example.com/?next=x", "https://user@approvals.example.com",
            "approvals.example.com"})
    void malformedBaseUrl_namesTheKeyAndAnExample(String url) {
        assertThatThrownBy(() -> CountersignConfig.fromContext(context(CountersignConfig.BASE_URL, url)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cdk context 'baseUrl'")
                .hasMessageContaining(url)
                .hasMessageContaining("-c baseUrl=https://approvals.example.com");
    }

    @Test
    void unknownOption_isRefusedWithTheNearestKnownOne() {
        assertThatThrownBy(() -> CountersignConfig.fromContext(context("senderAdress", "a@example.com")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'senderAdress' is not a Countersign option (did you mean 'senderAddress'?)")
                .hasMessageContaining("-c senderAddress=approvals@example.com");
    }

    @Test
    void unknownOption_farFromAnyKnownOne_listsTheOptions() {
        assertThatThrownBy(() -> CountersignConfig.fromContext(context("colour", "blue")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'colour' is not a Countersign option; the options are senderAddress,"
                        + " senderDomain");
    }

    @Test
    void teamsOwnApp_mayKeepContextKeysOfItsOwn_butANearMissIsStillRefused() {
        // ApprovalService.of reads a team's app context, which holds that team's settings too.
        assertThat(CountersignConfig.fromSharedContext(context("environment", "prod", "costCentre", "42"))
                .senderAddress()).isEqualTo(Synth.SENDER);
        assertThatThrownBy(() -> CountersignConfig.fromSharedContext(context("defaultAprovers", "lee@example.com")))
                .hasMessageContaining("'defaultAprovers' is not a Countersign option (did you mean"
                        + " 'defaultApprovers'?)");
    }

    @Test
    void cdkOwnContextKeys_areNotMistakenForOptions() {
        CountersignConfig config = CountersignConfig.fromContext(context(
                "@aws-cdk/aws-lambda:recognizeLayerVersion", true, "aws:cdk:enable-path-metadata", true,
                "acknowledged-issue-numbers", List.of(1), "availability-zones:account=1:region=x", List.of()));
        assertThat(config.senderAddress()).isEqualTo(Synth.SENDER);
    }

    @Test
    void malformedSenderAddress_namesTheKey() {
        assertThatThrownBy(() -> CountersignConfig.fromContext(context(CountersignConfig.SENDER_ADDRESS,
                "approvals at example.com")))
                .hasMessageContaining("cdk context 'senderAddress' 'approvals at example.com' is not an email address")
                .hasMessageContaining("-c senderAddress=approvals@example.com");
    }

    @Test
    void senderOutsideTheDomainIdentity_isRefused() {
        assertThatThrownBy(() -> CountersignConfig.fromContext(context(CountersignConfig.SENDER_DOMAIN,
                "example.org")))
                .hasMessageContaining("'approvals@example.com' is not in senderDomain 'example.org'")
                .hasMessageContaining("-c senderAddress=approvals@example.org");
    }

    @Test
    void domainAlone_sendsFromApprovalsAtThatDomain() {
        CountersignConfig config = CountersignConfig.fromContext(context(CountersignConfig.SENDER_ADDRESS, null,
                CountersignConfig.SENDER_DOMAIN, "Example.COM"));
        assertThat(config.sender()).isEqualTo("Countersign <approvals@example.com>");
        assertThat(config.sesIdentity()).isEqualTo("example.com");
    }

    @Test
    void malformedDomain_namesTheKey() {
        assertThatThrownBy(() -> CountersignConfig.fromContext(context(CountersignConfig.SENDER_DOMAIN,
                "example")))
                .hasMessageContaining("cdk context 'senderDomain' 'example' is not a domain name")
                .hasMessageContaining("-c senderDomain=example.com");
    }

    @Test
    void badDefaultApprover_namesTheEntry() {
        assertThatThrownBy(() -> CountersignConfig.fromContext(context(CountersignConfig.DEFAULT_APPROVERS,
                "lee@example.com, kim")))
                .hasMessageContaining("cdk context 'defaultApprovers' entry 'kim' is not an email address")
                .hasMessageContaining("-c defaultApprovers=lee@example.com,kim@example.com");
    }

    @Test
    void defaultApprovers_acceptAListFromCdkJsonAndAStringFromTheCommandLine() {
        assertThat(CountersignConfig.fromContext(context(CountersignConfig.ROUTING_FILE, "none",
                CountersignConfig.DEFAULT_APPROVERS, List.of("Lee@Example.com", "kim@example.com")))
                .defaultApprovers()).containsExactly("lee@example.com", "kim@example.com");
        assertThat(CountersignConfig.fromContext(context(CountersignConfig.ROUTING_FILE, "none",
                CountersignConfig.DEFAULT_APPROVERS, "lee@example.com,,kim@example.com")).defaultApprovers())
                .containsExactly("lee@example.com", "kim@example.com");
    }

    @Test
    void memorySizeOutOfRange_namesTheKeyAndTheRange() {
        assertThatThrownBy(() -> CountersignConfig.fromContext(context(CountersignConfig.MEMORY_SIZE, "64")))
                .hasMessageContaining("cdk context 'memorySize' 64 is outside 128 to 10240")
                .hasMessageContaining("-c memorySize=" + CountersignConfig.DEFAULT_MEMORY_MB);
    }

    @Test
    void snapStartNotABoolean_namesTheKey() {
        assertThatThrownBy(() -> CountersignConfig.fromContext(context(CountersignConfig.SNAP_START, "yes")))
                .hasMessageContaining("cdk context 'snapStart' 'yes' is not true or false")
                .hasMessageContaining("-c snapStart=true");
    }

    @Test
    void logRetentionNotOfferedByCloudWatch_namesTheKeyAndTheValues() {
        assertThatThrownBy(() -> CountersignConfig.fromContext(context(CountersignConfig.LOG_RETENTION_DAYS, 100)))
                .hasMessageContaining("cdk context 'logRetentionDays' 100 is not a retention CloudWatch Logs offers")
                .hasMessageContaining("-c logRetentionDays=365");
    }

    @Test
    void badResourcePrefix_namesTheKey() {
        assertThatThrownBy(() -> CountersignConfig.fromContext(context(CountersignConfig.RESOURCE_PREFIX,
                "Countersign_Prod")))
                .hasMessageContaining("cdk context 'resourcePrefix' 'Countersign_Prod' is not a usable name prefix")
                .hasMessageContaining("-c resourcePrefix=countersign-staging");
    }

    @Test
    void baseUrl_whenGiven_isWhatTheFunctionsLinkTo() {
        CountersignConfig config = CountersignConfig.fromContext(context(CountersignConfig.BASE_URL,
                "https://approvals.example.com/"));
        assertThat(config.baseUrl()).hasToString("https://approvals.example.com");
    }

    @Test
    void routingFile_defaultsToTheRepositorysExample_resolvedAgainstTheRepositoryRoot() {
        Path root = Path.of(System.getProperty(FunctionsJar.ROOT_PROPERTY)).toAbsolutePath().normalize();
        assertThat(CountersignConfig.fromContext(context()).routingFile())
                .isEqualTo(root.resolve("config/routing.json"));
        assertThat(CountersignConfig.fromContext(context(CountersignConfig.ROUTING_FILE, "ops/rules.json"))
                .routingFile()).isEqualTo(root.resolve("ops/rules.json"));
        assertThat(CountersignConfig.fromContext(context(CountersignConfig.ROUTING_FILE, "NONE")).routingFile())
                .isNull();
    }

    @Test
    void defaultApprovers_withRoutingRules_areRefusedRatherThanIgnored() {
        // With rules the Route function never reads them: accepting them would promise a routing that never happens.
        assertThatThrownBy(() -> CountersignConfig.fromContext(context(CountersignConfig.DEFAULT_APPROVERS,
                "lee@example.com")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cdk context 'defaultApprovers' is only used without routing rules, but"
                        + " routingFile is ")
                .hasMessageContaining("put these approvers in the rules file's \"default\" rule")
                .hasMessageContaining("-c routingFile=none -c defaultApprovers=lee@example.com,kim@example.com");
    }

    @Test
    void routingFileThatIsNotAPath_namesTheKey() {
        assertThatThrownBy(() -> CountersignConfig.fromContext(context(CountersignConfig.ROUTING_FILE, "a\u0000b")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cdk context 'routingFile' 'a\u0000b' is not a file path")
                .hasMessageContaining("-c routingFile=config/routing-production.json");
    }

    @Test
    void invalidRulesFile_failsTheSynth_withEveryProblemListed(@TempDir Path directory) throws Exception {
        Path rules = directory.resolve("routing.json");
        Files.writeString(rules, "{\"version\": 1, \"rules\": [{\"name\": \"r\", \"when\": \"amount >\","
                + " \"teams\": [\"finance\"]}]}");

        // What CountersignApp prints before exiting 1, and what the Route function's init would fail with.
        assertThatThrownBy(() -> Synth.stack(context(CountersignConfig.ROUTING_FILE, rules.toString())))
                .isInstanceOfSatisfying(InvalidRoutingRulesException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("the routing rules in " + rules + " are invalid (2 problems); fix them and try"
                                + " again:\n"
                                + "  $.rules[0].teams[0]: names the team \"finance\", which is not defined under"
                                + " \"teams\" — define it there (no teams are defined)\n"
                                + "  $.rules[0].when: is not valid JSONata: Unexpected end of expression (JSONata"
                                + " S0207, at character 8) — check the quotes and brackets (write strings in single"
                                + " quotes inside the JSON string: workflow = 'refunds')"));
    }

    @Test
    void missingRulesFile_failsTheSynth_sayingWhereItLooked(@TempDir Path directory) {
        Path missing = directory.resolve("nope.json");

        assertThatThrownBy(() -> Synth.stack(context(CountersignConfig.ROUTING_FILE, missing.toString())))
                .isInstanceOf(InvalidRoutingRulesException.class)
                .hasMessageContaining("the routing rules in " + missing + " are invalid (1 problem)")
                .hasMessageContaining("there is no file " + missing);
    }
}
