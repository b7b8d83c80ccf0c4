package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.ArrayList;
import java.util.List;

/** States.ArrayPartition(array, chunkSize): consecutive chunks; the last may be shorter. */
final class ArrayPartitionFunction extends IntrinsicFunction {
    ArrayPartitionFunction() {
        super("States.ArrayPartition", 2, 2);
    }

    @Override
    public String signature() {
        return "States.ArrayPartition(array, chunkSize)";
    }

    @Override
    public List<String> checkLiterals(List<Argument> arguments) {
        List<String> problems = new ArrayList<>();
        String array = Values.literalKindProblem(arguments.get(0), "the array (first argument)", "array");
        if (array != null) {
            problems.add(array);
        }
        String size = Values.literalKindProblem(arguments.get(1), "the chunk size (second argument)", "integer");
        if (size != null) {
            problems.add(size);
        } else if (arguments.get(1) instanceof Argument.Literal literal && literal.value().asLong() <= 0) {
            problems.add("the chunk size (second argument) must be a positive integer, but it is "
                    + literal.text());
        }
        return problems;
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        JsonNode array = Values.array(arguments, 0, "the array (first argument)");
        int size = Values.integer(arguments, 1, "the chunk size (second argument)");
        return partition(array, size);
    }

    static ArrayNode partition(JsonNode array, int size) {
        if (size <= 0) {
            throw new IntrinsicArgumentException("the chunk size must be a positive integer, but it is " + size);
        }
        ArrayNode chunks = JsonText.NODES.arrayNode((array.size() + size - 1) / size);
        ArrayNode chunk = null;
        for (int i = 0; i < array.size(); i++) {
            if (i % size == 0) {
                chunk = chunks.addArray();
            }
            chunk.add(array.get(i));
        }
        return chunks;
    }
}
