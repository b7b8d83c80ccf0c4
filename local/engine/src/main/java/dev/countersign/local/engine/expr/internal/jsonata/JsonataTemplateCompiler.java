package dev.countersign.local.engine.expr.internal.jsonata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.expr.Jsonata;
import dev.countersign.local.engine.expr.Scope;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Turns a JSONata-language template (Arguments, Output, Assign, …) into nodes that build the value. */
public final class JsonataTemplateCompiler {
    private static final String OPEN = "{%";
    private static final String CLOSE = "%}";

    private JsonataTemplateCompiler() {
    }

    /** True for a string that is one whole expression: it starts with {% and ends with %}, no spaces around. */
    public static boolean isExpression(String text) {
        return text != null && text.length() >= OPEN.length() + CLOSE.length() && text.startsWith(OPEN)
                && text.endsWith(CLOSE);
    }

    /** The expression between the delimiters, trimmed. */
    public static String inner(String text) {
        return text.substring(OPEN.length(), text.length() - CLOSE.length()).strip();
    }

    public static Jsonata.Template compile(JsonNode template, String field) {
        List<DefinitionProblem> problems = new ArrayList<>();
        check(template, "$", problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid JSONata template: " + problems);
        }
        return new CompiledTemplate(template, field, node(template, field));
    }

    private record CompiledTemplate(JsonNode source, String field, Node root) implements Jsonata.Template {
        @Override
        public JsonNode evaluate(Scope scope) {
            return root.build(new JsonataExpression.Bindings(scope));
        }
    }

    private sealed interface Node permits Constant, ExpressionNode, ObjectTemplate, ArrayTemplate {
        JsonNode build(JsonataExpression.Bindings bindings);
    }

    /** A part without expressions, copied so that no execution can alter the definition's own tree. */
    private record Constant(JsonNode value) implements Node {
        @Override
        public JsonNode build(JsonataExpression.Bindings bindings) {
            return value.isContainerNode() ? value.deepCopy() : value;
        }
    }

    private record ExpressionNode(JsonataExpression expression, String field) implements Node {
        @Override
        public JsonNode build(JsonataExpression.Bindings bindings) {
            return expression.evaluate(bindings, field);
        }
    }

    private record Entry(String key, Node value) {
    }

    private record ObjectTemplate(Entry[] entries) implements Node {
        @Override
        public JsonNode build(JsonataExpression.Bindings bindings) {
            ObjectNode out = JsonText.NODES.objectNode();
            for (Entry entry : entries) {
                out.set(entry.key(), entry.value().build(bindings));
            }
            return out;
        }
    }

    private record ArrayTemplate(Node[] items) implements Node {
        @Override
        public JsonNode build(JsonataExpression.Bindings bindings) {
            ArrayNode out = JsonText.NODES.arrayNode(items.length);
            for (Node item : items) {
                out.add(item.build(bindings));
            }
            return out;
        }
    }

    private static Node node(JsonNode template, String field) {
        if (template.isTextual() && isExpression(template.textValue())) {
            return new ExpressionNode(JsonataExpression.parse(inner(template.textValue())), field);
        }
        if (template.isObject()) {
            List<Entry> entries = new ArrayList<>();
            boolean dynamic = false;
            Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> member = fields.next();
                String key = member.getKey();
                Node child = node(member.getValue(), field == null ? key : field + "/" + key);
                dynamic |= !(child instanceof Constant);
                entries.add(new Entry(key, child));
            }
            return dynamic ? new ObjectTemplate(entries.toArray(new Entry[0])) : new Constant(template);
        }
        if (template.isArray()) {
            Node[] items = new Node[template.size()];
            boolean dynamic = false;
            for (int i = 0; i < items.length; i++) {
                items[i] = node(template.get(i), (field == null ? "" : field) + "[" + i + "]");
                dynamic |= !(items[i] instanceof Constant);
            }
            return dynamic ? new ArrayTemplate(items) : new Constant(template);
        }
        return new Constant(template);
    }

    public static void check(JsonNode template, String location, List<DefinitionProblem> problems) {
        if (template == null) {
            return;
        }
        if (template.isTextual()) {
            String text = template.textValue();
            if (isExpression(text)) {
                for (String problem : JsonataExpression.check(inner(text))) {
                    problems.add(new DefinitionProblem(location, problem));
                }
            }
            // text with misplaced delimiters (" {% x %}", "{% x") is a plain string to Step Functions as well
        } else if (template.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                check(field.getValue(), JsonText.childLocation(location, field.getKey()), problems);
            }
        } else if (template.isArray()) {
            for (int i = 0; i < template.size(); i++) {
                check(template.get(i), location + "[" + i + "]", problems);
            }
        }
    }
}
