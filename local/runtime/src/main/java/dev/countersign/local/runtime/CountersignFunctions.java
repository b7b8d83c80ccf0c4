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
import dev.countersign.aws.AwsJsonClients;
import dev.countersign.example.ReplyAgentFunction;
import dev.countersign.example.SendPayoutFunction;
import dev.countersign.example.SendReplyFunction;
import dev.countersign.functions.CancelHandler;
import dev.countersign.functions.CountersignSettings;
import dev.countersign.functions.DecisionHandler;
import dev.countersign.functions.EscalateHandler;
import dev.countersign.functions.FunctionDependencies;
import dev.countersign.functions.JsonLog;
import dev.countersign.functions.RedeliverDecisionsHandler;
import dev.countersign.functions.RequestApprovalHandler;
import dev.countersign.functions.RouteDependencies;
import dev.countersign.functions.RouteHandler;
import dev.countersign.local.runtime.lambda.InProcessLambda;
import dev.countersign.mail.ses.SesMailer;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import dev.countersign.workflow.sfn.StepFunctionsCallback;
import dev.countersign.workflow.sfn.StepFunctionsGateHistory;
import java.io.PrintStream;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The real handlers as the runtime's Lambda functions. Each is built through its explicit-dependencies constructor
 * with what a deployed function would build from its environment — settings parsed from the same variables, the
 * DynamoDB store, SES v2 and Step Functions through the same signed JSON clients (pointed at the local endpoints; the
 * store over the SDK's DynamoDB client) — plus the
 * runtime's clock, so that the engine's and the handlers' "now" agree (tests move both with one ManualClock).
 */
public final class CountersignFunctions {
    private static final int MEMORY_MB = 512;

    private CountersignFunctions() {
    }

    /**
     * What a measurement changes in the functions (the cost benchmark counts every invocation and every capacity
     * unit); {@link #NONE} for the runtime.
     */
    public interface Instrumentation {
        Instrumentation NONE = new Instrumentation() {
        };

        /** The DynamoDB client of the approval store. */
        default DynamoDbClient dynamoDb(HandlerWiring wiring) {
            return wiring.clients().dynamoDb();
        }

        /** Where the handlers' JSON log lines go. */
        default PrintStream log(HandlerWiring wiring) {
            return wiring.log();
        }

        /** The handler a function named {@code name} runs, made fresh per container. */
        default Supplier<? extends RequestStreamHandler> handler(String name,
                                                                 Supplier<? extends RequestStreamHandler> handler) {
            return handler;
        }
    }

    public static LocalFunctions create(HandlerWiring wiring) {
        return create(wiring, Instrumentation.NONE);
    }

    public static LocalFunctions create(HandlerWiring wiring, Instrumentation instrumentation) {
        CountersignSettings settings = CountersignSettings.fromEnvironment(wiring.environment());
        // One store and one set of clients for every container, as one process would share them.
        // Anchors go where a deployed function's COUNTERSIGN_EVENT_BUS sends them (the local PutEvents endpoint).
        PrintStream log = instrumentation.log(wiring);
        JsonLog storeLog = new JsonLog(log, wiring.clock(), "countersign-store");
        DynamoDbApprovalStore store = instrumentation == Instrumentation.NONE
                ? DynamoDbApprovalStore.fromEnvironment(wiring.clients(), wiring.environment(), wiring.auditKey(),
                        wiring.clock(), FunctionDependencies.anchors(wiring.environment(), wiring.clients(),
                                wiring.clock(), storeLog))
                : DynamoDbApprovalStore.overSdk(instrumentation.dynamoDb(wiring),
                        CountersignTables.fromEnvironment(wiring.environment()), wiring.auditKey(), wiring.clock(),
                        FunctionDependencies.anchors(wiring.environment(), wiring.clients(), wiring.clock(),
                                storeLog));
        AwsJsonClients aws = wiring.clients().json(wiring.clock());
        SesMailer mailer = new SesMailer(aws.sesV2());
        StepFunctionsCallback callback = new StepFunctionsCallback(aws.stepFunctions(), settings.callbackRetry());
        Function<String, FunctionDependencies> dependencies = function -> new FunctionDependencies(settings, store,
                store, mailer, callback, wiring.clock(), new JsonLog(log, wiring.clock(), function));

        // The rules were checked before the runtime started; this reads COUNTERSIGN_ROUTING_FILE as a deployed Route
        // function would at init.
        RouteDependencies route = new RouteDependencies(
                RouteDependencies.policyFromEnvironment(wiring.environment()), wiring.clock(),
                new JsonLog(log, wiring.clock(), Functions.ROUTE));
        FunctionDependencies request = dependencies.apply(Functions.REQUEST);
        FunctionDependencies escalate = dependencies.apply(Functions.ESCALATE);
        FunctionDependencies decision = dependencies.apply(Functions.DECISION);
        FunctionDependencies redeliver = dependencies.apply(Functions.REDELIVER);
        return new LocalFunctions(List.of(
                function(wiring, instrumentation, Functions.ROUTE, Duration.ofSeconds(10), () -> new RouteHandler(route)),
                function(wiring, instrumentation, Functions.REQUEST, Duration.ofSeconds(30), () -> new RequestApprovalHandler(request)),
                function(wiring, instrumentation, Functions.ESCALATE, Duration.ofSeconds(30), () -> new EscalateHandler(escalate)),
                function(wiring, instrumentation, Functions.CANCEL, Duration.ofSeconds(30), () -> new CancelHandler(store,
                        new StepFunctionsGateHistory(aws::stepFunctions), new JsonLog(log,
                        wiring.clock(), Functions.CANCEL))),
                // API Gateway gives an integration at most 30 seconds.
                function(wiring, instrumentation, Functions.DECISION, Duration.ofSeconds(29), () -> new DecisionHandler(decision)),
                function(wiring, instrumentation, Functions.REDELIVER, Duration.ofSeconds(60),
                        () -> new RedeliverDecisionsHandler(redeliver)),
                function(wiring, instrumentation, Functions.REFUND_AGENT, Duration.ofSeconds(10), RefundAgentFunction::new),
                function(wiring, instrumentation, Functions.ISSUE_REFUND, Duration.ofSeconds(10), IssueRefundFunction::new),
                function(wiring, instrumentation, Functions.NOTIFY_REJECTION, Duration.ofSeconds(10), NotifyRejectionFunction::new),
                function(wiring, instrumentation, Functions.PAYOUT_AGENT, Duration.ofSeconds(10), PayoutAgentFunction::new),
                function(wiring, instrumentation, Functions.SEND_PAYOUT, Duration.ofSeconds(10), SendPayoutFunction::new),
                function(wiring, instrumentation, Functions.ARTICLE_AGENT, Duration.ofSeconds(10), ArticleAgentFunction::new),
                function(wiring, instrumentation, Functions.PREPARE_SIGN_OFF, Duration.ofSeconds(10), PrepareSignOffFunction::new),
                function(wiring, instrumentation, Functions.PUBLISH_ARTICLE, Duration.ofSeconds(10), PublishArticleFunction::new),
                function(wiring, instrumentation, Functions.REPLY_AGENT, Duration.ofSeconds(10), ReplyAgentFunction::new),
                // The reply goes out through the local SES endpoint, from the runtime's sender: the mailbox shows it.
                function(wiring, instrumentation, Functions.SEND_REPLY, Duration.ofSeconds(10),
                        () -> new SendReplyFunction(mailer, settings.sender())),
                function(wiring, instrumentation, Functions.ERASURE_AGENT, Duration.ofSeconds(10), ErasureAgentFunction::new),
                function(wiring, instrumentation, Functions.ERASE_CUSTOMER_DATA, Duration.ofSeconds(10),
                        EraseCustomerDataFunction::new),
                function(wiring, instrumentation, Functions.NOT_APPROVED, Duration.ofSeconds(10), NotApprovedFunction::new)));
    }

    private static InProcessLambda function(HandlerWiring wiring, Instrumentation instrumentation, String name,
                                            Duration timeout, Supplier<? extends RequestStreamHandler> handler) {
        return new InProcessLambda(name, Functions.arn(name), timeout, MEMORY_MB,
                instrumentation.handler(name, handler), wiring.log());
    }
}
