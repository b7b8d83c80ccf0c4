package dev.countersign.infra;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a synthesised {@code AWS::StepFunctions::StateMachine} back into the ASL text Step Functions would run: the
 * DefinitionString (plain or {@code Fn::Join}) with its DefinitionSubstitutions filled, and every reference
 * ({@code Ref}, {@code Fn::GetAtt}) resolved the way CloudFormation would — except that a Lambda function resolves
 * to the local runtime's function for the same handler class.
 */
final class DeployedDefinition {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";
    static final String BUS_NAME = "countersign-events";

    private DeployedDefinition() {
    }

    /** Handler class → local Lambda function name (the names the local runtime registers). */
    static Map<String, String> localFunctionNames() {
        return Map.of(
                ApprovalService.ROUTE_HANDLER, "countersign-route",
                ApprovalService.REQUEST_HANDLER, "countersign-request",
                ApprovalService.ESCALATE_HANDLER, "countersign-escalate",
                ApprovalService.DECISION_HANDLER, "countersign-decision",
                CountersignStack.REFUND_AGENT_HANDLER, "example-refund-agent",
                CountersignStack.ISSUE_REFUND_HANDLER, "example-issue-refund",
                CountersignStack.NOTIFY_REJECTION_HANDLER, "example-notify-rejection");
    }

    /** Handler class → the local ARN {@code arn:aws:lambda:us-east-1:123456789012:function:<name>}. */
    static Map<String, String> placeholderArns() {
        Map<String, String> arns = new HashMap<>();
        localFunctionNames().forEach((handler, name) -> arns.put(handler, functionArn(name)));
        return arns;
    }

    static String functionArn(String name) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
    }

    /**
     * @param stateMachine   the state machine's Properties
     * @param resources      the template's resources
     * @param functionArns   handler class → the ARN to use for a function with that handler
     */
    static String resolve(Map<String, Object> stateMachine, Map<String, Map<String, Object>> resources,
                          Map<String, String> functionArns) {
        String text = value(stateMachine.get("DefinitionString"), resources, functionArns);
        Object substitutions = stateMachine.get("DefinitionSubstitutions");
        if (substitutions instanceof Map<?, ?> map) {
            for (var entry : map.entrySet()) {
                text = text.replace("${" + entry.getKey() + "}", value(entry.getValue(), resources, functionArns));
            }
        }
        if (text.matches("(?s).*\\$\\{[A-Za-z0-9_]+}.*")) {
            throw new AssertionError("unresolved substitution left in the definition: " + text);
        }
        return text;
    }

    private static String value(Object value, Map<String, Map<String, Object>> resources,
                                Map<String, String> functionArns) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof Map<?, ?> intrinsic && intrinsic.size() == 1) {
            var entry = intrinsic.entrySet().iterator().next();
            String function = (String) entry.getKey();
            Object argument = entry.getValue();
            switch (function) {
                case "Fn::Join" -> {
                    List<?> args = (List<?>) argument;
                    StringBuilder joined = new StringBuilder();
                    List<?> parts = (List<?>) args.get(1);
                    for (int i = 0; i < parts.size(); i++) {
                        if (i > 0) {
                            joined.append((String) args.get(0));
                        }
                        joined.append(value(parts.get(i), resources, functionArns));
                    }
                    return joined.toString();
                }
                case "Ref" -> {
                    return ref((String) argument, resources, functionArns);
                }
                case "Fn::GetAtt" -> {
                    List<?> args = (List<?>) argument;
                    String attribute = (String) args.get(1);
                    if (!attribute.equals("Arn")) {
                        throw new AssertionError("cannot resolve Fn::GetAtt " + args);
                    }
                    return arn((String) args.get(0), resources, functionArns);
                }
                default -> throw new AssertionError("cannot resolve " + function + " in a definition");
            }
        }
        throw new AssertionError("cannot resolve " + value);
    }

    private static String ref(String id, Map<String, Map<String, Object>> resources,
                              Map<String, String> functionArns) {
        switch (id) {
            case "AWS::Partition" -> {
                return "aws";
            }
            case "AWS::Region" -> {
                return REGION;
            }
            case "AWS::AccountId" -> {
                return ACCOUNT;
            }
            case "AWS::URLSuffix" -> {
                return "amazonaws.com";
            }
            default -> {
                Map<String, Object> resource = resources.get(id);
                if (resource == null) {
                    throw new AssertionError("Ref to unknown resource " + id);
                }
                String type = (String) resource.get("Type");
                if (type.equals("AWS::Events::EventBus")) {
                    return (String) Templates.properties(resource).get("Name");
                }
                return arn(id, resources, functionArns);
            }
        }
    }

    private static String arn(String id, Map<String, Map<String, Object>> resources,
                              Map<String, String> functionArns) {
        Map<String, Object> resource = resources.get(id);
        String type = (String) resource.get("Type");
        Map<String, Object> properties = Templates.properties(resource);
        return switch (type) {
            case "AWS::Lambda::Function" -> {
                String handler = (String) properties.get("Handler");
                String arn = functionArns.get(handler);
                if (arn == null) {
                    throw new AssertionError("no local function for handler " + handler);
                }
                yield arn;
            }
            // The live alias of a SnapStart function: locally, the function itself.
            case "AWS::Lambda::Alias" -> value(properties.get("FunctionName"), resources, functionArns);
            case "AWS::Events::EventBus" -> "arn:aws:events:" + REGION + ":" + ACCOUNT + ":event-bus/"
                    + properties.get("Name");
            case "AWS::StepFunctions::StateMachine" -> "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:"
                    + properties.get("StateMachineName");
            default -> throw new AssertionError("cannot resolve the ARN of " + type + " " + id);
        };
    }
}
