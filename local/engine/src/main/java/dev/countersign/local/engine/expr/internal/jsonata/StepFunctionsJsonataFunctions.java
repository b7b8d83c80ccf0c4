package dev.countersign.local.engine.expr.internal.jsonata;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.JFunction;
import com.dashjoin.jsonata.Utils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.internal.intrinsic.IntrinsicArgumentException;
import dev.countersign.local.engine.expr.internal.intrinsic.IntrinsicOperations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The functions Step Functions adds to JSONata — $partition, $range, $hash, $random (with an optional seed), $uuid,
 * $parse — sharing their rules with the intrinsic functions; and $eval, which Step Functions removes.
 */
final class StepFunctionsJsonataFunctions {
    /** Bound into every evaluation; stateless and shared. */
    static final Map<String, JFunction> ALL;

    static {
        Map<String, JFunction> all = new LinkedHashMap<>();
        all.put("partition", function("partition", StepFunctionsJsonataFunctions::partition));
        all.put("range", function("range", StepFunctionsJsonataFunctions::range));
        all.put("hash", function("hash", StepFunctionsJsonataFunctions::hash));
        all.put("random", function("random", StepFunctionsJsonataFunctions::random));
        all.put("uuid", function("uuid", StepFunctionsJsonataFunctions::uuid));
        all.put("parse", function("parse", StepFunctionsJsonataFunctions::parse));
        all.put("eval", function("eval", arguments -> {
            throw new JsonataFunctionException("$eval is not available in Step Functions: use $parse to read JSON "
                    + "text");
        }));
        ALL = Collections.unmodifiableMap(all);
    }

    private StepFunctionsJsonataFunctions() {
    }

    /** A bad argument to one of these functions; reported as States.QueryEvaluationError. */
    static final class JsonataFunctionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JsonataFunctionException(String message) {
            super(message, null, false, false);
        }
    }

    private static JFunction function(String name, Jsonata.FnVarArgs<Object> body) {
        Jsonata.FnVarArgs<Object> guarded = arguments -> {
            try {
                return body.apply(arguments);
            } catch (IntrinsicArgumentException e) {
                throw new JsonataFunctionException("$" + name + ": " + e.getMessage());
            }
        };
        return Jsonata.function(name, guarded, null);
    }

    private static Object partition(List<?> arguments) {
        expectCount("partition", arguments, 2, 2);
        Object array = arguments.get(0);
        List<?> items = array instanceof List<?> list ? list : array == null ? List.of() : List.of(array);
        if (items.isEmpty()) {
            throw new JsonataFunctionException("$partition: the array is empty; there is nothing to partition");
        }
        long size = integer("partition", "the chunk size (second argument)", arguments.get(1));
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new JsonataFunctionException("$partition: the chunk size must be a positive integer, but it is "
                    + size);
        }
        return JsonataValues.toJava(IntrinsicOperations.partition(JsonataValues.toJson(items), (int) size));
    }

    private static Object range(List<?> arguments) {
        expectCount("range", arguments, 3, 3);
        long start = integer("range", "the start (first argument)", arguments.get(0));
        long end = integer("range", "the end (second argument)", arguments.get(1));
        long step = integer("range", "the step (third argument)", arguments.get(2));
        // A sequence, not an array: JSONata then gives a one-number range as the number, as Step Functions does.
        List<Object> sequence = Utils.createSequence();
        sequence.addAll((List<?>) JsonataValues.toJava(IntrinsicOperations.range(start, end, step)));
        return sequence;
    }

    private static Object hash(List<?> arguments) {
        expectCount("hash", arguments, 2, 2);
        String data = string("hash", "the data (first argument)", arguments.get(0));
        String algorithm = string("hash", "the algorithm (second argument)", arguments.get(1));
        return IntrinsicOperations.hash(data, algorithm);
    }

    private static Object random(List<?> arguments) {
        expectCount("random", arguments, 0, 1);
        if (arguments.isEmpty() || arguments.get(0) == null) {
            return ThreadLocalRandom.current().nextDouble();
        }
        long seed = integer("random", "the seed", arguments.get(0));
        return new Random(seed).nextDouble();
    }

    private static Object uuid(List<?> arguments) {
        expectCount("uuid", arguments, 0, 0);
        return IntrinsicOperations.uuid();
    }

    private static Object parse(List<?> arguments) {
        expectCount("parse", arguments, 1, 1);
        String text = string("parse", "the argument", arguments.get(0));
        if (text.isBlank()) {
            throw new JsonataFunctionException("$parse: the string is empty, which is not valid JSON");
        }
        JsonNode parsed = IntrinsicOperations.parseJson(text);
        return JsonataValues.toJava(parsed);
    }

    private static void expectCount(String name, List<?> arguments, int min, int max) {
        int count = countGiven(arguments);
        if (count < min || count > max) {
            String expected = min == max ? Integer.toString(min) : min + " to " + max;
            throw new JsonataFunctionException("$" + name + " takes " + expected + " argument"
                    + (max == 1 ? "" : "s") + ", but " + count + (count == 1 ? " was" : " were") + " given");
        }
    }

    /** Trailing undefined arguments count as not given. */
    private static int countGiven(List<?> arguments) {
        int count = arguments.size();
        while (count > 0 && arguments.get(count - 1) == null) {
            count--;
        }
        return count;
    }

    private static long integer(String name, String role, Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Long.MAX_VALUE) {
                return (long) d;
            }
        }
        throw new JsonataFunctionException("$" + name + ": " + role + " must be an integer, but it is "
                + describe(value));
    }

    private static String string(String name, String role, Object value) {
        if (value instanceof String text) {
            return text;
        }
        throw new JsonataFunctionException("$" + name + ": " + role + " must be a string, but it is "
                + describe(value));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "undefined or null";
        }
        if (value instanceof List<?> list) {
            return "an array (" + new ArrayList<>(list) + ")";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof String text) {
            return "a string (\"" + text + "\")";
        }
        if (value instanceof Number) {
            return "a number (" + value + ")";
        }
        if (value instanceof Boolean) {
            return "a boolean (" + value + ")";
        }
        return "a function";
    }
}
