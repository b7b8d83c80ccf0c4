package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.ArrayList;
import java.util.List;
import java.util.StringTokenizer;

/**
 * States.StringSplit(text, delimiters): the pieces between any of the delimiter characters, empty pieces dropped
 * ("This.is+a,test=string" split by ".+,=" gives five words).
 */
final class StringSplitFunction extends IntrinsicFunction {
    StringSplitFunction() {
        super("States.StringSplit", 2, 2);
    }

    @Override
    public String signature() {
        return "States.StringSplit(text, delimiters)";
    }

    @Override
    public List<String> checkLiterals(List<Argument> arguments) {
        List<String> problems = new ArrayList<>();
        String text = Values.literalKindProblem(arguments.get(0), "the text (first argument)", "string");
        if (text != null) {
            problems.add(text);
        }
        String delimiters = Values.literalKindProblem(arguments.get(1), "the delimiters (second argument)", "string");
        if (delimiters != null) {
            problems.add(delimiters);
        }
        return problems;
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        String text = Values.string(arguments, 0, "the text (first argument)");
        String delimiters = Values.string(arguments, 1, "the delimiters (second argument)");
        ArrayNode pieces = JsonText.NODES.arrayNode();
        StringTokenizer tokens = new StringTokenizer(text, delimiters);
        while (tokens.hasMoreTokens()) {
            pieces.add(tokens.nextToken());
        }
        return pieces;
    }
}
