package dev.countersign.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.countersign.example.ArticleAgentFunction;
import dev.countersign.example.EraseCustomerDataFunction;
import dev.countersign.example.ErasureAgentFunction;
import dev.countersign.example.IssueRefundFunction;
import dev.countersign.example.NotApprovedFunction;
import dev.countersign.example.NotifyRejectionFunction;
import dev.countersign.example.PayoutAgentFunction;
import dev.countersign.example.PrepareSignOffFunction;
import dev.countersign.example.PublishArticleFunction;
import dev.countersign.example.RefundAgentFunction;
import dev.countersign.example.ReplyAgentFunction;
import dev.countersign.example.SendPayoutFunction;
import dev.countersign.example.SendReplyFunction;
import dev.countersign.functions.CountersignSettings;
import dev.countersign.functions.DecisionHandler;
import dev.countersign.functions.EscalateHandler;
import dev.countersign.functions.FunctionDependencies;
import dev.countersign.functions.JsonLog;
import dev.countersign.functions.RequestApprovalHandler;
import dev.countersign.functions.RouteDependencies;
import dev.countersign.functions.RouteHandler;
import dev.countersign.local.runtime.lambda.InProcessLambda;
import dev.countersign.mail.ses.SesMailer;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import dev.countersign.workflow.sfn.StepFunctionsCallback;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The real handlers as the runtime's Lambda functions. Each is built through its explicit-dependencies constructor
 * with what a deployed function would build from its environment — settings parsed from the same variables, the
 * DynamoDB store, SES v2 and Step Functions through the real SDK clients (pointed at the local endpoints) — plus the
 * runtime's clock, so that the engine's and the handlers' "now" agree (tests move both with one ManualClock).
 */
public final class CountersignFunctions {
    private static final int MEMORY_MB = 512;

    private CountersignFunctions() {
    }

    public static LocalFunctions create(HandlerWiring wiring) {
        CountersignSettings settings = CountersignSettings.fromEnvironment(wiring.environment());
        // One store and one set of clients for every container, as one process would share them.
        // Anchors go where a deployed function's COUNTERSIGN_EVENT_BUS sends them (the local PutEvents endpoint).
        DynamoDbApprovalStore store = DynamoDbApprovalStore.fromEnvironment(wiring.clients(), wiring.environment(),
                wiring.auditKey(), wiring.clock(), FunctionDependencies.anchors(wiring.environment(),
                        wiring.clients(), wiring.clock(), new JsonLog(wiring.log(), wiring.clock(), "countersign-store")));
        SesMailer mailer = new SesMailer(wiring.clients()::sesV2);
        StepFunctionsCallback callback = new StepFunctionsCallback(wiring.clients()::sfn, settings.callbackRetry());
        Function<String, FunctionDependencies> dependencies = function -> new FunctionDependencies(settings, store,
                store, mailer, callback, wiring.clock(), new JsonLog(wiring.log(), wiring.clock(), function));

        // The rules were checked before the runtime started; this reads COUNTERSIGN_ROUTING_FILE as a deployed Route
        // function would at init.
        RouteDependencies route = new RouteDependencies(
                RouteDependencies.policyFromEnvironment(wiring.environment()), wiring.clock(),
                new JsonLog(wiring.log(), wiring.clock(), Functions.ROUTE));
        FunctionDependencies request = dependencies.apply(Functions.REQUEST);
        FunctionDependencies escalate = dependencies.apply(Functions.ESCALATE);
        FunctionDependencies decision = dependencies.apply(Functions.DECISION);
        return new LocalFunctions(List.of(
                function(wiring, Functions.ROUTE, Duration.ofSeconds(10), () -> new RouteHandler(route)),
                function(wiring, Functions.REQUEST, Duration.ofSeconds(30), () -> new RequestApprovalHandler(request)),
                function(wiring, Functions.ESCALATE, Duration.ofSeconds(30), () -> new EscalateHandler(escalate)),
                // API Gateway gives an integration at most 30 seconds.
                function(wiring, Functions.DECISION, Duration.ofSeconds(29), () -> new DecisionHandler(decision)),
                function(wiring, Functions.REFUND_AGENT, Duration.ofSeconds(10), RefundAgentFunction::new),
                function(wiring, Functions.ISSUE_REFUND, Duration.ofSeconds(10), IssueRefundFunction::new),
                function(wiring, Functions.NOTIFY_REJECTION, Duration.ofSeconds(10), NotifyRejectionFunction::new),
                function(wiring, Functions.PAYOUT_AGENT, Duration.ofSeconds(10), PayoutAgentFunction::new),
                function(wiring, Functions.SEND_PAYOUT, Duration.ofSeconds(10), SendPayoutFunction::new),
                function(wiring, Functions.ARTICLE_AGENT, Duration.ofSeconds(10), ArticleAgentFunction::new),
                function(wiring, Functions.PREPARE_SIGN_OFF, Duration.ofSeconds(10), PrepareSignOffFunction::new),
                function(wiring, Functions.PUBLISH_ARTICLE, Duration.ofSeconds(10), PublishArticleFunction::new),
                function(wiring, Functions.REPLY_AGENT, Duration.ofSeconds(10), ReplyAgentFunction::new),
                // The reply goes out through the local SES endpoint, from the runtime's sender: the mailbox shows it.
                function(wiring, Functions.SEND_REPLY, Duration.ofSeconds(10),
                        () -> new SendReplyFunction(mailer, settings.sender())),
                function(wiring, Functions.ERASURE_AGENT, Duration.ofSeconds(10), ErasureAgentFunction::new),
                function(wiring, Functions.ERASE_CUSTOMER_DATA, Duration.ofSeconds(10),
                        EraseCustomerDataFunction::new),
                function(wiring, Functions.NOT_APPROVED, Duration.ofSeconds(10), NotApprovedFunction::new)));
    }

    private static InProcessLambda function(HandlerWiring wiring, String name, Duration timeout,
                                            Supplier<? extends RequestStreamHandler> handler) {
        return new InProcessLambda(name, Functions.arn(name), timeout, MEMORY_MB, handler, wiring.log());
    }
}
