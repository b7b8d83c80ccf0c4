package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.ArrayList;
import java.util.List;

/** States.ArrayRange(start, end, step): start, start+step, … up to and including end; at most 1000 items. */
final class ArrayRangeFunction extends IntrinsicFunction {
    /** Step Functions refuses to build a range of more items. */
    static final int MAX_ITEMS = 1000;

    ArrayRangeFunction() {
        super("States.ArrayRange", 3, 3);
    }

    @Override
    public String signature() {
        return "States.ArrayRange(start, end, step)";
    }

    @Override
    public List<String> checkLiterals(List<Argument> arguments) {
        List<String> problems = new ArrayList<>();
        String[] roles = {"the start (first argument)", "the end (second argument)", "the step (third argument)"};
        for (int i = 0; i < 3; i++) {
            String problem = Values.literalKindProblem(arguments.get(i), roles[i], "integer");
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (problems.isEmpty() && arguments.get(2) instanceof Argument.Literal step && step.value().asLong() == 0) {
            problems.add("the step (third argument) must not be 0");
        }
        if (problems.isEmpty() && arguments.stream().allMatch(a -> a instanceof Argument.Literal)) {
            long count = count(((Argument.Literal) arguments.get(0)).value().asLong(),
                    ((Argument.Literal) arguments.get(1)).value().asLong(),
                    ((Argument.Literal) arguments.get(2)).value().asLong());
            if (count > MAX_ITEMS) {
                problems.add(tooMany(count));
            }
        }
        return problems;
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        int start = Values.integer(arguments, 0, "the start (first argument)");
        int end = Values.integer(arguments, 1, "the end (second argument)");
        int step = Values.integer(arguments, 2, "the step (third argument)");
        return range(start, end, step);
    }

    static ArrayNode range(long start, long end, long step) {
        if (step == 0) {
            throw new IntrinsicArgumentException("the step must not be 0");
        }
        long count = count(start, end, step);
        if (count > MAX_ITEMS) {
            throw new IntrinsicArgumentException(tooMany(count));
        }
        ArrayNode out = JsonText.NODES.arrayNode((int) count);
        for (long i = 0, value = start; i < count; i++, value += step) {
            if (value == (int) value) {
                out.add((int) value);
            } else {
                out.add(value);
            }
        }
        return out;
    }

    private static long count(long start, long end, long step) {
        if (step == 0 || (step > 0 && start > end) || (step < 0 && start < end)) {
            return 0;
        }
        return (end - start) / step + 1;
    }

    private static String tooMany(long count) {
        return "the range would hold " + count + " items; Step Functions allows at most " + MAX_ITEMS
                + ": narrow the range or take a larger step";
    }
}
