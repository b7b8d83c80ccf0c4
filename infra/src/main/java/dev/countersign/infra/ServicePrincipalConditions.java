package dev.countersign.infra;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.CfnRole;
import software.constructs.IConstruct;

/**
 * Adds {@code aws:SourceAccount} and {@code aws:SourceArn} conditions to the trust policies of roles that AWS services
 * assume on the stack's behalf, where the service documents both keys for confused-deputy prevention:
 * <ul>
 *   <li>{@code states.amazonaws.com} (workflow roles): a state machine of this account and region;</li>
 *   <li>{@code events.amazonaws.com} (EventBridge rule-target roles): a rule of this account and region.</li>
 * </ul>
 * Not added where a service is not documented to send the keys, because a condition on a key that is absent denies
 * the service and breaks the stack: Lambda execution roles ({@code lambda.amazonaws.com}) and the HTTP API's
 * StartExecution integration role ({@code apigateway.amazonaws.com}); both can only be used by whoever may pass the
 * role in this account. Resource policies (Lambda permissions, the SNS alarm topic) carry their conditions where they
 * are made.
 */
public final class ServicePrincipalConditions implements IAspect {
    private static final Map<String, ArnComponents> SOURCES = Collections.unmodifiableMap(new TreeMap<>(Map.of(
            "states.amazonaws.com", ArnComponents.builder().service("states").resource("stateMachine")
                    .arnFormat(ArnFormat.COLON_RESOURCE_NAME).resourceName("*").build(),
            "events.amazonaws.com", ArnComponents.builder().service("events").resource("rule")
                    .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).resourceName("*").build())));

    @Override
    public void visit(IConstruct node) {
        if (!(node instanceof CfnRole role)) {
            return;
        }
        Stack stack = Stack.of(role);
        Object document = stack.resolve(role.getAssumeRolePolicyDocument());
        if (!(document instanceof Map<?, ?> policy) || !(policy.get("Statement") instanceof List<?> statements)) {
            return;
        }
        for (int i = 0; i < statements.size(); i++) {
            Map<?, ?> statement = (Map<?, ?>) statements.get(i);
            if (statement.containsKey("Condition") || !(statement.get("Principal") instanceof Map<?, ?> principal)) {
                continue;
            }
            ArnComponents source = SOURCES.get(String.valueOf(principal.get("Service")));
            if (source == null) {
                continue;
            }
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("StringEquals", Map.of("aws:SourceAccount", stack.getAccount()));
            condition.put("ArnLike", Map.of("aws:SourceArn", stack.formatArn(source)));
            role.addPropertyOverride("AssumeRolePolicyDocument.Statement." + i + ".Condition", condition);
        }
    }
}
