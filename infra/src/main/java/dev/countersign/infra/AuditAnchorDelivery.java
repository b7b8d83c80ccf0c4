package dev.countersign.infra;

import dev.countersign.audit.eventbridge.EventBridgeAnchorPublisher;
import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.interfaces.events.IRuleRef;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetConfig;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.ResourcePolicy;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Where the audit chain's anchors go on AWS (docs/data-design.md): the functions put them on the bus, a rule delivers
 * them to a log group of their own that only EventBridge may write, kept ten years.
 */
final class AuditAnchorDelivery {
    private AuditAnchorDelivery() {
    }

    /**
     * The audit chain's anchors (docs/data-design.md): a log group of their own, kept ten years and on stack deletion
     * (and on a replacement), deleted only when the deploy that created it rolls back. Not encrypted with a key of
     * ours, as no other log group of the stack is (CloudWatch Logs encrypts at rest).
     */
    static LogGroup logGroup(Construct scope, String prefix) {
        return LogGroup.Builder.create(scope, "AuditAnchors")
                .logGroupName(prefix + "-audit-anchors")
                .retention(RetentionDays.TEN_YEARS)
                .removalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE)
                .build();
    }

    /** The rule that delivers the functions' anchors (source countersign, the anchor detail type) to the group. */
    static Rule rule(Construct scope, IEventBus bus, LogGroup group) {
        return Rule.Builder.create(scope, "AuditAnchorRule")
                .eventBus(bus)
                .description("Countersign audit anchors ({approvalId, seq, hash, at}) into their own log group")
                .eventPattern(EventPattern.builder().source(List.of(ApprovalService.EVENT_SOURCE))
                        .detailType(List.of(EventBridgeAnchorPublisher.DETAIL_TYPE)).build())
                .targets(List.of(new LogGroupTarget(group)))
                .build();
    }

    /**
     * Only EventBridge may write the anchors' group: a plain {@code AWS::Logs::ResourcePolicy}, named after the prefix
     * (resource policy names are per account and region, so two deployments must not share one). No
     * {@code aws:SourceArn} condition: AWS's EventBridge guide documents the condition for other targets, not for
     * CloudWatch Logs, and a condition on a key the service does not send would drop every anchor silently; the
     * rule's FailedInvocations alarm ({@link ApprovalMonitoring}) would show that.
     */
    static void allowDelivery(Construct scope, String prefix, LogGroup auditAnchors) {
        ResourcePolicy.Builder.create(scope, "AuditAnchorsPolicy")
                .resourcePolicyName(prefix + "-audit-anchors")
                .policyStatements(List.of(PolicyStatement.Builder.create()
                        .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
                        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                        .resources(List.of(auditAnchors.getLogGroupArn()))
                        .build()))
                .build();
    }

    /**
     * A rule target that writes to a log group, as {@code aws-events-targets}' CloudWatchLogGroup does, but with the
     * log group's resource policy as a plain {@code AWS::Logs::ResourcePolicy} ({@link #allowDelivery}): that
     * target installs the policy through a custom-resource Lambda function with a managed policy and
     * {@code logs:DeleteResourcePolicy} on {@code *}, which this stack's roles must not have.
     */
    private static final class LogGroupTarget implements IRuleTarget {
        private final LogGroup group;

        LogGroupTarget(LogGroup group) {
            this.group = group;
        }

        @Override
        public RuleTargetConfig bind(IRuleRef rule) {
            return bind(rule, null);
        }

        @Override
        public RuleTargetConfig bind(IRuleRef rule, String id) {
            return RuleTargetConfig.builder().arn(Stack.of(group).formatArn(ArnComponents.builder()
                    .service("logs").resource("log-group").arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                    .resourceName(group.getLogGroupName()).build())).build();
        }
    }
}
