package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** States.Hash(text, algorithm): the lowercase hex digest of the text's UTF-8 bytes; at most 10 000 characters. */
final class HashFunction extends IntrinsicFunction {
    /** The algorithms Step Functions offers, by the names it uses. */
    static final List<String> ALGORITHMS = List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    HashFunction() {
        super("States.Hash", 2, 2);
    }

    @Override
    public String signature() {
        return "States.Hash(text, algorithm)";
    }

    @Override
    public List<String> checkLiterals(List<Argument> arguments) {
        String data = Values.literalKindProblem(arguments.get(0), "the data (first argument)", "string");
        if (data != null) {
            return List.of(data);
        }
        if (arguments.get(1) instanceof Argument.StringLiteral literal
                && !ALGORITHMS.contains(literal.value().textValue())) {
            return List.of(unknown(literal.value().textValue()));
        }
        String algorithm = Values.literalKindProblem(arguments.get(1), "the algorithm (second argument)", "string");
        return algorithm == null ? List.of() : List.of(algorithm);
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        String data = Values.string(arguments, 0, "the data (first argument)");
        String algorithm = Values.string(arguments, 1, "the algorithm (second argument)");
        return JsonText.NODES.textNode(hash(data, algorithm));
    }

    static String hash(String data, String algorithm) {
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IntrinsicArgumentException(unknown(algorithm));
        }
        Values.limitLength(data, "the data to hash");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks the standard digest " + algorithm, e);
        }
    }

    private static String unknown(String algorithm) {
        return "'" + algorithm + "' is not a hash algorithm Step Functions offers; use one of "
                + String.join(", ", ALGORITHMS);
    }
}
