package dev.countersign.local.engine.expr.internal.choice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.expr.ChoiceRules.ChoiceRule;
import dev.countersign.local.engine.expr.JsonPaths;
import dev.countersign.local.engine.expr.Scope;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Parses and checks JSONPath Choice rules. */
public final class ChoiceRuleCompiler {
    /** Fields a top-level rule may carry beside its test; the interpreter reads them. */
    private static final Set<String> TOP_LEVEL_FIELDS = Set.of("Next", "Comment", "Assign");

    private ChoiceRuleCompiler() {
    }

    public static ChoiceRule parse(JsonNode rule) {
        List<DefinitionProblem> problems = new ArrayList<>();
        check(rule, "$", true, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid choice rule: " + problems);
        }
        return build(rule);
    }

    private static ChoiceRule build(JsonNode rule) {
        if (rule.has("And")) {
            return new AllOf(children(rule.get("And")));
        }
        if (rule.has("Or")) {
            return new AnyOf(children(rule.get("Or")));
        }
        if (rule.has("Not")) {
            return new Negation(build(rule.get("Not")));
        }
        JsonPaths.Path variable = JsonPaths.compile(rule.get("Variable").textValue());
        Iterator<String> names = rule.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            ChoiceOperator literal = ChoiceOperators.literal(name);
            if (literal != null && literal.name().equals(TypeTests.IS_PRESENT)) {
                return new Presence(variable, rule.get(name).booleanValue());
            }
            if (literal != null) {
                return new LiteralComparison(name, variable, literal.bind(rule.get(name)));
            }
            ChoiceOperator pathForm = ChoiceOperators.pathForm(name);
            if (pathForm != null) {
                return new PathComparison(name, variable, pathForm, JsonPaths.compile(rule.get(name).textValue()));
            }
        }
        throw new IllegalStateException("a checked rule has no operator: " + rule);
    }

    private static ChoiceRule[] children(JsonNode rules) {
        ChoiceRule[] children = new ChoiceRule[rules.size()];
        for (int i = 0; i < children.length; i++) {
            children[i] = build(rules.get(i));
        }
        return children;
    }

    private static JsonNode variableValue(JsonPaths.Path variable, Scope scope) {
        Optional<JsonNode> value = variable.read(scope);
        if (value.isEmpty()) {
            throw StatesError.RUNTIME.failure("Invalid path '" + variable.text()
                    + "': The choice state's condition path references an invalid value.");
        }
        return value.get();
    }

    private record AllOf(ChoiceRule[] rules) implements ChoiceRule {
        @Override
        public boolean matches(Scope scope) {
            for (ChoiceRule rule : rules) {
                if (!rule.matches(scope)) {
                    return false;
                }
            }
            return true;
        }
    }

    private record AnyOf(ChoiceRule[] rules) implements ChoiceRule {
        @Override
        public boolean matches(Scope scope) {
            for (ChoiceRule rule : rules) {
                if (rule.matches(scope)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Negation(ChoiceRule rule) implements ChoiceRule {
        @Override
        public boolean matches(Scope scope) {
            return !rule.matches(scope);
        }
    }

    private record Presence(JsonPaths.Path variable, boolean expected) implements ChoiceRule {
        @Override
        public boolean matches(Scope scope) {
            return variable.read(scope).isPresent() == expected;
        }
    }

    private record LiteralComparison(String operator, JsonPaths.Path variable, Predicate<JsonNode> test)
            implements ChoiceRule {
        @Override
        public boolean matches(Scope scope) {
            return test.test(variableValue(variable, scope));
        }
    }

    private record PathComparison(String operator, JsonPaths.Path variable, ChoiceOperator comparison,
                                  JsonPaths.Path operand) implements ChoiceRule {
        @Override
        public boolean matches(Scope scope) {
            JsonNode value = variableValue(variable, scope);
            Optional<JsonNode> expected = operand.read(scope);
            if (expected.isEmpty()) {
                throw StatesError.RUNTIME.failure("Invalid path '" + operand.text()
                        + "': The choice state's comparison path references an invalid value.");
            }
            // an operand of the wrong type is a type mismatch, which Step Functions treats as no match
            return comparison.operandProblem(expected.get()) == null
                    && comparison.bind(expected.get()).test(value);
        }
    }

    public static void check(JsonNode rule, String location, boolean topLevel, List<DefinitionProblem> problems) {
        if (rule == null || !rule.isObject()) {
            problems.add(new DefinitionProblem(location, "a choice rule must be an object, but it is "
                    + JsonText.typeOf(rule)));
            return;
        }
        List<String> operators = new ArrayList<>();
        Iterator<String> names = rule.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (ChoiceOperators.names().contains(name)) {
                operators.add(name);
            } else if (name.equals("Variable") || name.equals("Comment")) {
                continue;
            } else if (TOP_LEVEL_FIELDS.contains(name)) {
                if (!topLevel) {
                    problems.add(new DefinitionProblem(JsonText.childLocation(location, name), "\"" + name
                            + "\" is only allowed in a top-level choice rule, not inside \"And\", \"Or\" or \"Not\""));
                }
            } else {
                problems.add(new DefinitionProblem(JsonText.childLocation(location, name),
                        "unknown choice rule field \"" + name + "\"" + suggestion(name)));
            }
        }
        if (operators.isEmpty()) {
            problems.add(new DefinitionProblem(location, "the choice rule has no operator: add a comparison such as "
                    + "\"StringEquals\" (with \"Variable\"), or \"And\", \"Or\" or \"Not\""));
            return;
        }
        if (operators.size() > 1) {
            problems.add(new DefinitionProblem(location, "the choice rule has " + operators.size() + " operators ("
                    + String.join(", ", operators) + "); a rule holds exactly one: combine tests with \"And\" or "
                    + "\"Or\""));
            return;
        }
        String operator = operators.get(0);
        JsonNode operand = rule.get(operator);
        String here = JsonText.childLocation(location, operator);
        switch (operator) {
            case "And", "Or" -> {
                if (rule.has("Variable")) {
                    problems.add(new DefinitionProblem(JsonText.childLocation(location, "Variable"),
                            "\"Variable\" is not allowed beside \"" + operator + "\": put it in the nested rules"));
                }
                if (!operand.isArray()) {
                    problems.add(new DefinitionProblem(here, "\"" + operator + "\" must be an array of choice rules, "
                            + "but it is " + JsonText.typeOf(operand)));
                } else if (operand.isEmpty()) {
                    problems.add(new DefinitionProblem(here, "\"" + operator + "\" must hold at least one choice rule"));
                } else {
                    for (int i = 0; i < operand.size(); i++) {
                        check(operand.get(i), here + "[" + i + "]", false, problems);
                    }
                }
            }
            case "Not" -> {
                if (rule.has("Variable")) {
                    problems.add(new DefinitionProblem(JsonText.childLocation(location, "Variable"),
                            "\"Variable\" is not allowed beside \"Not\": put it in the nested rule"));
                }
                check(operand, here, false, problems);
            }
            default -> checkComparison(rule, location, operator, operand, here, problems);
        }
    }

    private static void checkComparison(JsonNode rule, String location, String operator, JsonNode operand,
                                        String here, List<DefinitionProblem> problems) {
        JsonNode variable = rule.get("Variable");
        String variableLocation = JsonText.childLocation(location, "Variable");
        if (variable == null) {
            problems.add(new DefinitionProblem(location, "\"" + operator + "\" needs a \"Variable\": the Path of "
                    + "the value to test, such as \"$.decision.outcome\""));
        } else if (!variable.isTextual()) {
            problems.add(new DefinitionProblem(variableLocation, "\"Variable\" must be a Path string, but it is "
                    + JsonText.typeOf(variable)));
        } else {
            for (String problem : JsonPaths.checkPath(variable.textValue())) {
                problems.add(new DefinitionProblem(variableLocation, problem));
            }
        }
        ChoiceOperator literal = ChoiceOperators.literal(operator);
        if (literal != null) {
            String problem = literal.operandProblem(operand);
            if (problem != null) {
                problems.add(new DefinitionProblem(here, "\"" + operator + "\" " + problem + ", but the value is "
                        + describe(operand)));
            }
            return;
        }
        if (!operand.isTextual()) {
            problems.add(new DefinitionProblem(here, "\"" + operator + "\" needs a Path string, but the value is "
                    + describe(operand)));
            return;
        }
        for (String problem : JsonPaths.checkPath(operand.textValue())) {
            problems.add(new DefinitionProblem(here, problem));
        }
    }

    private static String describe(JsonNode value) {
        String text = JsonText.compact(value);
        return JsonText.typeOf(value) + " (" + (text.length() > 60 ? text.substring(0, 60) + "…" : text) + ")";
    }

    /** "; did you mean …?" for a near miss, else "". */
    private static String suggestion(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : ChoiceOperators.names()) {
            int distance = distance(name.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        if (best != null && bestDistance <= Math.max(2, name.length() / 4)) {
            return "; did you mean \"" + best + "\"?";
        }
        if (name.equals("Condition")) {
            return "; \"Condition\" belongs to JSONata states (set \"QueryLanguage\": \"JSONata\")";
        }
        return "; a rule holds \"Variable\" and one operator such as \"StringEquals\", or \"And\", \"Or\" or \"Not\"";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
