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
    /** Target of the rule that withdraws approvals of executions that ended at a gate (event-rules.json). */
    public static final String CANCEL = "countersign-cancel";
    /** Behind the API Gateway front, not in any definition. */
    public static final String DECISION = "countersign-decision";
    /** The redelivery sweep: the runtime invokes it at start-up and then periodically, as the deployed schedule does. */
    public static final String REDELIVER = "countersign-redeliver";
    public static final String REFUND_AGENT = "example-refund-agent";
    public static final String ISSUE_REFUND = "example-issue-refund";
    public static final String NOTIFY_REJECTION = "example-notify-rejection";
    public static final String PAYOUT_AGENT = "example-payout-agent";
    public static final String SEND_PAYOUT = "example-send-payout";
    public static final String ARTICLE_AGENT = "example-article-agent";
    public static final String PREPARE_SIGN_OFF = "example-prepare-sign-off";
    public static final String PUBLISH_ARTICLE = "example-publish-article";
    public static final String REPLY_AGENT = "example-reply-agent";
    public static final String SEND_REPLY = "example-send-reply";
    public static final String ERASURE_AGENT = "example-erasure-agent";
    public static final String ERASE_CUSTOMER_DATA = "example-erase-customer-data";
    public static final String NOT_APPROVED = "example-not-approved";

    /** Definition substitution → function name. */
    private static final Map<String, String> SUBSTITUTED;

    static {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("RouteFunctionArn", ROUTE);
        s.put("RequestFunctionArn", REQUEST);
        s.put("EscalateFunctionArn", ESCALATE);
        s.put("CancelFunctionArn", CANCEL);
        s.put("RefundAgentFunctionArn", REFUND_AGENT);
        s.put("IssueRefundFunctionArn", ISSUE_REFUND);
        s.put("NotifyRejectionFunctionArn", NOTIFY_REJECTION);
        s.put("PayoutAgentFunctionArn", PAYOUT_AGENT);
        s.put("SendPayoutFunctionArn", SEND_PAYOUT);
        s.put("ArticleAgentFunctionArn", ARTICLE_AGENT);
        s.put("PrepareSignOffFunctionArn", PREPARE_SIGN_OFF);
        s.put("PublishArticleFunctionArn", PUBLISH_ARTICLE);
        s.put("ReplyAgentFunctionArn", REPLY_AGENT);
        s.put("SendReplyFunctionArn", SEND_REPLY);
        s.put("ErasureAgentFunctionArn", ERASURE_AGENT);
        s.put("EraseCustomerDataFunctionArn", ERASE_CUSTOMER_DATA);
        s.put("NotApprovedFunctionArn", NOT_APPROVED);
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
