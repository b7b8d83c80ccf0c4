package dev.countersign.local.runtime;

import com.sun.net.httpserver.HttpServer;
import dev.countersign.audit.AuditKey;
import dev.countersign.aws.AwsClients;
import dev.countersign.local.dynalite.SupervisedDynalite;
import dev.countersign.local.engine.Engine;
import dev.countersign.local.engine.ExecutionStart;
import dev.countersign.local.engine.ExecutionStatus;
import dev.countersign.local.engine.ExecutionSummary;
import dev.countersign.local.engine.Page;
import dev.countersign.local.engine.api.StepFunctionsApi;
import dev.countersign.local.runtime.web.ConsolePages;
import dev.countersign.local.runtime.web.MailboxPages;
import dev.countersign.local.events.LocalEventBridgeEndpoint;
import dev.countersign.local.ses.LocalSesEndpoint;
import dev.countersign.local.ses.Mailbox;
import dev.countersign.store.dynamodb.CountersignTables;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Countersign on one machine, composed from its real parts: dynalite (tables from {@link CountersignTables}), the
 * local Step Functions engine with the handlers as in-process Lambda functions and every
 * {@code statemachines/*.asl.json} registered with those functions' ARNs, the engine's Step Functions API, and one
 * web port serving the review pages (an API Gateway HTTP API front for the decision function), the local SES v2 API
 * and the mailbox. The handlers talk to all of it through the real AWS SDK clients, pointed here by the same
 * environment variables a deployed function reads.
 *
 * <p>{@code countersign up} and the end-to-end tests both start it; only their {@link LocalOptions} differ.
 */
public final class CountersignLocal implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "123456789012";
    /** The example workflow {@code countersign up} starts. */
    public static final String REFUND_WORKFLOW = "refund-workflow";
    /** The nested approval gate (statemachines/approval-gate.asl.json): input a Proposal, output the Decision. */
    public static final String GATE_WORKFLOW = "approval-gate";
    /**
     * The {@code ${EventBusName}} the definitions publish "Approval Decided" to; locally the engine records the
     * events ({@link Engine#recordedEvents()}). The CDK stack fills it with its custom bus.
     */
    public static final String EVENT_BUS = "countersign-events";
    /**
     * The example records table ({@code ${ExampleRecordsTableName}}): what the example workflows paid, published, sent
     * or erased, and what went back to a human queue. Created in dynalite at start, as the example stack creates it.
     */
    public static final String EXAMPLE_RECORDS_TABLE = "countersign-example-records";
    /**
     * The log group the stack keeps audit anchors in; locally the rule's log-group target appends to
     * {@code <data>/logs/countersign-audit-anchors.jsonl}.
     */
    public static final String AUDIT_ANCHORS_LOG = "countersign-audit-anchors";
    /** Every "Approval Decided" event, one JSON line each, for a person or a test to read ({@code <data>/…}). */
    public static final String DECISIONS_FILE = "decisions.jsonl";
    /** How long {@link #awaitIdle} lets the engine prove it is still idle after the bus delivered everything. */
    private static final java.time.Duration IDLE_RECHECK = java.time.Duration.ofMillis(200);
    /** The API Gateway front's path prefix: the decision function's routes. */
    public static final String REVIEW_CONTEXT = "/review";

    /** Builds the runtime's functions once the endpoints they need are known. */
    @FunctionalInterface
    public interface FunctionFactory {
        LocalFunctions create(HandlerWiring wiring);
    }

    private final LocalOptions options;
    private final Closer closer;
    private final HttpServer web;
    private final HttpServer engineApi;
    private final SupervisedDynalite dynalite;
    private final AwsClients clients;
    private final Engine engine;
    private final Mailbox mailbox;
    private final LocalSesEndpoint ses;
    private final LocalEventBridgeEndpoint events;
    private final dev.countersign.local.events.LocalEventBus bus;
    private final dev.countersign.local.engine.ExecutionStatusEvents statusEvents;
    private final LocalFunctions functions;
    private final AuditKey auditKey;
    private final Map<String, String> environment;
    private final List<String> stateMachines;
    private final Map<String, AtomicInteger> apiCalls;
    private final Startup startup;
    private final int projectionsRepaired;
    private final int decisionsRedelivered;

    /** What happened at start about the example workflow. */
    public sealed interface Startup {
        /** Nothing was waiting for a decision, so one example refund execution was started. */
        record ExampleStarted(String executionArn) implements Startup {
        }

        /** Executions were still waiting (paused on an approval) from an earlier run: no new example. */
        record Resumed(int waiting) implements Startup {
        }

        /** Asked not to start the example ({@link LocalOptions#startExample()} false), and nothing is waiting. */
        record Idle() implements Startup {
        }
    }

    private CountersignLocal(LocalAssembly b) {
        this.options = b.options;
        this.closer = b.closer;
        this.web = b.web;
        this.engineApi = b.engineApi;
        this.dynalite = b.dynalite;
        this.clients = b.clients;
        this.engine = b.engine;
        this.mailbox = b.mailbox;
        this.ses = b.ses;
        this.events = b.events;
        this.bus = b.bus;
        this.statusEvents = b.statusEvents;
        this.functions = b.functions;
        this.auditKey = b.auditKey;
        this.environment = Map.copyOf(b.environment);
        this.stateMachines = List.copyOf(b.stateMachines);
        this.apiCalls = b.apiCalls;
        this.startup = b.startup;
        this.projectionsRepaired = b.projectionsRepaired;
        this.decisionsRedelivered = b.decisionsRedelivered;
    }

    /**
     * Starts everything, in an order that fails before touching anything when it can: definitions checked, ports
     * bound, then dynalite, the tables, the engine (which recovers paused executions), the state machines, and the
     * servers.
     *
     * @throws LaunchProblem with one line saying what to do; nothing stays open then
     */
    public static CountersignLocal start(LocalOptions options) {
        return start(options, CountersignFunctions::create);
    }

    /** As {@link #start(LocalOptions)}, with other functions (tests of the runtime's own parts). */
    public static CountersignLocal start(LocalOptions options, FunctionFactory factory) {
        // Before the JVM's first JDK HTTP server: without TCP_NODELAY each response waits ~40 ms (see StepFunctionsApi).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        LocalAssembly b = new LocalAssembly(options);
        try {
            b.build(factory);
            return new CountersignLocal(b);
        } catch (RuntimeException | Error e) {
            b.closer.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------------------------------------- addresses

    /** {@code http://127.0.0.1:<web port>}: review pages, SES v2 API, mailbox. */
    public URI webEndpoint() {
        return endpoint(web);
    }

    public URI mailboxUrl() {
        return webEndpoint().resolve(MailboxPages.CONTEXT);
    }

    /** The read-only console: pending approvals, recent decisions, each approval's trail and execution. */
    public URI consoleUrl() {
        return webEndpoint().resolve(ConsolePages.CONTEXT);
    }

    /** The base of every review link ({@code COUNTERSIGN_BASE_URL}); links are {@code <base>/review/<secret>}. */
    public URI reviewBaseUrl() {
        return webEndpoint();
    }

    /** The Step Functions API, for the AWS CLI's {@code --endpoint-url} or an SDK's endpoint override. */
    public URI stepFunctionsEndpoint() {
        return endpoint(engineApi);
    }

    public URI dynamoDbEndpoint() {
        return dynalite.endpoint();
    }

    /** The supervised dynalite (restarted when it dies; tests stop it on purpose to see an outage). */
    public SupervisedDynalite dynamoDb() {
        return dynalite;
    }

    public String stateMachineArn(String name) {
        return arn(name);
    }

    // ---------------------------------------------------------------------------------------------- parts

    public LocalOptions options() {
        return options;
    }

    public Engine engine() {
        return engine;
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    /** The local SES endpoint (tests make it fail the next sends). */
    public LocalSesEndpoint ses() {
        return ses;
    }

    /** The local PutEvents endpoint the functions publish audit anchors to ({@code events.jsonl}). */
    public LocalEventBridgeEndpoint events() {
        return events;
    }

    /** The local EventBridge: the stacks' rules, the runtime's own "Approval Decided" targets. */
    public dev.countersign.local.events.LocalEventBus bus() {
        return bus;
    }

    /**
     * Waits until nothing is left to do: the engine has nothing runnable, every status change has reached the bus,
     * and the bus has delivered everything (which may start executions or invoke functions: so round again).
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitIdle(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            java.time.Duration left = java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!engine.awaitIdle(left)) {
                return false;
            }
            while (!statusEvents.isIdle()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(2);
            }
            left = java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!bus.awaitIdle(left)) {
                return false;
            }
            // The engine needs a few quiet polls to call itself idle: a zero timeout would never say so.
            if (engine.awaitIdle(IDLE_RECHECK) && statusEvents.isIdle() && bus.awaitIdle(java.time.Duration.ZERO)) {
                return true;
            }
        }
    }

    public LocalFunctions functions() {
        return functions;
    }

    /** The SDK clients the handlers use (same endpoints, same credentials). */
    public AwsClients clients() {
        return clients;
    }

    public AuditKey auditKey() {
        return auditKey;
    }

    /** The environment the handlers were given, as a deployed function would read it. */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * What the generated definitions in {@code statemachines/} leave to the deployment ({@code ${Name}}, as
     * CloudFormation fills them): the partition, region and account, the functions' ARNs, the event bus, and the
     * nested gate workflow's ARN.
     */
    public static Map<String, String> definitionSubstitutions() {
        Map<String, String> substitutions = new LinkedHashMap<>(Functions.substitutions());
        substitutions.put("Partition", "aws");
        substitutions.put("Region", REGION);
        substitutions.put("AccountId", ACCOUNT_ID);
        substitutions.put("EventBusName", EVENT_BUS);
        substitutions.put("EventBusArn", "arn:aws:events:" + REGION + ":" + ACCOUNT_ID + ":event-bus/" + EVENT_BUS);
        substitutions.put("ExampleRecordsTableName", EXAMPLE_RECORDS_TABLE);
        substitutions.put("AuditAnchorsName", AUDIT_ANCHORS_LOG);
        // Each workflow's ARN as the stack names it (${<Id>Arn}, e.g. ${PayoutWorkflowArn}): the event rules use them.
        for (dev.countersign.example.ExampleWorkflow example : dev.countersign.example.ExampleWorkflow.values()) {
            substitutions.put(example.pascalName() + "Arn", arn(example.stateMachine()));
        }
        substitutions.put("ApprovalGateWorkflowArn", "arn:aws:states:" + REGION + ":" + ACCOUNT_ID
                + ":stateMachine:" + GATE_WORKFLOW);
        return substitutions;
    }

    /** The state machines registered from {@code statemachines/}, by name. */
    public List<String> stateMachines() {
        return stateMachines;
    }

    public Startup startup() {
        return startup;
    }

    /**
     * How many approvals the start-up sweep re-projected: approvals whose writer died between the approval write and
     * its list rows (the process was killed mid-way), so they were missing from the approvers' lists.
     */
    public int projectionsRepaired() {
        return projectionsRepaired;
    }

    /**
     * How many recorded decisions the start-up redelivery handed to their workflows: decisions a killed run (or a
     * failed callback) left recorded but never delivered.
     */
    public int decisionsRedelivered() {
        return decisionsRedelivered;
    }

    /**
     * How many requests for one Step Functions operation (e.g. {@code SendTaskSuccess}) reached the engine's API,
     * accepted or refused.
     */
    public int stepFunctionsCalls(String operation) {
        AtomicInteger count = apiCalls.get(operation);
        return count == null ? 0 : count.get();
    }

    /** Executions of every registered state machine still RUNNING (paused on an approval, for instance). */
    public List<ExecutionSummary> runningExecutions() {
        return running(engine, stateMachines);
    }

    static List<ExecutionSummary> running(Engine engine, List<String> stateMachines) {
        List<ExecutionSummary> running = new ArrayList<>();
        for (String name : stateMachines) {
            String next = null;
            do {
                Page<ExecutionSummary> page = engine.listExecutions(arn(name), ExecutionStatus.RUNNING, 1000, next);
                running.addAll(page.items());
                next = page.nextToken();
            } while (next != null);
        }
        return running;
    }

    /** The ARN of the state machine registered from {@code statemachines/<name>.asl.json}. */
    public static String arn(String stateMachine) {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT_ID + ":stateMachine:" + stateMachine;
    }

    /** Starts an execution of {@link #REFUND_WORKFLOW} with {@code input} (an order, JSON text). */
    public ExecutionStart startRefund(String name, String input) {
        return engine.startExecution(stateMachineArn(REFUND_WORKFLOW), name, input);
    }

    /** Stops serving, closes the engine (paused executions stay in its journal), dynalite and the clients. */
    @Override
    public void close() {
        closer.close();
    }

    static URI endpoint(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The engine's clock as a {@link Clock}, so handlers, the SES endpoint and the engine share one time. */
    static final class EngineTime extends Clock {
        private final dev.countersign.local.engine.EngineClock clock;

        EngineTime(dev.countersign.local.engine.EngineClock clock) {
            this.clock = clock;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            if (zone.equals(ZoneOffset.UTC)) {
                return this;
            }
            throw new UnsupportedOperationException("the runtime's clock is UTC");
        }

        @Override
        public Instant instant() {
            return clock.now();
        }
    }

}
