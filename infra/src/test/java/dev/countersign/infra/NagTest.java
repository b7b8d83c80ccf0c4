package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/**
 * cdk-nag's AWS Solutions rules over the deployable stack and over a user stack with approval gates: no error or
 * warning may be left unsuppressed (every suppression in the code carries its reason).
 */
class NagTest {
    @Test
    void countersignStack_passesAwsSolutionsChecks() {
        assertNoUnsuppressedFindings(Synth.stack());
    }

    @Test
    void countersignStack_withSnapStart_passesAwsSolutionsChecks() {
        assertNoUnsuppressedFindings(Synth.stack(java.util.Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.SNAP_START, true)));
    }

    @Test
    void countersignStack_withExistingIdentityAlarmEmailAndPrefix_passesAwsSolutionsChecks() {
        assertNoUnsuppressedFindings(Synth.stack(java.util.Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.SENDER_IDENTITY, CountersignConfig.EXISTING,
                CountersignConfig.ALARM_EMAIL, "ops@example.com", CountersignConfig.RESOURCE_PREFIX, "cs-staging")));
    }

    @Test
    void exampleStack_passesAwsSolutionsChecks() {
        assertNoUnsuppressedFindings(Synth.examples());
    }

    @Test
    void stackWithTwoApprovalGates_passesAwsSolutionsChecks() {
        assertNoUnsuppressedFindings(SampleWorkflowStack.create());
    }

    /** Fails listing every AwsSolutions error or warning that no suppression (with its reason) covers. */
    static void assertNoUnsuppressedFindings(Stack stack) {
        Aspects.of(stack).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        Annotations annotations = Annotations.fromStack(stack);
        assertThatCode(() -> annotations.hasNoError("*", Match.stringLikeRegexp("AwsSolutions-.*")))
                .as("cdk-nag errors").doesNotThrowAnyException();
        assertThatCode(() -> annotations.hasNoWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")))
                .as("cdk-nag warnings").doesNotThrowAnyException();
    }
}
