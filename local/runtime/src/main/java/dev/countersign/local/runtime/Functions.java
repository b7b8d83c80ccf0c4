package dev.countersign.local.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime's Lambda functions: their names, their ARNs, and which {@code ${...}} of the state machine
 * definitions each fills (the same names the CDK stack fills).
 */
public final class Functions {
    public static final String ROUTE = "countersign-route";
    public static final String REQUEST = "countersign-request";
    public static final String ESCALATE = "countersign-escalate";
    /** Behind the API Gateway front, not in any definition. */
    public static final String DECISION = "countersign-decision";
    /** The redelivery sweep: the runtime invokes it at start-up and then periodically, as the deployed schedule does. */
    public static final String REDELIVER = "countersign-redeliver";
    public static final String REFUND_AGENT = "example-refund-agent";
    public static final String ISSUE_REFUND = "example-issue-refund";
    public static final String NOTIFY_REJECTION = "example-notify-rejection";

    /** Definition substitution → function name. */
    private static final Map<String, String> SUBSTITUTED;

    static {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("RouteFunctionArn", ROUTE);
        s.put("RequestFunctionArn", REQUEST);
        s.put("EscalateFunctionArn", ESCALATE);
        s.put("RefundAgentFunctionArn", REFUND_AGENT);
        s.put("IssueRefundFunctionArn", ISSUE_REFUND);
        s.put("NotifyRejectionFunctionArn", NOTIFY_REJECTION);
        SUBSTITUTED = java.util.Collections.unmodifiableMap(s);
    }

    private Functions() {
    }

    public static String arn(String functionName) {
        return "arn:aws:lambda:" + CountersignLocal.REGION + ":" + CountersignLocal.ACCOUNT_ID + ":function:"
                + functionName;
    }

    /** {@code ${Name}} → function ARN, for every function a definition may name. */
    public static Map<String, String> substitutions() {
        Map<String, String> values = new LinkedHashMap<>();
        SUBSTITUTED.forEach((name, function) -> values.put(name, arn(function)));
        return values;
    }
}
