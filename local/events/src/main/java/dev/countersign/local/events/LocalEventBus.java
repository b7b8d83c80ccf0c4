package dev.countersign.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.event.ruler.Machine;

/**
 * EventBridge on one machine: buses with rules, matched with AWS's own event-pattern matcher (Event Ruler, the library
 * EventBridge's rules are built on), and delivered to local targets. Every accepted event is appended to an {@link
 * EventLog} first (what the buses carried, newest last), then each rule of its bus whose pattern matches gets it,
 * asynchronously and in order, as EventBridge delivers after PutEvents has answered.
 *
 * <p>Events have AWS's shape: {@code version}, {@code id}, {@code detail-type}, {@code source}, {@code account}, {@code
 * time} (whole seconds), {@code region}, {@code resources}, {@code detail}. A failed delivery is logged with the rule
 * and the target and not retried (EventBridge would retry for up to a day).
 */
public final class LocalEventBus implements AutoCloseable {
    /** The account's default bus: AWS services (Step Functions' status changes among them) put their events here. */
    public static final String DEFAULT = "default";

    private final ObjectMapper json = new ObjectMapper();
    private final EventLog archive;
    private final Clock clock;
    private final String region;
    private final String account;
    private final PrintStream log;
    private final Map<String, Machine> machines = new ConcurrentHashMap<>();
    private final Map<String, EventRule> rules = new LinkedHashMap<>();
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "countersign-event-delivery");
        thread.setDaemon(true);
        return thread;
    });
    private final Object idle = new Object();
    private int inFlight;

    /**
     * @param archive where every accepted event is appended
     * @param log     where failed deliveries are reported
     */
    public LocalEventBus(EventLog archive, Clock clock, String region, String account, PrintStream log) {
        this.archive = archive;
        this.clock = clock;
        this.region = region;
        this.account = account;
        this.log = log;
    }

    /** A bus's name from what PutEvents or a rule gives: a name, an ARN ({@code …:event-bus/NAME}), or none. */
    public static String busName(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isBlank()) {
            return DEFAULT;
        }
        int slash = nameOrArn.lastIndexOf("event-bus/");
        return slash >= 0 ? nameOrArn.substring(slash + "event-bus/".length()) : nameOrArn;
    }

    /**
     * Adds a rule.
     *
     * @throws IllegalArgumentException naming the rule when its pattern is not an event pattern, or the name is taken
     */
    public synchronized void addRule(EventRule rule) {
        if (rules.containsKey(rule.name())) {
            throw new IllegalArgumentException("a rule named " + rule.name() + " is already on the local bus");
        }
        try {
            machines.computeIfAbsent(rule.eventBusName(), bus -> new Machine()).addRule(rule.name(), rule.pattern());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("rule " + rule.name() + ": its event pattern is not valid ("
                    + e.getMessage() + "): " + rule.pattern(), e);
        }
        rules.put(rule.name(), rule);
    }

    /** The rules, by name, in the order they were added. */
    public synchronized List<EventRule> rules() {
        return List.copyOf(rules.values());
    }

    /**
     * Puts events on their buses: archives them, then delivers them to every matching rule's targets.
     *
     * @return each event as the buses carry it (with its id and time)
     */
    public List<ObjectNode> put(List<Entry> entries) {
        List<ObjectNode> events = new ArrayList<>();
        for (Entry entry : entries) {
            ObjectNode event = json.createObjectNode();
            event.put("version", "0");
            event.put("id", UUID.randomUUID().toString());
            event.put("detail-type", entry.detailType());
            event.put("source", entry.source());
            event.put("account", account);
            event.put("time", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
            event.put("region", region);
            event.putArray("resources").addAll(entry.resources().stream().map(json.getNodeFactory()::textNode)
                    .toList());
            event.set("detail", entry.detail());
            events.add(event);
        }
        List<ObjectNode> archived = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ObjectNode event = events.get(i);
            archived.add(json.createObjectNode().put("id", event.get("id").asText())
                    .put("time", clock.instant().toString()).put("eventBusName", busName(entries.get(i).eventBusName()))
                    .put("source", event.get("source").asText()).put("detailType", event.get("detail-type").asText())
                    .set("detail", event.get("detail")));
        }
        archive.append(archived);
        for (int i = 0; i < events.size(); i++) {
            route(busName(entries.get(i).eventBusName()), events.get(i));
        }
        return events;
    }

    private void route(String bus, ObjectNode event) {
        Machine machine = machines.get(bus);
        if (machine == null) {
            return;
        }
        List<String> matched;
        try {
            matched = machine.rulesForJSONEvent(event.toString());
        } catch (Exception e) {
            log.println("countersign: the local event bus could not match an event (" + e.getMessage() + ")");
            return;
        }
        for (String name : matched) {
            EventRule rule;
            synchronized (this) {
                rule = rules.get(name);
            }
            for (EventRule.Target target : rule.targets()) {
                submit(rule, target, input(event, target.inputPath()));
            }
        }
    }

    private void submit(EventRule rule, EventRule.Target target, JsonNode input) {
        synchronized (idle) {
            inFlight++;
        }
        try {
            deliveries.execute(() -> {
                try {
                    target.target().deliver(input);
                } catch (Exception e) {
                    log.println("countersign: rule " + rule.name() + " could not deliver an event to "
                            + target.target().description() + ": " + e.getMessage());
                } finally {
                    done();
                }
            });
        } catch (RuntimeException rejected) {
            done();
        }
    }

    private void done() {
        synchronized (idle) {
            inFlight--;
            idle.notifyAll();
        }
    }

    private static JsonNode input(JsonNode event, String inputPath) {
        if (inputPath == null || inputPath.equals("$")) {
            return event.deepCopy();
        }
        JsonNode node = event;
        for (String field : inputPath.substring(2).split("\\.")) {
            node = node.path(field);
        }
        return node.isMissingNode() ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : node.deepCopy();
    }

    /** Waits until every event put so far has been delivered (or failed); false when {@code timeout} passed first. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    public EventLog archive() {
        return archive;
    }

    @Override
    public void close() {
        deliveries.shutdown();
        try {
            if (!deliveries.awaitTermination(5, TimeUnit.SECONDS)) {
                deliveries.shutdownNow();
            }
        } catch (InterruptedException e) {
            deliveries.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One event to put, as a PutEvents entry gives it.
     *
     * @param eventBusName a name or ARN; null for the default bus
     * @param detail       a JSON object
     */
    public record Entry(String eventBusName, String source, String detailType, JsonNode detail,
                        List<String> resources) {
        public Entry {
            resources = resources == null ? List.of() : List.copyOf(resources);
        }
    }
}
