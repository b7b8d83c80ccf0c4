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

    /**
     * A policy value as cdk-nag writes it in a finding's subject: {@code Fn::Join} parts joined, {@code Ref X} as
     * {@code <X>}, {@code Fn::GetAtt [X, Arn]} as {@code <X.Arn>}.
     */
    static String subject(Stack stack, String value) {
        return render(stack.resolve(value));
    }

    static String render(Object resolved) {
        if (resolved instanceof String text) {
            return text;
        }
        if (resolved instanceof java.util.Map<?, ?> map) {
            if (map.containsKey("Ref")) {
                return "<" + map.get("Ref") + ">";
            }
            if (map.get("Fn::GetAtt") instanceof List<?> attribute) {
                return "<" + attribute.get(0) + "." + attribute.get(1) + ">";
            }
            if (map.get("Fn::Join") instanceof List<?> join) {
                StringBuilder out = new StringBuilder();
                List<?> parts = (List<?>) join.get(1);
                for (int i = 0; i < parts.size(); i++) {
                    if (i > 0) {
                        out.append(join.get(0));
                    }
                    out.append(render(parts.get(i)));
                }
                return out.toString();
            }
        }
        return String.valueOf(resolved);
    }
}
