package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** States.Format(template, values...): each {} of the template takes the next value. */
final class FormatFunction extends IntrinsicFunction {
    FormatFunction() {
        super("States.Format", 1, Integer.MAX_VALUE);
    }

    @Override
    public String signature() {
        return "States.Format(template, value...)";
    }

    @Override
    public List<String> checkLiterals(List<Argument> arguments) {
        Argument template = arguments.get(0);
        String kind = Values.literalKindProblem(template, "the template (first argument)", "string");
        if (kind != null) {
            return List.of(kind);
        }
        if (template instanceof Argument.StringLiteral literal
                && literal.placeholders().length != arguments.size() - 1) {
            return List.of(mismatch(literal.placeholders().length, arguments.size() - 1));
        }
        return List.of();
    }

    private static String mismatch(int placeholders, int values) {
        return "the template has " + placeholders + " placeholder" + (placeholders == 1 ? "" : "s")
                + " '{}' but " + values + " value" + (values == 1 ? " follows" : "s follow")
                + " it; pass exactly one value per '{}' (write \\{ or \\} for a literal brace)";
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        String template = Values.string(arguments, 0, "the template (first argument)");
        int[] placeholders = call.arguments().get(0) instanceof Argument.StringLiteral literal
                ? literal.placeholders() : placeholdersOf(template);
        if (placeholders.length != arguments.size() - 1) {
            throw new IntrinsicArgumentException(mismatch(placeholders.length, arguments.size() - 1));
        }
        StringBuilder out = new StringBuilder(template.length() + 16 * placeholders.length);
        int from = 0;
        for (int i = 0; i < placeholders.length; i++) {
            out.append(template, from, placeholders[i]);
            render(arguments.get(i + 1), out);
            from = placeholders[i] + 2;
        }
        out.append(template, from, template.length());
        return JsonText.NODES.textNode(out.toString());
    }

    private static int[] placeholdersOf(String template) {
        List<Integer> offsets = new ArrayList<>();
        int at = template.indexOf("{}");
        while (at >= 0) {
            offsets.add(at);
            at = template.indexOf("{}", at + 2);
        }
        return offsets.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Strings as they are, scalars as JSON, arrays as [a, b] and objects as {k=v} — how Step Functions prints. */
    static void render(JsonNode value, StringBuilder out) {
        if (value.isTextual()) {
            out.append(value.textValue());
        } else if (value.isArray()) {
            out.append('[');
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                render(value.get(i), out);
            }
            out.append(']');
        } else if (value.isObject()) {
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            boolean first = true;
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!first) {
                    out.append(", ");
                }
                first = false;
                out.append(field.getKey()).append('=');
                render(field.getValue(), out);
            }
            out.append('}');
        } else {
            out.append(JsonText.compact(value));
        }
    }
}
