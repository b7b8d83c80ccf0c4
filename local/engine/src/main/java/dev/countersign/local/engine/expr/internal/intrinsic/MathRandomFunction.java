package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * States.MathRandom(start, end[, seed]): a random integer from start (inclusive) to end (exclusive); the same seed
 * always gives the same number. Non-integers are rounded to the nearest integer, as Step Functions does.
 */
final class MathRandomFunction extends IntrinsicFunction {
    MathRandomFunction() {
        super("States.MathRandom", 2, 3);
    }

    @Override
    public String signature() {
        return "States.MathRandom(start, end[, seed])";
    }

    @Override
    public List<String> checkLiterals(List<Argument> arguments) {
        List<String> problems = new ArrayList<>();
        String[] roles = {"the start (first argument)", "the end (second argument)", "the seed (third argument)"};
        for (int i = 0; i < arguments.size(); i++) {
            String problem = Values.literalKindProblem(arguments.get(i), roles[i], "number");
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    @Override
    public JsonNode apply(List<JsonNode> arguments, ParsedCall call) {
        int start = Values.roundedInteger(arguments, 0, "the start (first argument)");
        int end = Values.roundedInteger(arguments, 1, "the end (second argument)");
        Integer seed = arguments.size() == 3 ? Values.roundedInteger(arguments, 2, "the seed (third argument)") : null;
        return JsonText.NODES.numberNode(random(start, end, seed));
    }

    static int random(int start, int end, Integer seed) {
        if (start >= end) {
            throw new IntrinsicArgumentException("the start (" + start + ") must be less than the end (" + end
                    + "): the end is exclusive");
        }
        Random source = seed == null ? ThreadLocalRandom.current() : new Random(seed);
        return (int) (start + (long) (source.nextDouble() * ((long) end - start)));
    }
}
