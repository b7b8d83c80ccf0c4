package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.ses.EmailIdentity;

/** ApprovalService's props in the style of AWS Solutions Constructs: existing resources and per-function overrides. */
class ApprovalServicePropsTest {
    private static Stack stack(String name) {
        return new Stack(Synth.app(Map.of()), name);
    }

    @Test
    void existingTableBusAndIdentity_areUsed_andNoneIsCreated() {
        Stack stack = stack("Existing");
        ApprovalService service = ApprovalService.Builder.create(stack, ApprovalService.DEFAULT_ID)
                .config(CountersignConfig.withSender(Synth.SENDER)).code(Synth.functions())
                .existingTableObj(Table.fromTableName(stack, "Kept", "countersign-approvals-2025"))
                .existingEventBusObj(EventBus.fromEventBusName(stack, "Bus", "platform-events"))
                .existingEmailIdentityObj(EmailIdentity.fromEmailIdentityName(stack, "Sender", Synth.SENDER))
                .build();
        var resources = Templates.resources(Synth.template(stack));

        assertThat(Templates.ofType(resources, "AWS::DynamoDB::Table")).isEmpty();
        assertThat(Templates.ofType(resources, "AWS::Events::EventBus")).isEmpty();
        assertThat(Templates.ofType(resources, "AWS::SES::EmailIdentity")).isEmpty();
        assertThat(service.createdTable()).isNull();
        Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) Templates.properties(Templates.function(resources,
                ApprovalService.REQUEST_HANDLER)).get("Environment")).get("Variables");
        assertThat(variables.get("COUNTERSIGN_APPROVALS_TABLE")).isEqualTo("countersign-approvals-2025");
        assertThat(variables.get("COUNTERSIGN_EVENT_BUS")).isEqualTo("platform-events");
        String policies = String.valueOf(Templates.ofType(resources, "AWS::IAM::Policy"));
        assertThat(policies).contains("table/countersign-approvals-2025/index/*", "event-bus/platform-events");
    }

    @Test
    void functionProps_overrideMemoryTimeoutConcurrencyAndEnvironment_ofThatFunctionOnly() {
        Stack stack = stack("Overrides");
        ApprovalService.Builder.create(stack, ApprovalService.DEFAULT_ID)
                .config(CountersignConfig.withSender(Synth.SENDER)).code(Synth.functions())
                .decisionFunctionProps(FunctionOverrides.NONE.withMemorySize(2048).withTimeout(Duration.seconds(20))
                        .withReservedConcurrentExecutions(5).withEnvironment("TEAM_TAG", "payments"))
                .build();
        var resources = Templates.resources(Synth.template(stack));

        Map<String, Object> decision = Templates.properties(Templates.function(resources,
                ApprovalService.DECISION_HANDLER));
        assertThat(decision).containsEntry("MemorySize", 2048).containsEntry("Timeout", 20)
                .containsEntry("ReservedConcurrentExecutions", 5);
        assertThat(((Map<?, ?>) ((Map<?, ?>) decision.get("Environment")).get("Variables")).get("TEAM_TAG"))
                .isEqualTo("payments");
        Map<String, Object> request = Templates.properties(Templates.function(resources,
                ApprovalService.REQUEST_HANDLER));
        assertThat(request).containsEntry("MemorySize", CountersignConfig.DEFAULT_MEMORY_MB)
                .containsEntry("Timeout", 60).doesNotContainKey("ReservedConcurrentExecutions");
    }

    @Test
    void functionProps_refuseAMemorySizeLambdaDoesNotOffer() {
        assertThatThrownBy(() -> FunctionOverrides.NONE.withMemorySize(64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memorySize 64 is outside 128 to 10240 MB");
    }

    @Test
    void noConstructReadsContext_aServiceIsConfiguredOnlyByItsProps() {
        // Context that would be refused if anything read it: the service is built from its config alone.
        Stack stack = new Stack(Synth.app(Map.of(CountersignConfig.MEMORY_SIZE, "not a number")), "NoContext");
        ApprovalService service = ApprovalService.Builder.create(stack, ApprovalService.DEFAULT_ID)
                .config(CountersignConfig.withSender(Synth.SENDER)).code(Synth.functions()).build();

        assertThat(ApprovalService.of(stack)).isSameAs(service);
        assertThat(Templates.resources(Synth.template(stack))).isNotEmpty();
    }

    @Test
    void config_newOptions_nameTheKeyAndAnExampleWhenWrong() {
        assertThatThrownBy(() -> CountersignConfig.fromContext(Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.SENDER_IDENTITY, "reuse")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cdk context 'senderIdentity'")
                .hasMessageContaining("-c senderIdentity=existing");
        assertThatThrownBy(() -> CountersignConfig.fromContext(Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.ALARM_EMAIL, "ops at example")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'ops at example' is not an email address");
        assertThatThrownBy(() -> CountersignConfig.fromContext(Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.PROPOSAL_SOURCES, "aws.events")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("aws.* belongs to AWS services");
        assertThatThrownBy(() -> CountersignConfig.fromContext(Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.PROPOSAL_SOURCES, " , ")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("names no source");
        CountersignConfig ok = CountersignConfig.fromContext(Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.SENDER_IDENTITY, "EXISTING", CountersignConfig.ALARM_EMAIL, "ops@example.com"));
        assertThat(ok.existingSenderIdentity()).isTrue();
        assertThat(ok.alarmEmail()).isEqualTo("ops@example.com");
        assertThat(ok.proposalSources()).isEqualTo(List.of(CountersignConfig.DEFAULT_PROPOSAL_SOURCE));
    }
}
