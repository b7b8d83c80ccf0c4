package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.List;

/** States.StringToJson(text): the JSON value the text holds; blank text gives null, as Step Functions does. */
final class StringToJsonFunction extends IntrinsicFunction {
    private static final ObjectReader STRICT = JsonText.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    StringToJsonFunction() {
        super("States.StringToJson", 1, 1);
    }

    @Override
    public String signature() {
        return "States.StringToJson(jsonText)";
    }

    @Override
    public List<String> checkLiterals(List<Argument> arguments) {
        String problem = Values.literalKindProblem(arguments.get(0), "the argument", "string");
        return problem == null ? List.of() : List.of(problem);
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        return parse(Values.string(arguments, 0, "the argument"));
    }

    static JsonNode parse(String text) {
        if (text.isBlank()) {
            return JsonText.NODES.nullNode();
        }
        try {
            return STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IntrinsicArgumentException("the string is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
