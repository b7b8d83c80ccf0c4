package dev.countersign.local.engine.expr.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.expr.IntrinsicFunctions;
import dev.countersign.local.engine.expr.JsonPaths;
import dev.countersign.local.engine.expr.PayloadTemplates;
import dev.countersign.local.engine.expr.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a payload template into a tree of nodes that build the payload without re-reading the template. */
public final class PayloadTemplateCompiler {
    private static final String DYNAMIC_SUFFIX = ".$";

    private PayloadTemplateCompiler() {
    }

    public static PayloadTemplates.Template compile(JsonNode template) {
        Node root = node(template);
        return new CompiledTemplate(template, root);
    }

    private record CompiledTemplate(JsonNode source, Node root) implements PayloadTemplates.Template {
        @Override
        public JsonNode apply(Scope scope) {
            return root.build(scope);
        }
    }

    /** One part of a template. */
    private sealed interface Node permits Constant, ObjectTemplate, ArrayTemplate, PathValue, IntrinsicValue {
        JsonNode build(Scope scope);
    }

    /** A part with no dynamic field, copied so that no execution can alter the definition's own tree. */
    private record Constant(JsonNode value) implements Node {
        @Override
        public JsonNode build(Scope scope) {
            return value.isContainerNode() ? value.deepCopy() : value;
        }
    }

    private record Field(String name, Node value) {
    }

    private record ObjectTemplate(Field[] fields) implements Node {
        @Override
        public JsonNode build(Scope scope) {
            ObjectNode out = JsonText.NODES.objectNode();
            for (Field field : fields) {
                out.set(field.name(), field.value().build(scope));
            }
            return out;
        }
    }

    private record ArrayTemplate(Node[] items) implements Node {
        @Override
        public JsonNode build(Scope scope) {
            ArrayNode out = JsonText.NODES.arrayNode(items.length);
            for (Node item : items) {
                out.add(item.build(scope));
            }
            return out;
        }
    }

    private record PathValue(String field, JsonPaths.Path path) implements Node {
        @Override
        public JsonNode build(Scope scope) {
            Optional<JsonNode> value = path.read(scope);
            if (value.isPresent()) {
                return value.get();
            }
            throw StatesError.RUNTIME.failure(notFoundCause(field, path, scope));
        }
    }

    private record IntrinsicValue(String field, IntrinsicFunctions.Call call) implements Node {
        @Override
        public JsonNode build(Scope scope) {
            return call.evaluate(scope);
        }
    }

    /** The cause Step Functions gives when a {@code .$} field's path selects nothing. */
    static String notFoundCause(String field, JsonPaths.Path path, Scope scope) {
        String key = field + DYNAMIC_SUFFIX;
        return switch (path.root()) {
            case INPUT -> "The JSONPath '" + path.text() + "' specified for the field '" + key
                    + "' could not be found in the input '" + JsonText.forCause(scope.input()) + "'";
            case CONTEXT -> "The JSONPath '" + path.text() + "' specified for the field '" + key
                    + "' could not be found in the context object '" + JsonText.forCause(scope.context()) + "'";
            case VARIABLE -> {
                JsonNode variable = scope.variables() == null ? null : scope.variables().get(path.variable());
                if (variable == null) {
                    yield "The variable '$" + path.variable() + "' referenced by the field '" + key
                            + "' has not been assigned";
                }
                yield "The JSONPath '" + path.text() + "' specified for the field '" + key
                        + "' could not be found in the variable '$" + path.variable() + "' whose value is '"
                        + JsonText.forCause(variable) + "'";
            }
        };
    }

    private static Node node(JsonNode template) {
        if (template.isObject()) {
            List<Field> fields = new ArrayList<>();
            boolean dynamic = false;
            Iterator<Map.Entry<String, JsonNode>> entries = template.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                String key = entry.getKey();
                if (key.endsWith(DYNAMIC_SUFFIX) && key.length() > DYNAMIC_SUFFIX.length()) {
                    String name = key.substring(0, key.length() - DYNAMIC_SUFFIX.length());
                    fields.add(new Field(name, dynamicValue(name, entry.getValue().asText())));
                    dynamic = true;
                } else {
                    Node child = node(entry.getValue());
                    dynamic |= !(child instanceof Constant);
                    fields.add(new Field(key, child));
                }
            }
            return dynamic ? new ObjectTemplate(fields.toArray(new Field[0])) : new Constant(template);
        }
        if (template.isArray()) {
            Node[] items = new Node[template.size()];
            boolean dynamic = false;
            for (int i = 0; i < items.length; i++) {
                items[i] = node(template.get(i));
                dynamic |= !(items[i] instanceof Constant);
            }
            return dynamic ? new ArrayTemplate(items) : new Constant(template);
        }
        return new Constant(template);
    }

    private static Node dynamicValue(String field, String expression) {
        if (expression.startsWith("$")) {
            return new PathValue(field, JsonPaths.compile(expression));
        }
        return new IntrinsicValue(field, IntrinsicFunctions.compile(expression));
    }

    public static void check(JsonNode template, String location, List<DefinitionProblem> problems) {
        if (template == null) {
            problems.add(new DefinitionProblem(location, "a payload template is required, but the value is null"));
            return;
        }
        if (template.isObject()) {
            Map<String, String> seen = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> entries = template.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                String key = entry.getKey();
                String here = JsonText.childLocation(location, key);
                boolean dynamic = key.endsWith(DYNAMIC_SUFFIX);
                String name = dynamic ? key.substring(0, key.length() - DYNAMIC_SUFFIX.length()) : key;
                String earlier = seen.putIfAbsent(name, key);
                if (earlier != null) {
                    problems.add(new DefinitionProblem(here, "the field '" + name + "' is given twice (as '" + earlier
                            + "' and as '" + key + "'); keep only one of them"));
                }
                if (dynamic) {
                    if (name.isEmpty()) {
                        problems.add(new DefinitionProblem(here, "a field name must come before '.$'"));
                    }
                    checkDynamicValue(entry.getValue(), here, key, problems);
                } else {
                    check(entry.getValue(), here, problems);
                }
            }
        } else if (template.isArray()) {
            for (int i = 0; i < template.size(); i++) {
                check(template.get(i), location + "[" + i + "]", problems);
            }
        }
    }

    private static void checkDynamicValue(JsonNode value, String location, String key,
                                          List<DefinitionProblem> problems) {
        if (!value.isTextual()) {
            problems.add(new DefinitionProblem(location, "the value of '" + key + "' must be a string holding a Path "
                    + "or an intrinsic function call, but it is " + JsonText.typeOf(value)
                    + "; drop '.$' from the name to use the value as it is"));
            return;
        }
        String expression = value.asText();
        if (expression.startsWith("$")) {
            for (String problem : JsonPaths.checkPath(expression)) {
                problems.add(new DefinitionProblem(location, problem));
            }
        } else if (IntrinsicFunctions.isCall(expression)) {
            for (String problem : IntrinsicFunctions.check(expression)) {
                problems.add(new DefinitionProblem(location, problem));
            }
        } else {
            problems.add(new DefinitionProblem(location, "'" + expression + "' is neither a Path nor an intrinsic "
                    + "function call: the value of a field whose name ends in '.$' must start with '$' (a Path) or "
                    + "'States.' (an intrinsic function); drop '.$' from the name to use the text as it is"));
        }
    }
}
