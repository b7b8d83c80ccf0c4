package dev.countersign.infra;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.IConstruct;

/**
 * The files in {@code statemachines/}: the stack's workflows as the CDK synthesises them (built by {@link ApprovalGate},
 * the one author of gate states), written back as plain ASL with {@code ${Name}} where CloudFormation fills in a
 * reference — what the local runtime and {@code ./countersign engine} run, filling the same names. The files are
 * generated; {@code ./countersign definitions} rewrites them, and a test fails when a committed file differs.
 *
 * <p>Placeholders: {@code ${Partition}}, {@code ${Region}}, {@code ${AccountId}}; {@code ${<Id>Arn}} for each of the
 * stack's Lambda functions by construct id ({@code ${RouteFunctionArn}}, {@code ${RequestFunctionArn}}, …) and state
 * machines; {@code ${EventBusArn}} and {@code ${EventBusName}} for the stack's event bus; {@code ${<Id>Name}} for a
 * table (the example records table). The example stack's workflows ({@link CountersignExamplesStack}) are generated
 * too: what they import from the Countersign stack is written as that stack's placeholder.
 */
public final class GeneratedDefinitions {
    /** The command that rewrites the files, for messages. */
    public static final String COMMAND = "./countersign definitions";
    static final String SUFFIX = ".asl.json";
    /**
     * The stacks' EventBridge rules (pattern, bus, targets, InputPath), with the same placeholders: what the local
     * runtime's bus evaluates. Its key in the generated map; the file is {@code statemachines/event-rules.json}.
     */
    public static final String EVENT_RULES = "event-rules";

    private static final ObjectMapper JSON = new ObjectMapper();

    private GeneratedDefinitions() {
    }

    /** File name without {@code .asl.json} → the definition text, for every workflow of the stack. */
    public static Map<String, String> fromStack(CountersignStack stack) {
        return fromStacks(List.of(stack));
    }

    /**
     * As {@link #fromStack}, for every workflow of several stacks of one app (the Countersign stack and the example
     * stack, whose workflows refer to the Countersign stack's functions and bus through exports: an {@code
     * Fn::ImportValue} is written as the placeholder of what its export names).
     */
    public static Map<String, String> fromStacks(List<? extends Stack> stacks) {
        App app = (App) stacks.get(0).getNode().getRoot();
        CloudAssembly assembly = app.synth();
        Map<String, Map<String, String>> placeholders = new LinkedHashMap<>();
        Map<String, Export> exports = new LinkedHashMap<>();
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        for (IConstruct child : app.getNode().getChildren()) {
            if (child instanceof Stack stack) {
                JsonNode template = JSON.valueToTree(assembly.getStackByName(stack.getStackName()).getTemplate());
                templates.put(stack.getStackName(), template);
                placeholders.put(stack.getStackName(), placeholders(stack));
                template.path("Outputs").fields().forEachRemaining(output -> {
                    JsonNode name = output.getValue().path("Export").path("Name");
                    if (name.isTextual()) {
                        exports.put(name.asText(), new Export(stack.getStackName(), output.getValue().get("Value")));
                    }
                });
            }
        }
        Map<String, String> definitions = new TreeMap<>();
        ArrayNode rules = JSON.createArrayNode();
        for (Stack stack : stacks) {
            Naming naming = new Naming(placeholders, exports);
            rules.addAll(rules(stack, templates.get(stack.getStackName()), naming));
            JsonNode template = templates.get(stack.getStackName());
            String prefix = ApprovalService.of(stack instanceof CountersignExamplesStack examples
                    ? examples.service() : stack).config().resourcePrefix() + "-";
            for (StateMachine machine : Workflows.inStack(stack)) {
                JsonNode properties = template.path("Resources").path(Workflows.logicalId(machine))
                        .path("Properties");
                String name = properties.path("StateMachineName").asText();
                if (!name.startsWith(prefix)) {
                    throw new IllegalStateException("state machine " + name + " does not start with " + prefix);
                }
                definitions.put(name.substring(prefix.length()), render(naming.text(properties.path(
                        "DefinitionString"), stack.getStackName(), name)));
            }
        }
        ObjectNode file = JSON.createObjectNode();
        file.put("comment", "Generated by " + COMMAND + " from the CDK stacks: the EventBridge rules they deploy,"
                + " which the local runtime's bus evaluates (docs/local-runtime.md). Do not edit.");
        file.set("rules", rules);
        definitions.put(EVENT_RULES, render(file.toString()));
        return definitions;
    }

    /** The stack's rules that match events (a schedule matches none), as the local bus reads them. */
    private static List<JsonNode> rules(Stack stack, JsonNode template, Naming naming) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (IConstruct construct : stack.getNode().findAll()) {
            if (construct instanceof software.amazon.awscdk.services.events.Rule rule) {
                ids.put(Workflows.logicalId(rule), rule.getNode().getId());
            }
        }
        List<JsonNode> rules = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(resource -> {
            JsonNode properties = resource.getValue().path("Properties");
            if (!resource.getValue().path("Type").asText().equals("AWS::Events::Rule")
                    || !properties.has("EventPattern")) {
                return;
            }
            String where = "rule " + resource.getKey();
            ObjectNode rule = JSON.createObjectNode();
            rule.put("name", ids.getOrDefault(resource.getKey(), resource.getKey()));
            rule.put("eventBusName", properties.has("EventBusName")
                    ? naming.text(properties.get("EventBusName"), stack.getStackName(), where) : "default");
            rule.set("eventPattern", naming.values(properties.get("EventPattern"), stack.getStackName(), where));
            ArrayNode targets = rule.putArray("targets");
            for (JsonNode target : properties.path("Targets")) {
                ObjectNode t = targets.addObject();
                t.put("id", target.path("Id").asText());
                t.put("arn", naming.text(target.get("Arn"), stack.getStackName(), where));
                if (target.has("InputPath")) {
                    t.put("inputPath", target.get("InputPath").asText());
                }
            }
            rules.add(rule);
        });
        return rules;
    }

    /** Synthesises the stacks the app deploys, the examples included (with a placeholder sender: nothing in a
     * definition depends on it). */
    public static Map<String, String> synthesise() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(CountersignConfig.SENDER_ADDRESS, "approvals@example.com");
        context.put(CountersignConfig.EXAMPLES, true);
        context.put("aws:cdk:version-reporting", false);
        App app = new App(AppProps.builder().context(context).analyticsReporting(false).build());
        CountersignConfig config = CountersignConfig.fromContext(Context.of(app));
        CountersignStack stack = new CountersignStack(app, config.stackName(), StackProps.builder().build(), config,
                FunctionsJar.code());
        CountersignExamplesStack examples = new CountersignExamplesStack(app, config.examplesStackName(),
                StackProps.builder().build(), stack.service(), FunctionsJar.examplesCode());
        return fromStacks(List.of(stack, examples));
    }

    /**
     * The committed files that differ from {@code generated}: missing, different, or no longer generated.
     *
     * @return one line per file that needs {@value #COMMAND}
     */
    public static List<String> differences(Path folder, Map<String, String> generated) {
        List<String> problems = new ArrayList<>();
        generated.forEach((name, text) -> {
            Path file = folder.resolve(fileName(name));
            try {
                if (!Files.isRegularFile(file)) {
                    problems.add(file + " is missing");
                } else if (!Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
                    problems.add(file + " differs from what the stack synthesises");
                }
            } catch (IOException e) {
                problems.add("cannot read " + file + ": " + e.getMessage());
            }
        });
        for (Path file : committed(folder)) {
            String name = file.getFileName().toString();
            if (!generated.containsKey(name.substring(0, name.length() - SUFFIX.length()))) {
                problems.add(file + " is not a workflow of the stack any more");
            }
        }
        return problems;
    }

    /** Writes the generated files into {@code folder} and deletes the {@code *.asl.json} the stack no longer has. */
    public static void write(Path folder, Map<String, String> generated) throws IOException {
        Files.createDirectories(folder);
        for (Path file : committed(folder)) {
            String name = file.getFileName().toString();
            if (!generated.containsKey(name.substring(0, name.length() - SUFFIX.length()))) {
                Files.delete(file);
            }
        }
        for (Map.Entry<String, String> entry : generated.entrySet()) {
            Files.writeString(folder.resolve(fileName(entry.getKey())), entry.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** {@code <name>.asl.json}, or {@code event-rules.json} for {@link #EVENT_RULES}. */
    static String fileName(String name) {
        return name.equals(EVENT_RULES) ? EVENT_RULES + ".json" : name + SUFFIX;
    }

    /** {@code ./countersign definitions [--check] [DIR]}: rewrites (or, with --check, compares) the files. */
    public static void main(String[] args) throws IOException {
        boolean check = false;
        Path folder = Path.of(System.getProperty(FunctionsJar.ROOT_PROPERTY, ".")).resolve("statemachines");
        for (String arg : args) {
            if (arg.equals("--check")) {
                check = true;
            } else if (arg.startsWith("-")) {
                System.err.println("countersign definitions: unknown option " + arg + " (usage: " + COMMAND
                        + " [--check] [DIR])");
                System.exit(2);
            } else {
                folder = Path.of(arg);
            }
        }
        Map<String, String> generated = synthesise();
        if (check) {
            List<String> problems = differences(folder, generated);
            problems.forEach(problem -> System.err.println("countersign definitions: " + problem));
            if (!problems.isEmpty()) {
                System.err.println("countersign definitions: run " + COMMAND + " to regenerate them");
                System.exit(1);
            }
            System.out.println("countersign definitions: " + folder + " matches the stack");
            return;
        }
        write(folder, generated);
        for (String name : generated.keySet()) {
            System.out.println("wrote " + folder.resolve(fileName(name)));
        }
    }

    private static List<Path> committed(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Logical id → placeholder name, for every resource of {@code stack} a definition may refer to: a function's or
     * state machine's ARN ({@code ${<id>Arn}}), the event bus ({@code ${EventBusName}}, {@code ${EventBusArn}}), a
     * table's name ({@code ${<id>Name}}, e.g. {@code ${ExampleRecordsTableName}}).
     */
    private static Map<String, String> placeholders(Stack stack) {
        Map<String, String> names = new LinkedHashMap<>();
        for (IConstruct construct : stack.getNode().findAll()) {
            if (construct instanceof JavaFunction function) {
                names.put(Workflows.logicalId(function.function()), function.getNode().getId() + "Arn");
                names.put(Workflows.logicalId(function.invocable()), function.getNode().getId() + "Arn");
            } else if (construct instanceof StateMachine machine) {
                names.put(Workflows.logicalId(machine), Workflows.id(machine) + "Arn");
            } else if (construct instanceof EventBus bus) {
                names.put(Workflows.logicalId(bus), "EventBus");
            } else if (construct instanceof Table table) {
                names.put(Workflows.logicalId(table), table.getNode().getId() + "Name");
            } else if (construct instanceof software.amazon.awscdk.services.logs.LogGroup group) {
                names.put(Workflows.logicalId(group), group.getNode().getId() + "Name");
            }
        }
        return names;
    }

    /** An export of one stack: its output's value, which another stack's {@code Fn::ImportValue} stands for. */
    private record Export(String stack, JsonNode value) {
    }

    /** Writes CloudFormation values as placeholders, per stack, following imports to the exporting stack. */
    private record Naming(Map<String, Map<String, String>> placeholders, Map<String, Export> exports) {

        /** A JSON value (an event pattern) with every CloudFormation function in it written as its placeholder. */
        JsonNode values(JsonNode value, String stack, String where) {
            if (value.isObject()) {
                if (value.has("Ref") || value.has("Fn::GetAtt") || value.has("Fn::Join")
                        || value.has("Fn::ImportValue")) {
                    return JSON.getNodeFactory().textNode(text(value, stack, where));
                }
                ObjectNode copy = JSON.createObjectNode();
                value.fields().forEachRemaining(f -> copy.set(f.getKey(), values(f.getValue(), stack, where)));
                return copy;
            }
            if (value.isArray()) {
                ArrayNode copy = JSON.createArrayNode();
                value.forEach(item -> copy.add(values(item, stack, where)));
                return copy;
            }
            return value;
        }

        /** The DefinitionString (a string, or {@code Fn::Join} of strings and references) with placeholders. */
        String text(JsonNode value, String stack, String machine) {
            if (value.isTextual()) {
                return value.textValue();
            }
            JsonNode join = value.path("Fn::Join");
            if (join.isArray() && join.size() == 2) {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < join.get(1).size(); i++) {
                    if (i > 0) {
                        text.append(join.get(0).asText());
                    }
                    text.append(text(join.get(1).get(i), stack, machine));
                }
                return text.toString();
            }
            JsonNode imported = value.path("Fn::ImportValue");
            if (imported.isTextual()) {
                Export export = exports.get(imported.asText());
                if (export == null) {
                    throw new IllegalStateException(machine + " imports " + imported.asText() + ", which no stack of"
                            + " the app exports");
                }
                return text(export.value(), export.stack(), machine);
            }
            Map<String, String> names = placeholders.get(stack);
            if (value.has("Ref")) {
                String ref = value.get("Ref").asText();
                return switch (ref) {
                    case "AWS::Partition" -> "${Partition}";
                    case "AWS::Region" -> "${Region}";
                    case "AWS::AccountId" -> "${AccountId}";
                    case "AWS::URLSuffix" -> "${UrlSuffix}";
                    default -> {
                        String name = placeholder(names, ref, machine);
                        yield "${" + name + (name.equals("EventBus") ? "Name" : "") + "}";
                    }
                };
            }
            JsonNode getAtt = value.path("Fn::GetAtt");
            if (getAtt.isArray() && getAtt.size() == 2) {
                String name = placeholder(names, getAtt.get(0).asText(), machine);
                String attribute = getAtt.get(1).asText();
                if (name.equals("EventBus")) {
                    return "${EventBus" + attribute + "}";
                }
                if (!attribute.equals("Arn")) {
                    throw new IllegalStateException(machine + ": cannot write Fn::GetAtt " + getAtt + " as a"
                            + " placeholder");
                }
                return "${" + name + "}";
            }
            throw new IllegalStateException(machine + ": cannot write " + value + " as a placeholder");
        }

        private static String placeholder(Map<String, String> placeholders, String logicalId, String machine) {
            String name = placeholders.get(logicalId);
            if (name == null) {
                throw new IllegalStateException(machine + " refers to " + logicalId + ", which has no placeholder"
                        + " name: add its kind to GeneratedDefinitions.placeholders");
            }
            return name;
        }
    }

    /** Top-level members first in this order; every state's members in {@link #STATE_ORDER}; others after them. */
    private static final List<String> TOP_ORDER = List.of("Comment", "QueryLanguage", "StartAt", "States");
    private static final List<String> STATE_ORDER = List.of("Type", "Comment", "QueryLanguage", "Resource",
            "Parameters", "Arguments", "InputPath", "ItemsPath", "Items", "ItemSelector", "ItemReader",
            "ItemBatcher", "MaxConcurrency", "MaxConcurrencyPath", "ItemProcessor", "Iterator", "Branches",
            "ResultSelector", "ResultPath", "ResultWriter", "OutputPath", "Output", "Assign", "TimeoutSeconds",
            "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Seconds", "SecondsPath", "Timestamp",
            "TimestampPath", "Choices", "Default", "Error", "ErrorPath", "Cause", "CausePath", "Retry", "Catch",
            "Next", "End");

    /**
     * Two-space indentation, one member or element per line, "\n" line ends, a final newline; members in the order
     * a person reads a state (type, what it calls, data flow, timing, errors, where next), not CDK's.
     */
    static String render(String definition) {
        try {
            JsonNode tree = ordered(JSON.readTree(definition), TOP_ORDER);
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            return JSON.writer(printer).writeValueAsString(tree) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a state machine (or branch, or iterator) object with its states' members in reading order. */
    private static JsonNode ordered(JsonNode machine, List<String> order) {
        ObjectNode copy = reordered(machine, order);
        JsonNode states = copy.get("States");
        if (states != null && states.isObject()) {
            ObjectNode orderedStates = JSON.createObjectNode();
            states.fields().forEachRemaining(state -> {
                ObjectNode s = reordered(state.getValue(), STATE_ORDER);
                if (s.get("Branches") instanceof ArrayNode branches) {
                    ArrayNode orderedBranches = JSON.createArrayNode();
                    branches.forEach(branch -> orderedBranches.add(ordered(branch, TOP_ORDER)));
                    s.set("Branches", orderedBranches);
                }
                for (String program : List.of("ItemProcessor", "Iterator")) {
                    if (s.get(program) instanceof ObjectNode inner) {
                        s.set(program, ordered(inner, TOP_ORDER));
                    }
                }
                orderedStates.set(state.getKey(), s);
            });
            copy.set("States", orderedStates);
        }
        return copy;
    }

    private static ObjectNode reordered(JsonNode object, List<String> order) {
        ObjectNode copy = JSON.createObjectNode();
        for (String name : order) {
            if (object.has(name)) {
                copy.set(name, object.get(name));
            }
        }
        object.fields().forEachRemaining(field -> {
            if (!copy.has(field.getKey())) {
                copy.set(field.getKey(), field.getValue());
            }
        });
        return copy;
    }
}
