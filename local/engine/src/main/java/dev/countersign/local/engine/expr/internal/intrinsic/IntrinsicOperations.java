package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * The operations the intrinsic functions share with the JSONata functions Step Functions adds ($partition, $range,
 * $hash, $random, $uuid, $parse), so both languages behave alike. Bad input throws
 * {@link IntrinsicArgumentException}.
 */
public final class IntrinsicOperations {
    private IntrinsicOperations() {
    }

    public static JsonNode partition(JsonNode array, int size) {
        return ArrayPartitionFunction.partition(array, size);
    }

    public static JsonNode range(long start, long end, long step) {
        return ArrayRangeFunction.range(start, end, step);
    }

    public static String hash(String data, String algorithm) {
        return HashFunction.hash(data, algorithm);
    }

    public static int random(int start, int end, Integer seed) {
        return MathRandomFunction.random(start, end, seed);
    }

    public static JsonNode parseJson(String text) {
        return StringToJsonFunction.parse(text);
    }

    public static String uuid() {
        return UUID.randomUUID().toString();
    }
}
