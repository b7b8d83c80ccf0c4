package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AWS Solutions rules over the deployable stack and over a user stack with approval gates: no error or
 * warning may be left unsuppressed (every suppression in the code carries its reason).
 */
class NagTest {
    @Test
    void countersignStack_passesAwsSolutionsChecks() {
        CountersignStack stack = Synth.stack();
        assertThat(findings(stack)).isEmpty();
    }

    @Test
    void countersignStack_withSnapStart_passesAwsSolutionsChecks() {
        CountersignStack stack = Synth.stack(java.util.Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.SNAP_START, true));
        assertThat(findings(stack)).isEmpty();
    }

    @Test
    void stackWithTwoApprovalGates_passesAwsSolutionsChecks() {
        SampleWorkflowStack stack = SampleWorkflowStack.create();
        assertThat(findings(stack)).isEmpty();
    }

    static List<String> findings(Stack stack) {
        Aspects.of(stack).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        Annotations annotations = Annotations.fromStack(stack);
        List<SynthesisMessage> messages = new java.util.ArrayList<>();
        messages.addAll(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")));
        messages.addAll(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")));
        return messages.stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
    }
}
