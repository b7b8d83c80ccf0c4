package dev.countersign.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/** cdk-nag suppressions: each one names the rule, the construct (and its children) and why it does not apply. */
final class Nag {
    private Nag() {
    }

    /** The CloudFormation logical id of a construct's main resource, as cdk-nag names it in findings. */
    static String logicalId(IConstruct construct) {
        Stack stack = Stack.of(construct);
        IConstruct child = construct.getNode().getDefaultChild();
        return String.valueOf(stack.resolve(stack.getLogicalId((CfnElement) child)));
    }

    /**
     * @param appliesTo the finding's exact subjects (e.g. {@code Resource::*}), or null for every finding of that rule
     *                  on the construct
     */
    static void suppress(IConstruct construct, String rule, String reason, List<String> appliesTo) {
        var suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo != null) {
            suppression.appliesTo(List.copyOf(appliesTo));
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
    }
}
