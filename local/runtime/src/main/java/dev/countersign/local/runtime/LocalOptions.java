package dev.countersign.local.runtime;

import dev.countersign.local.dynalite.ProjectRoot;
import dev.countersign.local.engine.EngineClock;
import dev.countersign.local.engine.EngineListener;
import dev.countersign.local.engine.FsyncPolicy;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to run Countersign on this machine. Immutable; build with {@link #builder()}. {@code countersign up} uses the
 * defaults; tests use free ports, a temporary data directory, in-memory dynalite and a
 * {@link dev.countersign.local.engine.ManualClock}.
 *
 * @param projectRoot      the repository: {@code node_modules/dynalite} and {@code statemachines/*.asl.json}; default
 *                         {@link ProjectRoot#locate()}
 * @param dataDirectory    everything kept between runs: {@code dynamodb/} (LevelDB), {@code engine/} (the journal),
 *                         {@code mail/} (the mailbox), {@code audit-key}; default {@code .countersign}
 * @param webPort          the review pages, the local SES v2 API and the mailbox; default 8080 (0: a free port)
 * @param enginePort       the Step Functions API; default 8083 (0: a free port)
 * @param dynamoDbPort     dynalite; default 8000 (0: a free port)
 * @param clock            the engine's time and the handlers' (deadlines, link expiry); default the system clock
 * @param startExample     start one example refund execution when nothing is waiting for a decision; default true
 * @param dynamoDbInMemory keep dynalite's tables in memory instead of under {@code dataDirectory/dynamodb}; default
 *                         false (tests set it)
 * @param approvers        who receives approval requests when a proposal names nobody
 *                         ({@code COUNTERSIGN_DEFAULT_APPROVERS}); default {@code approver@example.com}
 * @param sender           the From address of every email; default {@code Countersign <approvals@countersign.local>}
 * @param fsyncPolicy      the engine journal's; default {@link FsyncPolicy#ALWAYS}
 * @param listener         told of every history event (tests); default none
 * @param log              where the runtime's lines and the handlers' logs go; default {@code System.out}
 * @param routingFile      the routing rules file ({@code COUNTERSIGN_ROUTING_FILE}), checked before anything starts;
 *                         null for none (the proposal's routing hints, else {@code approvers}); default none here,
 *                         {@code countersign up} passes {@code <projectRoot>/config/routing.json}
 * @param redeliveryEvery  how often, in real time, the redelivery sweep looks for recorded decisions that never
 *                         reached their workflow (it also runs once at start-up); default 30 seconds
 * @param decisionsUrl     where every "Approval Decided" event is also POSTed (an HTTP target on this machine), or
 *                         null; default none (the events always go to the log and {@code <data>/decisions.jsonl})
 */
public record LocalOptions(Path projectRoot, Path dataDirectory, int webPort, int enginePort, int dynamoDbPort,
                           EngineClock clock, boolean startExample, boolean dynamoDbInMemory, List<String> approvers,
                           String sender, FsyncPolicy fsyncPolicy, EngineListener listener, PrintStream log,
                           Path routingFile, java.time.Duration redeliveryEvery, java.net.URI decisionsUrl) {
    public static final int DEFAULT_WEB_PORT = 8080;
    public static final int DEFAULT_ENGINE_PORT = 8083;
    public static final int DEFAULT_DYNAMODB_PORT = 8000;
    public static final Path DEFAULT_DATA = Path.of(".countersign");
    /** The rules file {@code countersign up} loads unless {@code --routing} names another, under the project root. */
    public static final Path DEFAULT_ROUTING = Path.of("config", "routing.json");

    public LocalOptions {
        Objects.requireNonNull(projectRoot, "projectRoot");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(redeliveryEvery, "redeliveryEvery");
        if (redeliveryEvery.isNegative() || redeliveryEvery.isZero()) {
            throw new IllegalArgumentException("redeliveryEvery is " + redeliveryEvery + ": give a positive interval");
        }
        approvers = List.copyOf(approvers);
        if (approvers.isEmpty()) {
            throw new IllegalArgumentException("approvers is empty: name at least one default approver");
        }
        for (int port : new int[] {webPort, enginePort, dynamoDbPort}) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port " + port + " is not a port number (0-65535)");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().projectRoot(projectRoot).dataDirectory(dataDirectory).webPort(webPort)
                .enginePort(enginePort).dynamoDbPort(dynamoDbPort).clock(clock).startExample(startExample)
                .dynamoDbInMemory(dynamoDbInMemory).approvers(approvers).sender(sender).fsyncPolicy(fsyncPolicy)
                .listener(listener).log(log).routingFile(routingFile).redeliveryEvery(redeliveryEvery)
                .decisionsUrl(decisionsUrl);
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private Path projectRoot;
        private Path dataDirectory = DEFAULT_DATA;
        private int webPort = DEFAULT_WEB_PORT;
        private int enginePort = DEFAULT_ENGINE_PORT;
        private int dynamoDbPort = DEFAULT_DYNAMODB_PORT;
        private EngineClock clock = EngineClock.system();
        private boolean startExample = true;
        private boolean dynamoDbInMemory;
        private List<String> approvers = List.of("approver@example.com");
        private String sender = "Countersign <approvals@countersign.local>";
        private FsyncPolicy fsyncPolicy = FsyncPolicy.ALWAYS;
        private EngineListener listener = EngineListener.NONE;
        private PrintStream log = System.out;
        private Path routingFile;
        private boolean projectRouting;
        private java.time.Duration redeliveryEvery = java.time.Duration.ofSeconds(30);
        private java.net.URI decisionsUrl;

        private Builder() {
        }

        public Builder projectRoot(Path value) {
            this.projectRoot = value;
            return this;
        }

        public Builder dataDirectory(Path value) {
            this.dataDirectory = value;
            return this;
        }

        public Builder webPort(int value) {
            this.webPort = value;
            return this;
        }

        public Builder enginePort(int value) {
            this.enginePort = value;
            return this;
        }

        public Builder dynamoDbPort(int value) {
            this.dynamoDbPort = value;
            return this;
        }

        /** Every port 0: free ports, for tests. */
        public Builder freePorts() {
            return webPort(0).enginePort(0).dynamoDbPort(0);
        }

        public Builder clock(EngineClock value) {
            this.clock = value;
            return this;
        }

        public Builder startExample(boolean value) {
            this.startExample = value;
            return this;
        }

        public Builder dynamoDbInMemory(boolean value) {
            this.dynamoDbInMemory = value;
            return this;
        }

        public Builder approvers(List<String> value) {
            this.approvers = value;
            return this;
        }

        public Builder sender(String value) {
            this.sender = value;
            return this;
        }

        public Builder fsyncPolicy(FsyncPolicy value) {
            this.fsyncPolicy = value;
            return this;
        }

        public Builder listener(EngineListener value) {
            this.listener = value;
            return this;
        }

        /** Also POST every "Approval Decided" event to this URL on this machine (a local HTTP target). */
        public Builder decisionsUrl(java.net.URI value) {
            this.decisionsUrl = value;
            return this;
        }

        public Builder log(PrintStream value) {
            this.log = value;
            return this;
        }

        /** A routing rules file; null for none. */
        public Builder routingFile(Path value) {
            this.routingFile = value;
            this.projectRouting = false;
            return this;
        }

        /** How often the redelivery sweep runs while the runtime is up (it also runs once at start-up). */
        public Builder redeliveryEvery(java.time.Duration value) {
            this.redeliveryEvery = value;
            return this;
        }

        /** The project's own rules file, {@code <projectRoot>/}{@link #DEFAULT_ROUTING} ({@code countersign up}). */
        public Builder projectRouting() {
            this.routingFile = null;
            this.projectRouting = true;
            return this;
        }

        public LocalOptions build() {
            Path root = projectRoot == null ? ProjectRoot.locate() : projectRoot;
            return new LocalOptions(root, dataDirectory, webPort, enginePort, dynamoDbPort, clock, startExample,
                    dynamoDbInMemory, approvers, sender, fsyncPolicy, listener, log,
                    projectRouting ? root.resolve(DEFAULT_ROUTING) : routingFile, redeliveryEvery, decisionsUrl);
        }
    }
}
