package dev.countersign.infra;

import dev.countersign.audit.eventbridge.EventBridgeAnchorPublisher;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/** What each Countersign function may do beyond its logs, as one policy per grant and function (least privilege). */
final class ServiceGrants {
    private ServiceGrants() {
    }

    /** The DynamoDB actions the store calls, on the approvals table and its indexes (by ARN, see above). */
    static void table(Construct scope, JavaFunction function, String tableArn) {
        Policy policy = Policy.Builder.create(scope, function.getNode().getId() + "Table")
                .roles(List.of(function.role()))
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(ApprovalService.TABLE_ACTIONS)
                        .resources(List.of(tableArn, tableArn + "/index/*"))
                        .build()))
                .build();
        Nag.suppress(policy, "AwsSolutions-IAM5", "The store queries the approvals table's indexes"
                + " (by-approver, by-workflow, by-actor, projection-due, callback-due); '/index/*' names them all.",
                List.of("Resource::" + Nag.subject(Stack.of(scope), tableArn) + "/index/*"));
    }

    /**
     * {@code ses:SendEmail} on every identity of the account, but only with From = the configured sender: in the SES
     * sandbox SES also authorises the recipient's identity ({@code identity/<approver>}) against this policy, so a
     * grant on the sender's identity alone denies every send there. {@code configuration-set/*}: an existing identity
     * may carry a default configuration set, which SES authorises too. The code calls SendEmail only (SES v2).
     */
    static void sendEmail(Construct scope, JavaFunction function, String senderAddress) {
        Stack stack = Stack.of(scope);
        String identities = stack.formatArn(ArnComponents.builder().service("ses").resource("identity")
                .resourceName("*").build());
        String configurationSets = stack.formatArn(ArnComponents.builder().service("ses")
                .resource("configuration-set").resourceName("*").build());
        Policy policy = Policy.Builder.create(scope, function.getNode().getId() + "Send")
                .roles(List.of(function.role()))
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("ses:SendEmail"))
                        .resources(List.of(identities, configurationSets))
                        .conditions(Map.of("StringEquals", Map.of("ses:FromAddress", senderAddress)))
                        .build()))
                .build();
        Nag.suppress(policy, "AwsSolutions-IAM5", "SES authorises the sender's and, in the sandbox, each"
                + " recipient's identity (and a default configuration set) against this policy; the ses:FromAddress"
                + " condition pins the From address to the configured sender.",
                List.of("Resource::" + Nag.subject(stack, identities),
                        "Resource::" + Nag.subject(stack, configurationSets)));
    }

    /** The audit anchors: PutEvents on this service's bus, only with Countersign's source and the anchor type. */
    static void anchors(Construct scope, JavaFunction function, IEventBus eventBus) {
        Policy.Builder.create(scope, function.getNode().getId() + "Anchors")
                .roles(List.of(function.role()))
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("events:PutEvents"))
                        .resources(List.of(eventBus.getEventBusArn()))
                        .conditions(Map.of("StringEquals", new TreeMap<>(Map.of(
                                "events:source", ApprovalService.EVENT_SOURCE,
                                "events:detail-type", EventBridgeAnchorPublisher.DETAIL_TYPE))))
                        .build()))
                .build();
    }
}
