package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** States.Base64Encode(text): the Base64 (RFC 4648) encoding of the text's UTF-8 bytes; at most 10 000 characters. */
final class Base64EncodeFunction extends IntrinsicFunction {
    Base64EncodeFunction() {
        super("States.Base64Encode", 1, 1);
    }

    @Override
    public String signature() {
        return "States.Base64Encode(text)";
    }

    @Override
    public List<String> checkLiterals(List<Argument> arguments) {
        String problem = Values.literalKindProblem(arguments.get(0), "the argument", "string");
        return problem == null ? List.of() : List.of(problem);
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        String text = Values.string(arguments, 0, "the argument");
        Values.limitLength(text, "the text to encode");
        return JsonText.NODES.textNode(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }
}
