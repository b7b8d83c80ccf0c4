package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** States.Base64Decode(base64): the UTF-8 text a Base64 string encodes; at most 10 000 characters of input. */
final class Base64DecodeFunction extends IntrinsicFunction {
    Base64DecodeFunction() {
        super("States.Base64Decode", 1, 1);
    }

    @Override
    public String signature() {
        return "States.Base64Decode(base64)";
    }

    @Override
    public List<String> checkLiterals(List<Argument> arguments) {
        String problem = Values.literalKindProblem(arguments.get(0), "the argument", "string");
        return problem == null ? List.of() : List.of(problem);
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        String encoded = Values.string(arguments, 0, "the argument");
        Values.limitLength(encoded, "the Base64 text to decode");
        byte[] bytes;
        try {
            // MIME-style line breaks are tolerated; anything else outside the alphabet is an error
            bytes = Base64.getDecoder().decode(encoded.replace("\r", "").replace("\n", ""));
        } catch (IllegalArgumentException e) {
            throw new IntrinsicArgumentException("the argument is not valid Base64: " + e.getMessage());
        }
        try {
            return JsonText.NODES.textNode(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            throw new IntrinsicArgumentException("the decoded bytes are not UTF-8 text");
        }
    }
}
