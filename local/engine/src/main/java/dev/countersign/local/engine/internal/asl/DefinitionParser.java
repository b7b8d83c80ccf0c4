package dev.countersign.local.engine.internal.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.expr.ChoiceRules;
import dev.countersign.local.engine.expr.IntrinsicFunctions;
import dev.countersign.local.engine.expr.JsonPaths;
import dev.countersign.local.engine.expr.Jsonata;
import dev.countersign.local.engine.expr.PayloadTemplates;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Parses a definition into typed states and validates it, collecting every problem (not just the first) with the
 * JSON path of the offending field and what to do about it.
 */
public final class DefinitionParser {
    private static final JsonMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** AWS's upper bound for TimeoutSeconds, IntervalSeconds, MaxAttempts, Wait Seconds. */
    static final long MAX_SECONDS = 99_999_999L;
    /** AWS's upper bound for MaxDelaySeconds (one year and a day). */
    static final long MAX_DELAY_SECONDS = 31_622_400L;
    private static final int MAX_STATE_NAME_LENGTH = 80;

    private static final Set<String> TYPES = Set.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel",
            "Map");
    private static final Set<String> JSONPATH_ONLY = Set.of("InputPath", "OutputPath", "ResultPath", "Parameters",
            "ResultSelector", "Result", "ItemsPath", "MaxConcurrencyPath", "ToleratedFailurePercentagePath",
            "ToleratedFailureCountPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath",
            "TimeoutSecondsPath", "HeartbeatSecondsPath", "Iterator");
    private static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items");
    /** Distributed Map fields that need Amazon S3, which the local engine does not have. */
    private static final Map<String, String> S3_FIELDS = Map.of(
            "ItemReader", "ItemReader reads the items from Amazon S3, which the local engine does not have: pass the"
                    + " items in the state input instead (ItemsPath, or Items in JSONata)",
            "ResultWriter", "ResultWriter writes the results to Amazon S3, which the local engine does not have:"
                    + " remove it (the Map's result is then its output)");
    private static final Set<String> DISTRIBUTED_ONLY = Set.of("ItemBatcher", "Label");
    private static final int MAX_LABEL_LENGTH = 40;
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", Set.of("Next", "End", "Assign", "InputPath", "OutputPath", "ResultPath", "Parameters", "Result",
                    "Output"),
            "Task", Set.of("Next", "End", "Resource", "Retry", "Catch", "TimeoutSeconds", "HeartbeatSeconds",
                    "Assign", "Credentials", "InputPath", "OutputPath", "ResultPath", "Parameters",
                    "ResultSelector", "TimeoutSecondsPath", "HeartbeatSecondsPath", "Arguments", "Output"),
            "Choice", Set.of("Choices", "Default", "Assign", "InputPath", "OutputPath", "Output"),
            "Wait", Set.of("Next", "End", "Seconds", "Timestamp", "SecondsPath", "TimestampPath", "Assign",
                    "InputPath", "OutputPath", "Output"),
            "Succeed", Set.of("InputPath", "OutputPath", "Output"),
            "Fail", Set.of("Error", "Cause", "ErrorPath", "CausePath"),
            "Parallel", Set.of("Next", "End", "Branches", "Retry", "Catch", "Assign", "InputPath", "OutputPath",
                    "ResultPath", "Parameters", "ResultSelector", "Arguments", "Output"),
            "Map", Set.of("Next", "End", "ItemProcessor", "Iterator", "ItemSelector", "MaxConcurrency",
                    "ToleratedFailurePercentage", "ToleratedFailureCount", "Retry", "Catch", "Assign",
                    "ItemReader", "ResultWriter", "ItemBatcher", "Label", "InputPath", "OutputPath", "ResultPath",
                    "Parameters", "ResultSelector", "ItemsPath", "MaxConcurrencyPath",
                    "ToleratedFailurePercentagePath", "ToleratedFailureCountPath", "Items", "Output"));
    private static final Set<String> COMMON_FIELDS = Set.of("Type", "Comment", "QueryLanguage");

    private final ResourceCatalog catalog;

    public DefinitionParser(ResourceCatalog catalog) {
        this.catalog = catalog;
    }

    /** A parse: the definition when there are no problems, else null. */
    public record Result(StateMachineDefinition definition, List<DefinitionProblem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public Result parse(String text) {
        return new Run(text).parse();
    }

    /** One parse: the problems found so far and the programs built. */
    private final class Run {
        private final String text;
        private final List<DefinitionProblem> problems = new ArrayList<>();
        private final List<Program> programs = new ArrayList<>();
        private QueryLanguage topLanguage = QueryLanguage.JSONPATH;

        Run(String text) {
            this.text = text;
        }

        Result parse() {
            if (text == null || text.isBlank()) {
                problem("$", "the definition is empty: give an Amazon States Language JSON object with StartAt and"
                        + " States");
                return new Result(null, problems);
            }
            JsonNode root;
            try {
                root = STRICT_JSON.readTree(text);
            } catch (JsonProcessingException e) {
                problem("$", "the definition is not valid JSON: " + e.getOriginalMessage() + " (line "
                        + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
                return new Result(null, problems);
            }
            if (root == null || !root.isObject()) {
                problem("$", "the definition must be a JSON object with StartAt and States");
                return new Result(null, problems);
            }
            allowOnly(root, "$", Set.of("Comment", "StartAt", "States", "TimeoutSeconds", "Version",
                    "QueryLanguage"), "the top level of a definition");
            optionalString(root, "Comment", "$");
            optionalString(root, "Version", "$");
            JsonNode language = root.get("QueryLanguage");
            if (language != null) {
                QueryLanguage parsed = language.isTextual() ? QueryLanguage.fromAsl(language.asText()) : null;
                if (parsed == null) {
                    problem("$.QueryLanguage", "must be \"JSONPath\" or \"JSONata\"; got " + language);
                } else {
                    topLanguage = parsed;
                }
            }
            Integer timeout = null;
            if (root.has("TimeoutSeconds")) {
                timeout = integer(root.get("TimeoutSeconds"), "$.TimeoutSeconds", 1, MAX_SECONDS);
            }
            Program program = program(root, "$", Set.of());
            if (!problems.isEmpty() || program == null) {
                return new Result(null, problems);
            }
            return new Result(new StateMachineDefinition(text, topLanguage, timeout, programs), problems);
        }

        // ---- programs ---------------------------------------------------------------------------------------------

        private Program program(JsonNode node, String location, Set<String> extraFields) {
            int id = programs.size();
            programs.add(null);
            if (!location.equals("$")) {
                Set<String> allowed = new LinkedHashSet<>(List.of("StartAt", "States", "Comment"));
                allowed.addAll(extraFields);
                allowOnly(node, location, allowed, "a branch or ItemProcessor");
            }
            JsonNode startAt = node.get("StartAt");
            JsonNode statesNode = node.get("States");
            if (startAt == null) {
                problem(location, "StartAt is missing: name the state to start with");
            } else if (!startAt.isTextual()) {
                problem(location + ".StartAt", "must be a state name (a string)");
            }
            Map<String, State> states = new LinkedHashMap<>();
            if (statesNode == null) {
                problem(location, "States is missing: add an object of named states");
            } else if (!statesNode.isObject() || statesNode.isEmpty()) {
                problem(location + ".States", "must be a non-empty object of named states");
            } else {
                for (Map.Entry<String, JsonNode> entry : statesNode.properties()) {
                    State state = state(entry.getKey(), entry.getValue(),
                            location + ".States" + key(entry.getKey()));
                    if (state != null) {
                        states.put(entry.getKey(), state);
                    }
                }
            }
            if (startAt != null && startAt.isTextual() && statesNode != null && statesNode.isObject()
                    && !statesNode.has(startAt.asText())) {
                problem(location + ".StartAt", "names \"" + startAt.asText() + "\", which is not a state here:"
                        + " use one of " + names(statesNode));
            }
            if (statesNode != null && statesNode.isObject() && startAt != null && startAt.isTextual()) {
                checkTransitions(statesNode, states, location, startAt.asText());
            }
            Program program = new Program(id, location, startAt == null ? null : startAt.asText(), states);
            programs.set(id, program);
            return program;
        }

        private void checkTransitions(JsonNode statesNode, Map<String, State> states, String location,
                                      String startAt) {
            for (State state : states.values()) {
                String stateLocation = location + ".States" + key(state.name());
                List<String> targets = state.successors();
                for (String target : targets) {
                    if (target != null && !statesNode.has(target)) {
                        problem(stateLocation, "moves to \"" + target + "\", which is not a state in this "
                                + (location.equals("$") ? "state machine" : "branch")
                                + " (a transition cannot leave its branch): use one of " + names(statesNode));
                    }
                }
            }
            if (!statesNode.has(startAt)) {
                return;
            }
            Set<String> reached = new LinkedHashSet<>();
            Deque<String> queue = new ArrayDeque<>(List.of(startAt));
            while (!queue.isEmpty()) {
                String name = queue.poll();
                if (!reached.add(name)) {
                    continue;
                }
                State state = states.get(name);
                if (state != null) {
                    state.successors().stream().filter(statesNode::has).forEach(queue::add);
                }
            }
            for (Iterator<String> it = statesNode.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!reached.contains(name) && states.containsKey(name)) {
                    problem(location + ".States" + key(name), "is not reachable from StartAt \"" + startAt
                            + "\": remove it or make a state move to it");
                }
            }
        }

        // ---- states -----------------------------------------------------------------------------------------------

        private State state(String name, JsonNode node, String location) {
            if (name.isEmpty() || name.length() > MAX_STATE_NAME_LENGTH) {
                problem(location, "a state name must be 1 to " + MAX_STATE_NAME_LENGTH + " characters long");
            }
            if (!node.isObject()) {
                problem(location, "must be a JSON object with a Type");
                return null;
            }
            JsonNode typeNode = node.get("Type");
            if (typeNode == null) {
                problem(location, "Type is missing: use one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map");
                return null;
            }
            String type = typeNode.asText();
            if (!typeNode.isTextual() || !TYPES.contains(type)) {
                problem(location + ".Type", "unknown state type " + typeNode + ": use one of Pass, Task, Choice,"
                        + " Wait, Succeed, Fail, Parallel, Map");
                return null;
            }
            optionalString(node, "Comment", location);
            QueryLanguage language = topLanguage;
            JsonNode languageNode = node.get("QueryLanguage");
            if (languageNode != null) {
                QueryLanguage parsed = languageNode.isTextual() ? QueryLanguage.fromAsl(languageNode.asText()) : null;
                if (parsed == null) {
                    problem(location + ".QueryLanguage", "must be \"JSONPath\" or \"JSONata\"; got " + languageNode);
                } else if (parsed == QueryLanguage.JSONPATH && topLanguage == QueryLanguage.JSONATA) {
                    problem(location + ".QueryLanguage", "a state cannot use JSONPath when the state machine's"
                            + " QueryLanguage is JSONata: remove it, or set the top-level QueryLanguage to JSONPath"
                            + " and opt single states into JSONata");
                } else {
                    language = parsed;
                }
            }
            checkFields(node, location, type, language);
            StateCommonBuilder common = new StateCommonBuilder(name, type, location, language);
            common.transition(node, type);
            common.paths(node);
            common.outputAndAssign(node);
            return switch (type) {
                case "Pass" -> pass(node, common);
                case "Task" -> task(node, common);
                case "Choice" -> choice(node, common);
                case "Wait" -> waitState(node, common);
                case "Succeed" -> new SucceedState(common.build());
                case "Fail" -> fail(node, common);
                case "Parallel" -> parallel(node, common);
                case "Map" -> map(node, common);
                default -> throw new IllegalStateException(type);
            };
        }

        private void checkFields(JsonNode node, String location, String type, QueryLanguage language) {
            Set<String> allowed = FIELDS.get(type);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (COMMON_FIELDS.contains(field)) {
                    continue;
                }
                if (S3_FIELDS.containsKey(field) && type.equals("Map")) {
                    problem(location + "." + field, S3_FIELDS.get(field));
                } else if (!allowed.contains(field)) {
                    problem(location + "." + field, "\"" + field + "\" is not a field of a " + type
                            + " state: remove it (allowed: " + String.join(", ", sortedFor(allowed, language)) + ")");
                } else if (language == QueryLanguage.JSONATA && JSONPATH_ONLY.contains(field)) {
                    problem(location + "." + field, "\"" + field + "\" is a JSONPath field but this state uses"
                            + " JSONata: " + jsonataReplacement(field));
                } else if (language == QueryLanguage.JSONPATH && JSONATA_ONLY.contains(field)) {
                    problem(location + "." + field, "\"" + field + "\" is a JSONata field but this state uses"
                            + " JSONPath: " + jsonPathReplacement(field));
                }
            }
        }

        private List<String> sortedFor(Set<String> allowed, QueryLanguage language) {
            Set<String> excluded = language == QueryLanguage.JSONATA ? JSONPATH_ONLY : JSONATA_ONLY;
            List<String> names = new ArrayList<>();
            allowed.stream().filter(f -> !excluded.contains(f) && !S3_FIELDS.containsKey(f)).sorted()
                    .forEach(names::add);
            names.addAll(0, List.of("Type", "Comment", "QueryLanguage"));
            return names;
        }

        private String jsonataReplacement(String field) {
            return switch (field) {
                case "Parameters" -> "use Arguments (with {% %} expressions) instead";
                case "InputPath", "ResultSelector", "ResultPath", "OutputPath", "Result" ->
                        "use Output (and Arguments) with {% %} expressions instead";
                case "ItemsPath" -> "use Items instead";
                case "Iterator" -> "use ItemProcessor instead";
                default -> "give the value as a {% %} expression in the field without \"Path\", or set"
                        + " \"QueryLanguage\": \"JSONPath\" on the state";
            };
        }

        private String jsonPathReplacement(String field) {
            return switch (field) {
                case "Arguments" -> "use Parameters instead, or set \"QueryLanguage\": \"JSONata\" on the state";
                case "Output" -> "use ResultSelector/ResultPath/OutputPath instead, or set \"QueryLanguage\":"
                        + " \"JSONata\" on the state";
                default -> "use ItemsPath instead, or set \"QueryLanguage\": \"JSONata\" on the state";
            };
        }

        private final class StateCommonBuilder {
            final String name;
            final String type;
            final String location;
            final QueryLanguage language;
            String next;
            boolean end;
            OptionalPath inputPath = OptionalPath.DEFAULT;
            OptionalPath outputPath = OptionalPath.DEFAULT;
            ValueTemplate output;
            ValueTemplate assign;

            StateCommonBuilder(String name, String type, String location, QueryLanguage language) {
                this.name = name;
                this.type = type;
                this.location = location;
                this.language = language;
            }

            void transition(JsonNode node, String type) {
                JsonNode nextNode = node.get("Next");
                JsonNode endNode = node.get("End");
                boolean terminal = type.equals("Succeed") || type.equals("Fail") || type.equals("Choice");
                if (terminal) {
                    return;
                }
                if (nextNode != null && !nextNode.isTextual()) {
                    problem(location + ".Next", "must be a state name (a string)");
                }
                if (endNode != null && !endNode.isBoolean()) {
                    problem(location + ".End", "must be true or absent");
                }
                boolean hasEnd = endNode != null && endNode.asBoolean();
                if (nextNode != null && hasEnd) {
                    problem(location, "has both Next and \"End\": true: keep one");
                } else if (nextNode == null && !hasEnd) {
                    problem(location, "has no Next and is not End: add \"Next\": \"<state>\" or \"End\": true");
                }
                next = nextNode != null && nextNode.isTextual() ? nextNode.asText() : null;
                end = hasEnd && nextNode == null;
            }

            void paths(JsonNode node) {
                if (language == QueryLanguage.JSONPATH) {
                    inputPath = optionalPath(node, "InputPath", location);
                    outputPath = optionalPath(node, "OutputPath", location);
                }
            }

            void outputAndAssign(JsonNode node) {
                if (language == QueryLanguage.JSONATA && node.has("Output")) {
                    output = jsonata(node.get("Output"), location + ".Output", "Output");
                }
                if (node.has("Assign")) {
                    assign = assign(node.get("Assign"), location + ".Assign", language);
                }
            }

            State.StateCommon build() {
                return new State.StateCommon(name, type, location, language, next, end, inputPath, outputPath,
                        output, assign);
            }
        }

        // ---- each state type --------------------------------------------------------------------------------------

        private PassState pass(JsonNode node, StateCommonBuilder common) {
            ValueTemplate parameters = null;
            ResultPath resultPath = ResultPath.DEFAULT;
            if (common.language == QueryLanguage.JSONPATH) {
                parameters = payloadTemplate(node, "Parameters", common.location);
                resultPath = resultPath(node, common.location);
            }
            return new PassState(common.build(), parameters, node.get("Result"), resultPath);
        }

        private TaskState task(JsonNode node, StateCommonBuilder common) {
            String location = common.location;
            JsonNode resourceNode = node.get("Resource");
            TaskResource resource = null;
            if (resourceNode == null) {
                problem(location, "Resource is missing: give the ARN of what the task calls, e.g."
                        + " \"arn:aws:states:::lambda:invoke\"");
            } else if (!resourceNode.isTextual()) {
                problem(location + ".Resource", "must be an ARN (a string)");
            } else {
                resource = TaskResource.parse(resourceNode.asText());
            }
            ValueTemplate parameters;
            ValueTemplate resultSelector = null;
            ResultPath resultPath = ResultPath.DEFAULT;
            if (common.language == QueryLanguage.JSONPATH) {
                parameters = payloadTemplate(node, "Parameters", location);
                resultSelector = payloadTemplate(node, "ResultSelector", location);
                resultPath = resultPath(node, location);
            } else {
                parameters = optionalJsonata(node, "Arguments", location);
            }
            if (resource != null) {
                JsonNode written = node.get(common.language == QueryLanguage.JSONPATH ? "Parameters" : "Arguments");
                problems.addAll(catalog.check(resource, written, common.language, location));
            }
            DynamicValue timeout = seconds(node, "TimeoutSeconds", location, common.language, 1);
            DynamicValue heartbeat = seconds(node, "HeartbeatSeconds", location, common.language, 1);
            if (timeout != null && heartbeat != null && timeout.fixed() != null && heartbeat.fixed() != null
                    && heartbeat.fixed().asLong() >= timeout.fixed().asLong()) {
                problem(location + ".HeartbeatSeconds", "must be smaller than TimeoutSeconds ("
                        + timeout.fixed().asLong() + ")");
            }
            if (node.has("Credentials") && !node.get("Credentials").isObject()) {
                problem(location + ".Credentials", "must be an object (the local engine accepts and ignores it)");
            }
            return new TaskState(common.build(), resource, parameters, resultSelector, resultPath,
                    retriers(node, location), catchers(node, location, common.language), timeout, heartbeat);
        }

        private ChoiceState choice(JsonNode node, StateCommonBuilder common) {
            String location = common.location;
            List<ChoiceBranch> branches = new ArrayList<>();
            JsonNode choices = node.get("Choices");
            if (choices == null) {
                problem(location, "Choices is missing: add an array of choice rules");
            } else if (!choices.isArray() || choices.isEmpty()) {
                problem(location + ".Choices", "must be a non-empty array of choice rules");
            } else {
                for (int i = 0; i < choices.size(); i++) {
                    ChoiceBranch branch = choiceBranch(choices.get(i), location + ".Choices[" + i + "]",
                            common.language);
                    if (branch != null) {
                        branches.add(branch);
                    }
                }
            }
            String defaultNext = null;
            JsonNode defaultNode = node.get("Default");
            if (defaultNode != null) {
                if (defaultNode.isTextual()) {
                    defaultNext = defaultNode.asText();
                } else {
                    problem(location + ".Default", "must be a state name (a string)");
                }
            }
            return new ChoiceState(common.build(), branches, defaultNext);
        }

        private ChoiceBranch choiceBranch(JsonNode rule, String location, QueryLanguage language) {
            if (!rule.isObject()) {
                problem(location, "must be a choice rule object with Next");
                return null;
            }
            JsonNode nextNode = rule.get("Next");
            if (nextNode == null) {
                problem(location, "Next is missing: name the state to move to when this rule matches");
            } else if (!nextNode.isTextual()) {
                problem(location + ".Next", "must be a state name (a string)");
            }
            String next = nextNode != null && nextNode.isTextual() ? nextNode.asText() : null;
            ValueTemplate assign = rule.has("Assign") ? assign(rule.get("Assign"), location + ".Assign", language)
                    : null;
            if (language == QueryLanguage.JSONATA) {
                for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
                    String field = it.next();
                    if (!Set.of("Condition", "Next", "Assign", "Output", "Comment").contains(field)) {
                        problem(location + "." + field, "\"" + field + "\" is not a field of a JSONata choice rule:"
                                + " use Condition (a {% %} expression), Next, Assign, Output");
                    }
                }
                JsonNode condition = rule.get("Condition");
                Jsonata.Condition compiled = null;
                if (condition == null) {
                    problem(location, "Condition is missing: a JSONata choice rule needs \"Condition\":"
                            + " \"{% <boolean expression> %}\"");
                } else if (!condition.isBoolean() && !isJsonata(condition)) {
                    problem(location + ".Condition", "must be a JSONata expression \"{% ... %}\" (or true/false)");
                } else if (condition.isBoolean()) {
                    boolean fixed = condition.booleanValue();
                    compiled = scope -> fixed;
                } else if (checkJsonata(condition, location + ".Condition")) {
                    compiled = Jsonata.compileCondition(condition.asText(), "Condition");
                }
                ValueTemplate output = optionalJsonata(rule, "Output", location);
                return new ChoiceBranch(null, compiled, next, assign, output);
            }
            if (rule.has("Condition") || rule.has("Output")) {
                problem(location, "Condition and Output are JSONata fields but this state uses JSONPath: use a"
                        + " comparison operator with Variable, or set \"QueryLanguage\": \"JSONata\" on the state");
            }
            ObjectNode bare = ((ObjectNode) rule).deepCopy();
            bare.remove(List.of("Next", "Assign", "Comment"));
            List<DefinitionProblem> ruleProblems = ChoiceRules.check(bare, location);
            problems.addAll(ruleProblems);
            ChoiceRules.ChoiceRule parsed = ruleProblems.isEmpty() ? ChoiceRules.parse(bare) : null;
            return new ChoiceBranch(parsed, null, next, assign, null);
        }

        private WaitState waitState(JsonNode node, StateCommonBuilder common) {
            String location = common.location;
            List<String> given = new ArrayList<>();
            for (String field : List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath")) {
                if (node.has(field)) {
                    given.add(field);
                }
            }
            if (given.isEmpty()) {
                problem(location, "a Wait state needs exactly one of Seconds, Timestamp"
                        + (common.language == QueryLanguage.JSONPATH ? ", SecondsPath, TimestampPath" : ""));
            } else if (given.size() > 1) {
                problem(location, "has " + String.join(" and ", given) + ": a Wait state takes exactly one of them");
            }
            DynamicValue seconds = null;
            DynamicValue timestamp = null;
            if (node.has("Seconds") || node.has("SecondsPath")) {
                seconds = seconds(node, "Seconds", location, common.language, 0);
            }
            JsonNode ts = node.get("Timestamp");
            if (ts != null) {
                if (common.language == QueryLanguage.JSONATA && isJsonata(ts)) {
                    timestamp = jsonataValue(ts, location, "Timestamp");
                } else if (!ts.isTextual() || !isTimestamp(ts.asText())) {
                    problem(location + ".Timestamp", "must be an ISO 8601 timestamp with a time zone, e.g."
                            + " \"2026-03-14T01:59:00Z\"; got " + ts);
                } else {
                    timestamp = DynamicValue.fixed(ts);
                }
            }
            if (node.has("TimestampPath") && common.language == QueryLanguage.JSONPATH) {
                JsonPaths.Path path = pathString(node.get("TimestampPath"), location + ".TimestampPath");
                if (path != null) {
                    timestamp = DynamicValue.path(path);
                }
            }
            return new WaitState(common.build(), seconds, timestamp);
        }

        private FailState fail(JsonNode node, StateCommonBuilder common) {
            return new FailState(common.build(), failField(node, "Error", common), failField(node, "Cause", common));
        }

        private DynamicValue failField(JsonNode node, String field, StateCommonBuilder common) {
            String location = common.location;
            return dynamic(node, field, location, common.language, fixed -> {
                if (!fixed.isTextual()) {
                    problem(location + "." + field, "must be a string");
                    return null;
                }
                return DynamicValue.fixed(fixed);
            }, this::pathOrIntrinsic);
        }

        private ParallelState parallel(JsonNode node, StateCommonBuilder common) {
            String location = common.location;
            List<Program> branches = new ArrayList<>();
            JsonNode branchesNode = node.get("Branches");
            if (branchesNode == null) {
                problem(location, "Branches is missing: add an array of branches, each with StartAt and States");
            } else if (!branchesNode.isArray() || branchesNode.isEmpty()) {
                problem(location + ".Branches", "must be a non-empty array of branches, each with StartAt and"
                        + " States");
            } else {
                for (int i = 0; i < branchesNode.size(); i++) {
                    JsonNode branch = branchesNode.get(i);
                    String branchLocation = location + ".Branches[" + i + "]";
                    if (!branch.isObject()) {
                        problem(branchLocation, "must be an object with StartAt and States");
                    } else {
                        branches.add(program(branch, branchLocation, Set.of()));
                    }
                }
            }
            ValueTemplate parameters;
            ValueTemplate resultSelector = null;
            ResultPath resultPath = ResultPath.DEFAULT;
            if (common.language == QueryLanguage.JSONPATH) {
                parameters = payloadTemplate(node, "Parameters", location);
                resultSelector = payloadTemplate(node, "ResultSelector", location);
                resultPath = resultPath(node, location);
            } else {
                parameters = optionalJsonata(node, "Arguments", location);
            }
            return new ParallelState(common.build(), branches, parameters, resultSelector, resultPath,
                    retriers(node, location), catchers(node, location, common.language));
        }

        private MapState map(JsonNode node, StateCommonBuilder common) {
            String location = common.location;
            JsonNode processorNode = node.get("ItemProcessor");
            JsonNode iteratorNode = node.get("Iterator");
            Program processor = null;
            if (processorNode != null && iteratorNode != null) {
                problem(location, "has both ItemProcessor and Iterator: keep ItemProcessor (Iterator is its old"
                        + " name)");
            } else if (processorNode == null && iteratorNode == null) {
                problem(location, "ItemProcessor is missing: add an object with StartAt and States that runs for"
                        + " each item");
            }
            JsonNode chosen = processorNode != null ? processorNode : iteratorNode;
            String chosenLocation = location + (processorNode != null ? ".ItemProcessor" : ".Iterator");
            String executionType = null;
            if (chosen != null) {
                if (!chosen.isObject()) {
                    problem(chosenLocation, "must be an object with StartAt and States");
                } else {
                    // The legacy Iterator takes a ProcessorConfig too, as AWS accepts it.
                    executionType = processorConfig(chosen.get("ProcessorConfig"), chosenLocation
                            + ".ProcessorConfig");
                    processor = program(chosen, chosenLocation, Set.of("ProcessorConfig"));
                }
            }
            if (executionType == null) {
                for (String field : DISTRIBUTED_ONLY) {
                    if (node.has(field)) {
                        problem(location + "." + field, "\"" + field + "\" belongs to a Distributed Map: set"
                                + " \"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": \"STANDARD\"} in"
                                + " the ItemProcessor, or remove it");
                    }
                }
            }
            JsonPaths.Path itemsPath = OptionalPath.DEFAULT.path();
            ValueTemplate items = null;
            ValueTemplate itemSelector;
            ValueTemplate resultSelector = null;
            ResultPath resultPath = ResultPath.DEFAULT;
            if (common.language == QueryLanguage.JSONPATH) {
                if (node.has("ItemsPath")) {
                    itemsPath = pathString(node.get("ItemsPath"), location + ".ItemsPath");
                }
                if (node.has("ItemSelector") && node.has("Parameters")) {
                    problem(location, "has both ItemSelector and Parameters: keep ItemSelector (Parameters is its"
                            + " old name in a Map)");
                }
                itemSelector = payloadTemplate(node, node.has("ItemSelector") ? "ItemSelector" : "Parameters",
                        location);
                resultSelector = payloadTemplate(node, "ResultSelector", location);
                resultPath = resultPath(node, location);
            } else {
                JsonNode itemsNode = node.get("Items");
                if (itemsNode != null && !itemsNode.isArray() && !isJsonata(itemsNode)) {
                    problem(location + ".Items", "must be an array or a JSONata expression \"{% ... %}\"");
                } else {
                    items = optionalJsonata(node, "Items", location);
                }
                itemSelector = optionalJsonata(node, "ItemSelector", location);
            }
            DynamicValue maxConcurrency = nonNegative(node, "MaxConcurrency", location, common.language, false);
            DynamicValue percentage = nonNegative(node, "ToleratedFailurePercentage", location, common.language,
                    true);
            DynamicValue count = nonNegative(node, "ToleratedFailureCount", location, common.language, false);
            DistributedRun distributed = executionType == null || chosen == null ? null
                    : new DistributedRun(executionType, label(node, location),
                    batcher(node.get("ItemBatcher"), location + ".ItemBatcher", common.language),
                    childDefinition(chosen));
            return new MapState(common.build(), processor, itemsPath, items, itemSelector, maxConcurrency, percentage,
                    count, resultSelector, resultPath, retriers(node, location),
                    catchers(node, location, common.language), distributed);
        }

        /** The Map Run label: up to 40 characters, none of those AWS forbids in names. */
        private String label(JsonNode node, String location) {
            JsonNode label = node.get("Label");
            if (label == null) {
                return null;
            }
            String text = label.isTextual() ? label.asText() : null;
            if (text == null || text.isEmpty() || text.length() > MAX_LABEL_LENGTH
                    || !text.chars().allMatch(c -> c > 0x1f && c != 0x7f && "<>{}[]?*\"#%\\^|~`$&,;:/ "
                    .indexOf(c) < 0)) {
                problem(location + ".Label", "must be 1 to " + MAX_LABEL_LENGTH + " characters without whitespace,"
                        + " brackets, wildcards or the characters \" # % \\ ^ | ~ ` $ & , ; : /; got " + label);
                return null;
            }
            return text;
        }

        /** ItemBatcher: MaxItemsPerBatch and/or MaxInputBytesPerBatch (or their Path forms), and BatchInput. */
        private DistributedRun.ItemBatcher batcher(JsonNode batcher, String location, QueryLanguage language) {
            if (batcher == null) {
                return null;
            }
            if (!batcher.isObject()) {
                problem(location, "must be an object with MaxItemsPerBatch and/or MaxInputBytesPerBatch");
                return null;
            }
            allowOnly(batcher, location, language == QueryLanguage.JSONPATH
                    ? Set.of("MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch",
                    "MaxInputBytesPerBatchPath", "BatchInput")
                    : Set.of("MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput"), "an ItemBatcher");
            DynamicValue items = nonNegative(batcher, "MaxItemsPerBatch", location, language, false);
            DynamicValue bytes = nonNegative(batcher, "MaxInputBytesPerBatch", location, language, false);
            if (items == null && bytes == null) {
                problem(location, "needs MaxItemsPerBatch or MaxInputBytesPerBatch (or their Path forms): how many"
                        + " items, or how many bytes of them, each child execution takes");
            }
            ValueTemplate batchInput = language == QueryLanguage.JSONPATH
                    ? payloadTemplate(batcher, "BatchInput", location) : optionalJsonata(batcher, "BatchInput",
                    location);
            return new DistributedRun.ItemBatcher(items, bytes, batchInput);
        }

        /** The ItemProcessor as a definition of its own, in this state machine's query language. */
        private String childDefinition(JsonNode processor) {
            ObjectNode child = JsonNodeFactory.instance.objectNode();
            child.put("QueryLanguage", topLanguage.aslName());
            child.set("StartAt", processor.get("StartAt"));
            child.set("States", processor.get("States"));
            return child.toString();
        }

        /** ProcessorConfig: the ExecutionType of a DISTRIBUTED Map, or null for an INLINE one. */
        private String processorConfig(JsonNode config, String location) {
            if (config == null) {
                return null;
            }
            if (!config.isObject()) {
                problem(location, "must be an object, e.g. {\"Mode\": \"INLINE\"}");
                return null;
            }
            allowOnly(config, location, Set.of("Mode", "ExecutionType"), "a ProcessorConfig");
            JsonNode mode = config.get("Mode");
            JsonNode executionType = config.get("ExecutionType");
            boolean distributed = mode != null && "DISTRIBUTED".equals(mode.asText());
            if (mode != null && !distributed && !"INLINE".equals(mode.asText())) {
                problem(location + ".Mode", "must be \"INLINE\" or \"DISTRIBUTED\"; got " + mode);
            }
            if (!distributed) {
                if (executionType != null) {
                    problem(location + ".ExecutionType", "ExecutionType belongs to a Distributed Map: set \"Mode\":"
                            + " \"DISTRIBUTED\", or remove it");
                }
                return null;
            }
            if (executionType == null || !Set.of("STANDARD", "EXPRESS").contains(executionType.asText())) {
                problem(location + ".ExecutionType", "a Distributed Map needs \"ExecutionType\": \"STANDARD\" or"
                        + " \"EXPRESS\" (how its child workflow executions run); got " + executionType);
                return null;
            }
            return executionType.asText();
        }

        // ---- Retry and Catch --------------------------------------------------------------------------------------

        /** Builds one element of Retry or Catch: the element, its location, and whether it is the last. */
        private interface ElementBuilder<T> {
            T build(JsonNode element, String at, boolean last);
        }

        /** The objects of an array field (Retry, Catch), each built; a missing field is an empty list. */
        private <T> List<T> elements(JsonNode node, String field, String location, String what,
                                     ElementBuilder<T> builder) {
            JsonNode array = node.get(field);
            List<T> built = new ArrayList<>();
            if (array == null) {
                return built;
            }
            if (!array.isArray()) {
                problem(location + "." + field, "must be an array of " + what + "s");
                return built;
            }
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                String at = location + "." + field + "[" + i + "]";
                if (!element.isObject()) {
                    problem(at, "must be a " + what + " object with ErrorEquals"
                            + (what.equals("catcher") ? " and Next" : ""));
                    continue;
                }
                built.add(builder.build(element, at, i == array.size() - 1));
            }
            return built;
        }

        private List<Retrier> retriers(JsonNode node, String location) {
            return elements(node, "Retry", location, "retrier", this::retrier);
        }

        private Retrier retrier(JsonNode element, String at, boolean last) {
            allowOnly(element, at, Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
                    "MaxDelaySeconds", "JitterStrategy", "Comment"), "a retrier");
            List<String> errors = errorEquals(element, at, last, "retrier");
            int interval = element.has("IntervalSeconds")
                    ? orDefault(integer(element.get("IntervalSeconds"), at + ".IntervalSeconds", 1, MAX_SECONDS), 1)
                    : 1;
            int attempts = element.has("MaxAttempts")
                    ? orDefault(integer(element.get("MaxAttempts"), at + ".MaxAttempts", 0, MAX_SECONDS), 3)
                    : 3;
            double backoff = 2.0;
            JsonNode backoffNode = element.get("BackoffRate");
            if (backoffNode != null) {
                if (!backoffNode.isNumber() || backoffNode.asDouble() < 1.0) {
                    problem(at + ".BackoffRate", "must be a number of at least 1.0; got " + backoffNode);
                } else {
                    backoff = backoffNode.asDouble();
                }
            }
            Integer maxDelay = element.has("MaxDelaySeconds")
                    ? integer(element.get("MaxDelaySeconds"), at + ".MaxDelaySeconds", 1, MAX_DELAY_SECONDS)
                    : null;
            boolean fullJitter = false;
            JsonNode jitter = element.get("JitterStrategy");
            if (jitter != null) {
                if (!jitter.isTextual() || !Set.of("FULL", "NONE").contains(jitter.asText())) {
                    problem(at + ".JitterStrategy", "must be \"FULL\" or \"NONE\"; got " + jitter);
                } else {
                    fullJitter = jitter.asText().equals("FULL");
                }
            }
            return new Retrier(errors, interval, attempts, backoff, maxDelay, fullJitter);
        }

        private List<Catcher> catchers(JsonNode node, String location, QueryLanguage language) {
            return elements(node, "Catch", location, "catcher", (element, at, last) -> catcher(element, at, last,
                    language));
        }

        private Catcher catcher(JsonNode element, String at, boolean last, QueryLanguage language) {
            Set<String> allowed = language == QueryLanguage.JSONPATH
                    ? Set.of("ErrorEquals", "Next", "ResultPath", "Assign", "Comment")
                    : Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment");
            for (Iterator<String> it = element.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!allowed.contains(field)) {
                    String hint = field.equals("ResultPath") ? ": this state uses JSONata, use Output"
                            : field.equals("Output") ? ": this state uses JSONPath, use ResultPath"
                            : ": remove it";
                    problem(at + "." + field, "\"" + field + "\" is not a field of a catcher here" + hint);
                }
            }
            List<String> errors = errorEquals(element, at, last, "catcher");
            JsonNode next = element.get("Next");
            if (next == null) {
                problem(at, "Next is missing: name the state to move to when this catcher matches");
            } else if (!next.isTextual()) {
                problem(at + ".Next", "must be a state name (a string)");
            }
            ResultPath resultPath = language == QueryLanguage.JSONPATH ? resultPath(element, at)
                    : ResultPath.DEFAULT;
            ValueTemplate output = language == QueryLanguage.JSONATA ? optionalJsonata(element, "Output", at)
                    : null;
            ValueTemplate assign = element.has("Assign")
                    ? assign(element.get("Assign"), at + ".Assign", language) : null;
            return new Catcher(errors, next != null && next.isTextual() ? next.asText() : null, resultPath,
                    output, assign);
        }

        private List<String> errorEquals(JsonNode element, String at, boolean last, String what) {
            JsonNode errorsNode = element.get("ErrorEquals");
            List<String> errors = new ArrayList<>();
            if (errorsNode == null) {
                problem(at, "ErrorEquals is missing: list the error names this " + what + " handles, e.g."
                        + " [\"States.ALL\"]");
                return errors;
            }
            if (!errorsNode.isArray() || errorsNode.isEmpty()) {
                problem(at + ".ErrorEquals", "must be a non-empty array of error names");
                return errors;
            }
            for (int j = 0; j < errorsNode.size(); j++) {
                JsonNode error = errorsNode.get(j);
                if (!error.isTextual()) {
                    problem(at + ".ErrorEquals[" + j + "]", "must be an error name (a string)");
                } else {
                    errors.add(error.asText());
                }
            }
            if (errors.contains(StatesError.ALL.errorName())) {
                if (errors.size() > 1) {
                    problem(at + ".ErrorEquals", "States.ALL must appear alone in ErrorEquals: remove the other"
                            + " names");
                }
                if (!last) {
                    problem(at + ".ErrorEquals", "a " + what + " with States.ALL must be the last one: move it to"
                            + " the end");
                }
            }
            return errors;
        }

        // ---- field helpers ----------------------------------------------------------------------------------------

        private ValueTemplate assign(JsonNode assign, String location, QueryLanguage language) {
            if (!assign.isObject()) {
                problem(location, "must be an object of variable names and values");
                return null;
            }
            if (language == QueryLanguage.JSONPATH) {
                List<DefinitionProblem> found = PayloadTemplates.checkAssign(assign, location);
                problems.addAll(found);
                return found.isEmpty() ? ValueTemplate.of(PayloadTemplates.compile(assign)) : null;
            }
            for (Iterator<String> it = assign.fieldNames(); it.hasNext(); ) {
                String variable = it.next();
                JsonPaths.checkVariableName(variable).forEach(message -> problem(location + key(variable), message));
            }
            return jsonata(assign, location, "Assign");
        }

        /** A JSONPath payload template, compiled; null when absent or when it has problems (noted). */
        private ValueTemplate payloadTemplate(JsonNode node, String field, String location) {
            JsonNode template = node.get(field);
            if (template == null) {
                return null;
            }
            List<DefinitionProblem> found = PayloadTemplates.check(template, location + "." + field);
            problems.addAll(found);
            return found.isEmpty() ? ValueTemplate.of(PayloadTemplates.compile(template)) : null;
        }

        /** A JSONata template that fills {@code field} (as causes name it), compiled; null when it has problems. */
        private ValueTemplate jsonata(JsonNode template, String location, String field) {
            return checkJsonata(template, location) ? ValueTemplate.of(Jsonata.compile(template, field)) : null;
        }

        private ValueTemplate optionalJsonata(JsonNode node, String field, String location) {
            JsonNode template = node.get(field);
            return template == null ? null : jsonata(template, location + "." + field, field);
        }

        private DynamicValue jsonataValue(JsonNode expression, String location, String field) {
            return checkJsonata(expression, location + "." + field)
                    ? DynamicValue.jsonata(Jsonata.compile(expression, field)) : null;
        }

        private boolean checkJsonata(JsonNode template, String location) {
            List<DefinitionProblem> found = Jsonata.check(template, location);
            problems.addAll(found);
            return found.isEmpty();
        }

        private OptionalPath optionalPath(JsonNode node, String field, String location) {
            return optional(node, field, location, OptionalPath.DEFAULT, OptionalPath.DISCARD, JsonPaths::checkPath,
                    text -> new OptionalPath(JsonPaths.compile(text)));
        }

        private ResultPath resultPath(JsonNode node, String location) {
            return optional(node, "ResultPath", location, ResultPath.DEFAULT, ResultPath.DISCARD,
                    JsonPaths::checkResultPath, text -> new ResultPath(JsonPaths.compileReference(text)));
        }

        /** InputPath, OutputPath or ResultPath: absent, null (discard) or a path that checks, compiled. */
        private <T> T optional(JsonNode node, String field, String location, T absent, T discard,
                               Function<String, List<String>> check, Function<String, T> compile) {
            JsonNode value = node.get(field);
            if (value == null) {
                return absent;
            }
            if (value.isNull()) {
                return discard;
            }
            if (!value.isTextual()) {
                problem(location + "." + field, "must be a JSONPath string (or null)");
                return absent;
            }
            List<String> found = check.apply(value.asText());
            found.forEach(message -> problem(location + "." + field, message));
            return found.isEmpty() ? compile.apply(value.asText()) : absent;
        }

        private JsonPaths.Path pathString(JsonNode value, String location) {
            if (!value.isTextual()) {
                problem(location, "must be a JSONPath string");
                return null;
            }
            List<String> found = JsonPaths.checkPath(value.asText());
            found.forEach(message -> problem(location, message));
            return found.isEmpty() ? JsonPaths.compile(value.asText()) : null;
        }

        private DynamicValue pathOrIntrinsic(JsonNode value, String location) {
            if (value.isTextual() && value.asText().startsWith("States.")) {
                List<String> found = IntrinsicFunctions.check(value.asText());
                found.forEach(message -> problem(location, message));
                return found.isEmpty() ? DynamicValue.call(IntrinsicFunctions.compile(value.asText())) : null;
            }
            return pathValue(value, location);
        }

        private DynamicValue pathValue(JsonNode value, String location) {
            JsonPaths.Path path = pathString(value, location);
            return path == null ? null : DynamicValue.path(path);
        }

        /** TimeoutSeconds / HeartbeatSeconds / Seconds with their Path forms and JSONata strings. */
        private DynamicValue seconds(JsonNode node, String field, String location, QueryLanguage language,
                                     int minimum) {
            return dynamic(node, field, location, language, fixed -> {
                Integer value = integer(fixed, location + "." + field, minimum, MAX_SECONDS);
                return value == null ? null : DynamicValue.fixed(JsonNodeFactory.instance.numberNode(value));
            }, this::pathValue);
        }

        private DynamicValue nonNegative(JsonNode node, String field, String location, QueryLanguage language,
                                         boolean percentage) {
            return dynamic(node, field, location, language, fixed -> {
                if (percentage) {
                    if (!fixed.isNumber() || fixed.asDouble() < 0 || fixed.asDouble() > 100) {
                        problem(location + "." + field, "must be a number from 0 to 100; got " + fixed);
                        return null;
                    }
                    return DynamicValue.fixed(fixed);
                }
                Integer value = integer(fixed, location + "." + field, 0, Integer.MAX_VALUE);
                return value == null ? null : DynamicValue.fixed(JsonNodeFactory.instance.numberNode(value));
            }, this::pathValue);
        }

        /**
         * A field with a Path form and a JSONata form: {@code literal} checks and keeps the fixed value,
         * {@code pathForm} the {@code <field>Path} value (at its location).
         */
        private DynamicValue dynamic(JsonNode node, String field, String location, QueryLanguage language,
                                     Function<JsonNode, DynamicValue> literal,
                                     BiFunction<JsonNode, String, DynamicValue> pathForm) {
            JsonNode fixed = node.get(field);
            JsonNode path = node.get(field + "Path");
            if (fixed != null && path != null) {
                problem(location, "has both " + field + " and " + field + "Path: keep one");
            }
            if (fixed != null) {
                if (language == QueryLanguage.JSONATA && isJsonata(fixed)) {
                    return jsonataValue(fixed, location, field);
                }
                return literal.apply(fixed);
            }
            if (path != null && language == QueryLanguage.JSONPATH) {
                return pathForm.apply(path, location + "." + field + "Path");
            }
            return null;
        }

        private Integer integer(JsonNode value, String location, long minimum, long maximum) {
            if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()
                    || value.asLong() < minimum || value.asLong() > maximum) {
                problem(location, "must be a whole number from " + minimum + " to " + maximum + "; got " + value);
                return null;
            }
            return (int) value.asLong();
        }

        private void optionalString(JsonNode node, String field, String location) {
            JsonNode value = node.get(field);
            if (value != null && !value.isTextual()) {
                problem(location + "." + field, "must be a string");
            }
        }

        private void allowOnly(JsonNode node, String location, Set<String> allowed, String what) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!allowed.contains(field)) {
                    problem(location + key(field), "\"" + field + "\" is not a field of " + what + ": remove it"
                            + " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            }
        }

        private void problem(String location, String message) {
            problems.add(new DefinitionProblem(location, message));
        }
    }

    // ---- static helpers ---------------------------------------------------------------------------------------

    /** True for a JSONata expression string {@code {% ... %}}. */
    public static boolean isJsonata(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return false;
        }
        String text = node.asText().trim();
        return text.startsWith("{%") && text.endsWith("%}") && text.length() >= 4;
    }

    static boolean isTimestamp(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static String names(JsonNode statesNode) {
        List<String> names = new ArrayList<>();
        statesNode.fieldNames().forEachRemaining(names::add);
        return names.size() > 10 ? String.join(", ", names.subList(0, 10)) + ", …" : String.join(", ", names);
    }

    /** A JSON path step for a field name: {@code .Name} or {@code ['odd name']}. */
    public static String key(String name) {
        if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return "." + name;
        }
        return "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

}
