package dev.countersign.local.engine.standalone;

import dev.countersign.local.engine.Engine;
import dev.countersign.local.engine.EngineOptions;
import dev.countersign.local.engine.EngineStorageException;
import dev.countersign.local.engine.InvalidDefinitionException;
import dev.countersign.local.engine.InvalidNameException;
import dev.countersign.local.engine.LambdaFunctions;
import dev.countersign.local.engine.StateMachineAlreadyExistsException;
import dev.countersign.local.engine.api.StepFunctionsServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The engine on its own: opens it on a data directory, registers the definitions of a folder, and serves the Step
 * Functions API on a port, until SIGINT or SIGTERM. {@code ./countersign engine} runs {@link #main(String[])}.
 *
 * <p>Embedding programs (and tests that need Lambda functions in the engine's JVM) call
 * {@link #start(LaunchOptions, LambdaFunctions)} or {@link #run(String[], LambdaFunctions)}.
 */
public final class StandaloneEngine implements AutoCloseable {
    private final LaunchOptions options;
    private final Engine engine;
    private final StepFunctionsServer server;
    private final List<String> stateMachines;

    private StandaloneEngine(LaunchOptions options, Engine engine, StepFunctionsServer server,
                             List<String> stateMachines) {
        this.options = options;
        this.engine = engine;
        this.server = server;
        this.stateMachines = List.copyOf(stateMachines);
    }

    public static void main(String[] args) {
        run(args, LambdaFunctions.none());
    }

    /**
     * Starts, prints the endpoint line, and blocks until the JVM is told to stop; a failure to start prints one line
     * and exits with status 1 (2 for a command-line mistake).
     */
    public static void run(String[] args, LambdaFunctions functions) {
        StandaloneEngine running;
        try {
            running = start(LaunchOptions.parse(args), functions);
        } catch (LaunchException e) {
            if (e.exitCode() == 0) {
                System.out.println(e.getMessage());
            } else {
                System.err.println("countersign engine: " + e.getMessage());
            }
            System.exit(e.exitCode());
            return;
        } catch (RuntimeException e) {
            System.err.println("countersign engine: failed to start: " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            System.out.println("countersign engine: stopped; the journal is closed");
        }, "countersign-engine-shutdown"));
        System.out.println(running.banner());
        System.out.flush();
        try {
            new CountDownLatch(1).await(); // the shutdown hook ends the process
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Loads the definitions, binds the port, opens the engine, registers the definitions and starts serving — in
     * that order, so a bad definition or a busy port fails before the journal is touched.
     *
     * @throws LaunchException with a one-line message when any step fails; nothing stays open then
     */
    public static StandaloneEngine start(LaunchOptions options, LambdaFunctions functions) {
        List<DefinitionFolder.NamedDefinition> definitions = options.definitions() == null ? List.of()
                : DefinitionFolder.load(options.definitions(), options.substitutions());
        StepFunctionsServer server = bind(options);
        Engine engine;
        try {
            engine = Engine.open(EngineOptions.builder(options.dataDirectory())
                    .lambdaFunctions(functions)
                    .fsyncPolicy(options.fsyncPolicy())
                    .region(options.region())
                    .accountId(options.accountId())
                    .build());
        } catch (EngineStorageException e) {
            server.close();
            throw LaunchException.environment("cannot use the data directory " + options.dataDirectory() + ": "
                    + e.getMessage());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        try {
            List<String> names = new ArrayList<>();
            for (DefinitionFolder.NamedDefinition definition : definitions) {
                register(engine, options, definition);
                names.add(definition.name());
            }
            server.serve(engine);
            return new StandaloneEngine(options, engine, server, names);
        } catch (RuntimeException e) {
            server.close();
            engine.close();
            throw e;
        }
    }

    private static StepFunctionsServer bind(LaunchOptions options) {
        try {
            return StepFunctionsServer.bind(new InetSocketAddress(options.host(), options.port()));
        } catch (BindException e) {
            throw LaunchException.environment("port " + options.port() + " on " + options.host()
                    + " is already in use: stop the program using it, or choose another port with --port");
        } catch (UnknownHostException e) {
            throw LaunchException.usage("--host " + options.host() + " is not a known host name or address");
        } catch (IOException | RuntimeException e) {
            throw LaunchException.environment("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage());
        }
    }

    /** Creates the state machine, or updates it when the file changed since it was registered. */
    private static void register(Engine engine, LaunchOptions options, DefinitionFolder.NamedDefinition definition) {
        try {
            try {
                engine.createStateMachine(definition.name(), definition.definition(), null);
            } catch (StateMachineAlreadyExistsException e) {
                engine.updateStateMachine("arn:aws:states:" + options.region() + ":" + options.accountId()
                        + ":stateMachine:" + definition.name(), definition.definition(), null);
            }
        } catch (InvalidDefinitionException e) {
            throw LaunchException.environment("refusing to start: " + definition.file() + " is not a definition the"
                    + " engine can run: " + e.getMessage());
        } catch (InvalidNameException e) {
            throw LaunchException.environment("refusing to start: " + definition.file() + " gives the state machine"
                    + " name '" + definition.name() + "', which Step Functions does not allow (" + e.getMessage()
                    + "): rename the file");
        }
    }

    public Engine engine() {
        return engine;
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** The state machines registered from the definitions folder, by name. */
    public List<String> stateMachines() {
        return stateMachines;
    }

    /** The one line printed at start: where the API is and how to point the AWS CLI at it. */
    public String banner() {
        URI endpoint = endpoint();
        String machines = stateMachines.isEmpty() ? "no definitions loaded"
                : stateMachines.size() + " state machine" + (stateMachines.size() == 1 ? "" : "s") + " loaded ("
                        + String.join(", ", stateMachines) + ")";
        return "countersign engine: Step Functions API on " + endpoint + " (data " + options.dataDirectory() + ", "
                + machines + "); try: aws stepfunctions --endpoint-url " + endpoint + " --region "
                + options.region() + " list-state-machines (any credentials work)";
    }

    /** Stops serving, then closes the engine (paused executions stay in the journal). */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            engine.close();
        }
    }
}
