package dev.countersign.local.runtime;

import static dev.countersign.local.runtime.CountersignLocal.*;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditKey;
import dev.countersign.audit.AuditKeys;
import dev.countersign.audit.eventbridge.EventBridgeAnchorPublisher;
import dev.countersign.aws.AwsClients;
import dev.countersign.aws.AwsService;
import dev.countersign.aws.AwsSettings;
import dev.countersign.functions.RepairProjectionsHandler;
import dev.countersign.functions.RouteDependencies;
import dev.countersign.local.dynalite.DynaliteUnavailableException;
import dev.countersign.local.dynalite.SupervisedDynalite;
import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.core.json.Json;
import dev.countersign.local.engine.Engine;
import dev.countersign.local.engine.EngineListener;
import dev.countersign.local.engine.ExecutionStatusEvents;
import dev.countersign.local.engine.EngineOptions;
import dev.countersign.local.engine.FsyncPolicy;
import dev.countersign.local.engine.EngineStorageException;
import dev.countersign.local.engine.ExecutionDoesNotExistException;
import dev.countersign.local.engine.ExecutionStart;
import dev.countersign.local.engine.InvalidArnException;
import dev.countersign.local.engine.InvalidDefinitionException;
import dev.countersign.local.engine.StateMachineAlreadyExistsException;
import dev.countersign.local.engine.api.LoopbackHostFilter;
import dev.countersign.local.engine.api.StepFunctionsApi;
import dev.countersign.local.engine.standalone.DefinitionFolder;
import dev.countersign.local.engine.standalone.LaunchException;
import dev.countersign.local.runtime.lambda.InProcessLambda;
import dev.countersign.local.runtime.web.HttpApiFront;
import dev.countersign.local.runtime.web.ConsolePages;
import dev.countersign.local.runtime.web.MailboxPages;
import dev.countersign.local.runtime.web.SecurityHeadersFilter;
import dev.countersign.local.events.EventLog;
import dev.countersign.local.events.LocalEventBridgeEndpoint;
import dev.countersign.local.events.LocalEventBus;
import dev.countersign.local.ses.LocalSesEndpoint;
import dev.countersign.local.ses.Mailbox;
import dev.countersign.routing.InvalidRoutingRulesException;
import dev.countersign.routing.RoutingRules;
import dev.countersign.routing.RulesCheck;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.DynamoDbApprovalLists;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import dev.countersign.store.dynamodb.DynamoDbProjectionRepair;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Assembles what {@code countersign up} runs, in order, registering each part for closing as soon as it is open:
 * the definitions and rules checked, the ports bound, dynalite and the tables, the engine (which recovers paused
 * executions), the functions, the state machines, the servers ({@link CountersignLocal#start}).
 */
final class LocalAssembly {

    final LocalOptions options;
    final Closer closer = new Closer();
    final Map<String, AtomicInteger> apiCalls = new ConcurrentHashMap<>();
    HttpServer web;
    HttpServer engineApi;
    SupervisedDynalite dynalite;
    AwsClients clients;
    /** Read by the console's web threads, set once the engine opens. */
    volatile Engine engine;
    Mailbox mailbox;
    LocalSesEndpoint ses;
    LocalEventBridgeEndpoint events;
    LocalEventBus bus;
    ExecutionStatusEvents statusEvents;
    LocalFunctions functions;
    AuditKey auditKey;
    Map<String, String> environment;
    List<String> stateMachines = new ArrayList<>();
    Startup startup;
    int projectionsRepaired;
    int decisionsRedelivered;

    LocalAssembly(LocalOptions options) {
        this.options = options;
    }

    void build(FunctionFactory factory) {
        checkRouting();
        Path data = options.dataDirectory();
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw LaunchProblem.environment("cannot create the data directory " + data + " (" + e.getMessage()
                    + "): choose a writable one with --data");
        }
        lock(data);
        List<DefinitionFolder.NamedDefinition> definitions = definitions();

        web = bind(options.webPort(), "the review pages, the mailbox and the local SES API", "--port");
        ExecutorService webThreads = Executors.newCachedThreadPool(daemon("countersign-web"));
        closer.add(() -> {
            web.stop(1);
            shutdown(webThreads);
        });
        web.setExecutor(webThreads);
        engineApi = bind(options.enginePort(), "the Step Functions API", "--engine-port");
        ExecutorService apiThreads = Executors.newFixedThreadPool(8, daemon("countersign-sfn-api"));
        closer.add(() -> {
            engineApi.stop(1);
            shutdown(apiThreads);
        });
        engineApi.setExecutor(apiThreads);

        startDynalite();
        URI webUri = endpoint(web);
        environment = environment(webUri, endpoint(engineApi), dynalite.endpoint());
        clients = new AwsClients(AwsSettings.fromEnvironment(environment));
        closer.add(clients::close);
        try {
            CountersignTables tables = CountersignTables.fromEnvironment(environment);
            tables.createMissing(clients.dynamoDb());
            LocalTableUpgrade.upgrade(clients.dynamoDb(), tables, line -> options.log().println("countersign up: "
                    + line));
            ExampleRecordsTable.createMissing(clients.dynamoDb(), EXAMPLE_RECORDS_TABLE);
        } catch (RuntimeException e) {
            throw LaunchProblem.environment("cannot create the tables in dynalite at " + dynalite.endpoint()
                    + ": " + e.getMessage());
        }
        auditKey = AuditKeys.localKey(data.resolve(AuditKeys.KEY_FILE));
        Clock clock = new EngineTime(options.clock());
        projectionsRepaired = repairProjections(clock);
        mailbox = Mailbox.persistentIn(data.resolve("mail"));
        ses = new LocalSesEndpoint(mailbox, clock);
        bus = new LocalEventBus(EventLog.in(data), clock, REGION, ACCOUNT_ID, options.log());
        closer.add(bus::close);
        events = new LocalEventBridgeEndpoint(bus);
        functions = factory.create(new HandlerWiring(environment, clients, auditKey, clock, options.log()));
        // Before the engine opens: what it recovers may end executions or publish decisions at once.
        LocalEventRules.install(bus, this, () -> engine);

        List<HttpContext> served = List.of(
                web.createContext(REVIEW_CONTEXT, new HttpApiFront(Functions.DECISION,
                        functions.get(Functions.DECISION)::invoke, ACCOUNT_ID, clock, options.log())),
                web.createContext(LocalSesEndpoint.CONTEXT, ses),
                web.createContext(LocalEventBridgeEndpoint.CONTEXT, events),
                web.createContext(MailboxPages.CONTEXT, new MailboxPages(mailbox)),
                web.createContext(ConsolePages.CONTEXT, console(clock, data)),
                web.createContext("/", LocalAssembly::root));
        served.forEach(context -> context.getFilters().addAll(List.of(new SecurityHeadersFilter(),
                new LoopbackHostFilter())));
        // Serving before the engine opens: recovered executions may invoke handlers that send email at once.
        web.start();

        openEngine();
        for (DefinitionFolder.NamedDefinition definition : definitions) {
            register(definition);
            stateMachines.add(definition.name());
        }
        HttpContext api = engineApi.createContext("/", new StepFunctionsApi(engine));
        api.getFilters().addAll(List.of(new LoopbackHostFilter(), new OperationCounter(apiCalls)));
        engineApi.start();

        startRedelivery();
        startup = decideStartup();
        // Last: only a runtime that has started tells others where it listens.
        new RuntimeEndpoints(webUri, endpoint(engineApi), dynalite.endpoint()).writeTo(data);
        closer.add(() -> RuntimeEndpoints.removeFrom(data));
    }

    /** The read-only console: the lists and approvals in dynalite, chains with the local key, the engine's view. */
    private ConsolePages console(Clock clock, Path data) {
        DynamoDbApprovalStore reader = DynamoDbApprovalStore.fromEnvironment(clients, environment, auditKey, clock);
        return new ConsolePages(DynamoDbApprovalLists.withReadableTokens(clients, environment), reader::get,
                new AuditChain(auditKey), data.resolve(EventLog.FILE), arn -> {
                    try {
                        // The engine opens after the web server starts (see below): until then it knows nothing.
                        return engine == null ? Optional.empty() : Optional.of(engine.describeExecution(arn));
                    } catch (ExecutionDoesNotExistException | InvalidArnException e) {
                        return Optional.empty();
                    }
                }, clock);
    }

    /**
     * The redelivery sweep a deployed stack runs every minute (docs/local-runtime.md, "Redelivery"): once now, before
     * the banner, for the decisions a killed run recorded but never handed over — nothing else can be delivering them,
     * so none is too recent — and then every {@link LocalOptions#redeliveryEvery()} for those a failed callback left.
     */
    private void startRedelivery() {
        if (functions.find(Functions.REDELIVER).isEmpty()) {
            return; // functions built without it (tests of the runtime's own parts, the cost benchmark)
        }
        InProcessLambda sweep = functions.get(Functions.REDELIVER);
        try {
            // One invocation stops when its Lambda time runs out: go on until the sweep has looked at every one.
            JsonNode result;
            int invocations = 0;
            do {
                result = sweep.invoke(Json.object().put("max",
                        dev.countersign.functions.RedeliverDecisionsHandler.MAX_LIMIT).put("minAgeSeconds", 0));
                decisionsRedelivered += result.path("delivered").asInt(0);
            } while (result.path("stoppedBy").asText().equals("TIME_RUNNING_OUT") && ++invocations < 100);
        } catch (Exception e) {
            options.log().println("countersign up: could not hand stranded decisions to their workflows at start ("
                    + e.getMessage() + "); trying again every " + options.redeliveryEvery().toSeconds() + " s");
        }
        java.util.concurrent.ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor(
                daemon("countersign-redelivery"));
        closer.add(() -> shutdown(every));
        long millis = options.redeliveryEvery().toMillis();
        every.scheduleWithFixedDelay(() -> {
            try {
                redeliver(sweep, Json.object());
            } catch (Exception e) {
                // The handler logged why; an outage is waited out by the next run.
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One invocation of the redelivery function, as the schedule's; how many decisions the workflows took. */
    private static int redeliver(InProcessLambda sweep, JsonNode input) throws Exception {
        return sweep.invoke(input).path("delivered").asInt(0);
    }

    /**
     * The projection repair a deployed stack runs on a schedule, once here before anything can write: a runtime
     * killed between an approval write and its list rows left them behind, and nothing else would sweep them.
     */
    private int repairProjections(Clock clock) {
        DynamoDbProjectionRepair repair = DynamoDbProjectionRepair.fromEnvironment(clients,
                environment, clock);
        try {
            int repaired = 0;
            int pass;
            // In passes as bounded as the deployed function's; the banner, not a log line, says what was done.
            do {
                pass = repair.repairProjections(RepairProjectionsHandler.MAX_LIMIT);
                repaired += pass;
            } while (pass == RepairProjectionsHandler.MAX_LIMIT);
            return repaired;
        } catch (RuntimeException e) {
            throw LaunchProblem.environment("cannot repair the approval lists in dynalite at "
                    + dynalite.endpoint() + ": " + e.getMessage());
        }
    }

    /** The rules file is checked first: an invalid one stops the start with every problem, before anything opens. */
    private void checkRouting() {
        Path file = options.routingFile();
        if (file == null) {
            return;
        }
        if (RoutingRules.load(file) instanceof RulesCheck.Invalid invalid) {
            InvalidRoutingRulesException problems = new InvalidRoutingRulesException(invalid.source(),
                    invalid.problems());
            throw LaunchProblem.environment(problems.getMessage());
        }
    }

    /** One runtime per data directory: dynalite's LevelDB and the engine's journal each allow one user. */
    private void lock(Path data) {
        Path file = data.resolve("runtime.lock");
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw LaunchProblem.environment("another countersign up is using " + data + ": stop it first"
                        + " (Ctrl-C in its window), or give this one another directory with --data");
            }
            FileLock held = lock;
            closer.add(() -> {
                try {
                    held.release();
                    channel.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw LaunchProblem.environment("cannot lock " + file + " (" + e.getMessage() + "): choose a"
                    + " writable data directory with --data");
        }
    }

    private List<DefinitionFolder.NamedDefinition> definitions() {
        Path folder = options.projectRoot().resolve("statemachines");
        try {
            return DefinitionFolder.load(folder, CountersignLocal.definitionSubstitutions());
        } catch (LaunchException e) {
            throw LaunchProblem.environment("the state machines in " + folder + " cannot be registered: "
                    + e.getMessage());
        }
    }

    private HttpServer bind(int port, String what, String option) {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        } catch (BindException e) {
            throw LaunchProblem.environment("port " + port + " (" + what + ") is already in use: stop the"
                    + " program using it (another countersign up?), or choose another port with " + option);
        } catch (IOException e) {
            throw LaunchProblem.environment("cannot listen on 127.0.0.1:" + port + " (" + what + "): "
                    + e.getMessage());
        }
    }

    private void startDynalite() {
        int port = options.dynamoDbPort();
        if (port != 0) {
            // dynalite would say EADDRINUSE among its own output; this says it in one line, with the option.
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                probe.setReuseAddress(true);
            } catch (IOException e) {
                throw LaunchProblem.environment("port " + port + " (DynamoDB, dynalite) is already in use: stop"
                        + " the program using it, or choose another port with --dynamodb-port");
            }
        }
        Path tables = options.dynamoDbInMemory() ? null : options.dataDirectory().resolve("dynamodb");
        try {
            // Forced writes with the engine's fsync policy: an acknowledged write survives what the journal survives.
            dynalite = SupervisedDynalite.start(options.projectRoot(), port, tables,
                    tables != null && options.fsyncPolicy() == FsyncPolicy.ALWAYS,
                    line -> options.log().println("countersign up: " + line));
        } catch (DynaliteUnavailableException e) {
            throw LaunchProblem.environment(e.getMessage());
        }
        closer.add(dynalite::close);
    }

    private void openEngine() {
        Path journal = options.dataDirectory().resolve("engine");
        // Step Functions' status changes go on the default bus, as on AWS; the gates' "Approval Decided" on theirs.
        statusEvents = new ExecutionStatusEvents(() -> engine, (executionArn, detail) -> bus.put(List.of(
                new LocalEventBus.Entry(LocalEventBus.DEFAULT, ExecutionStatusEvents.SOURCE,
                        ExecutionStatusEvents.DETAIL_TYPE, detail, List.of(executionArn)))));
        closer.add(statusEvents::close);
        EngineListener published = new EngineListener() {
            @Override
            public void onHistoryEvent(String executionArn, dev.countersign.local.engine.HistoryEvent event) {
            }

            @Override
            public void onEventPublished(dev.countersign.local.engine.RecordedEvent event) {
                bus.put(List.of(new LocalEventBus.Entry(event.eventBusName(), event.source(), event.detailType(),
                        event.detail(), event.resources())));
            }
        };
        try {
            engine = Engine.open(EngineOptions.builder(journal)
                    .clock(options.clock())
                    .lambdaFunctions(functions)
                    .dynamoDb(clients.dynamoDb())
                    .listener(EngineListener.all(options.listener(), statusEvents, published))
                    .fsyncPolicy(options.fsyncPolicy())
                    .region(REGION)
                    .accountId(ACCOUNT_ID)
                    .build());
        } catch (EngineStorageException e) {
            throw LaunchProblem.environment("cannot use the engine's data directory " + journal + ": "
                    + e.getMessage());
        }
        closer.add(engine::close);
    }

    /** Creates the state machine, or updates it when its file changed since the last start. */
    private void register(DefinitionFolder.NamedDefinition definition) {
        try {
            try {
                engine.createStateMachine(definition.name(), definition.definition(), null);
            } catch (StateMachineAlreadyExistsException e) {
                engine.updateStateMachine(arn(definition.name()), definition.definition(), null);
            }
        } catch (InvalidDefinitionException e) {
            throw LaunchProblem.environment(definition.file() + " is not a definition the engine can run: "
                    + e.getMessage());
        }
    }

    private Startup decideStartup() {
        int waiting = running(engine, stateMachines).size();
        if (waiting > 0) {
            return new Startup.Resumed(waiting);
        }
        if (!options.startExample()) {
            return new Startup.Idle();
        }
        String name = "example-refund-" + options.clock().now().toEpochMilli();
        ExecutionStart started = engine.startExecution(arn(REFUND_WORKFLOW), name, ExampleOrder.json());
        return new Startup.ExampleStarted(started.executionArn());
    }

    /** What a deployed function's configuration would hold, pointing at this machine. */
    private Map<String, String> environment(URI web, URI stepFunctions, URI dynamoDb) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", REGION);
        // Any service without its own entry below lands on the web port and fails there, never on AWS.
        env.put("AWS_ENDPOINT_URL", web.toString());
        env.put(AwsService.DYNAMODB.endpointVariable(), dynamoDb.toString());
        env.put(AwsService.SFN.endpointVariable(), stepFunctions.toString());
        env.put(AwsService.SESV2.endpointVariable(), web.toString());
        // The functions' audit anchors: PutEvents appends them to events.jsonl in the data directory.
        env.put(AwsService.EVENTBRIDGE.endpointVariable(),
                web.resolve(LocalEventBridgeEndpoint.CONTEXT).toString());
        env.put(EventBridgeAnchorPublisher.BUS_VARIABLE, EVENT_BUS);
        env.put(CountersignTables.TABLE_VARIABLE, CountersignTables.DEFAULT_APPROVALS_TABLE);
        env.put(AuditKeys.HOME_VARIABLE, options.dataDirectory().toAbsolutePath().toString());
        env.put("COUNTERSIGN_SENDER", options.sender());
        env.put("COUNTERSIGN_BASE_URL", web.toString());
        env.put("COUNTERSIGN_DEFAULT_APPROVERS", String.join(",", options.approvers()));
        if (options.routingFile() != null) {
            env.put(RouteDependencies.ROUTING_FILE, options.routingFile().toAbsolutePath().toString());
        }
        return env;
    }

    /** {@code /} sends people to the mailbox; anything else that no context serves is a plain 404. */
    private static void root(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getRawPath().equals("/")) {
                exchange.getResponseHeaders().set("Location", MailboxPages.CONTEXT);
                exchange.sendResponseHeaders(303, -1);
                return;
            }
            byte[] body = ("Not found. The mailbox is at /mailbox, the console at /console; review links start with"
                    + " /review/.\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicLong count = new AtomicLong();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void shutdown(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

}
