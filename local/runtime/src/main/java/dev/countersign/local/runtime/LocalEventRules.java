package dev.countersign.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.local.engine.Engine;
import dev.countersign.local.engine.standalone.DefinitionFolder;
import dev.countersign.local.events.EventRule;
import dev.countersign.local.events.EventTarget;
import dev.countersign.local.events.FileTarget;
import dev.countersign.local.events.HttpTarget;
import dev.countersign.local.events.LocalEventBus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rules of the runtime's local EventBridge: the ones the CDK stacks deploy ({@code statemachines/event-rules.json},
 * generated from them, with the same {@code ${Name}} substitutions as the definitions), their targets bound to what
 * runs here — a state machine ARN starts an execution in the engine, a function ARN invokes the in-process function,
 * a log group appends to {@code <data>/logs/<group>.jsonl} — and one rule of the runtime's own: every "Approval
 * Decided" goes to the log, to {@code <data>/decisions.jsonl} and, if asked, to an HTTP URL.
 */
final class LocalEventRules {
    /** The generated rules, in the definitions' folder. */
    static final String FILE = "event-rules.json";
    /** The runtime's own rule: "Approval Decided" to the local targets. */
    static final String DECIDED_RULE = "LocalApprovalDecided";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalEventRules() {
    }

    /**
     * Adds the stacks' rules and the runtime's own to {@code bus}.
     *
     * @throws LaunchProblem naming the file and what is wrong with it
     */
    static void install(LocalEventBus bus, LocalAssembly runtime, Supplier<Engine> engine) {
        Path file = runtime.options.projectRoot().resolve("statemachines").resolve(FILE);
        JsonNode rules;
        try {
            Set<String> unfilled = new LinkedHashSet<>();
            String text = DefinitionFolder.fill(Files.readString(file), CountersignLocal.definitionSubstitutions(),
                    unfilled);
            if (!unfilled.isEmpty()) {
                throw LaunchProblem.environment(file + " uses " + unfilled + " with no value here: regenerate it with"
                        + " ./countersign definitions");
            }
            rules = JSON.readTree(text).path("rules");
        } catch (IOException e) {
            throw LaunchProblem.environment("cannot read the event rules " + file + " (" + e.getMessage() + "):"
                    + " regenerate them with ./countersign definitions");
        }
        for (JsonNode rule : rules) {
            List<EventRule.Target> targets = new ArrayList<>();
            for (JsonNode target : rule.path("targets")) {
                targets.add(new EventRule.Target(target.path("id").asText(), target(target.path("arn").asText(),
                        runtime, engine, file), target.path("inputPath").asText(null)));
            }
            bus.addRule(new EventRule(rule.path("name").asText(), rule.path("eventBusName").asText(),
                    rule.path("eventPattern").toString(), targets));
        }
        List<EventRule.Target> decided = new ArrayList<>();
        decided.add(new EventRule.Target("Log", new DecisionLine(runtime.options.log()), null));
        decided.add(new EventRule.Target("File", new FileTarget(runtime.options.dataDirectory()
                .resolve(CountersignLocal.DECISIONS_FILE)), null));
        if (runtime.options.decisionsUrl() != null) {
            decided.add(new EventRule.Target("Http", new HttpTarget(runtime.options.decisionsUrl()), null));
        }
        bus.addRule(new EventRule(DECIDED_RULE, CountersignLocal.EVENT_BUS, "{\"source\": [\"countersign\"],"
                + " \"detail-type\": [\"Approval Decided\"]}", decided));
    }

    /** What an ARN of the stacks is here. */
    private static EventTarget target(String arn, LocalAssembly runtime, Supplier<Engine> engine, Path file) {
        String[] parts = arn.split(":", 7);
        if (parts.length < 7) {
            throw LaunchProblem.environment(file + ": target " + arn + " is not an ARN");
        }
        String service = parts[2];
        String resource = parts[5];
        String name = parts[6];
        if (service.equals("states") && resource.equals("stateMachine")) {
            return new EventTarget() {
                @Override
                public String description() {
                    return "state machine " + name;
                }

                @Override
                public void deliver(JsonNode input) {
                    engine.get().startExecution(arn, null, input.toString());
                }
            };
        }
        if (service.equals("lambda") && resource.equals("function")) {
            return new EventTarget() {
                @Override
                public String description() {
                    return "function " + name;
                }

                @Override
                public void deliver(JsonNode input) throws Exception {
                    runtime.functions.get(name).invoke(input);
                }
            };
        }
        if (service.equals("logs") && resource.equals("log-group")) {
            return new FileTarget(runtime.options.dataDirectory().resolve("logs").resolve(name + ".jsonl"));
        }
        throw LaunchProblem.environment(file + ": the local bus cannot deliver to " + arn + " (state machines,"
                + " functions and log groups only)");
    }

    /** One line per decision in the runtime's output: which approval, what, by whom, for which execution. */
    private record DecisionLine(PrintStream out) implements EventTarget {
        @Override
        public String description() {
            return "the log";
        }

        @Override
        public void deliver(JsonNode event) {
            JsonNode detail = event.path("detail");
            JsonNode decision = detail.path("decision");
            String execution = detail.path("executionArn").asText();
            out.println("countersign up: approval " + decision.path("approvalId").asText() + " at gate "
                    + detail.path("gate").asText() + " " + decision.path("outcome").asText() + " by "
                    + decision.path("decidedBy").asText() + " (execution "
                    + execution.substring(execution.lastIndexOf(':') + 1) + ")");
        }
    }
}
