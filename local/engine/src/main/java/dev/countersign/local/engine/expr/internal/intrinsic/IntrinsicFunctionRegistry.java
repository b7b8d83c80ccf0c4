package dev.countersign.local.engine.expr.internal.intrinsic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every intrinsic function by name, built once. */
public final class IntrinsicFunctionRegistry {
    private static final Map<String, IntrinsicFunction> BY_NAME;

    static {
        Map<String, IntrinsicFunction> byName = new LinkedHashMap<>();
        for (IntrinsicFunction function : new IntrinsicFunction[] {
                new FormatFunction(), new StringToJsonFunction(), new JsonToStringFunction(), new ArrayFunction(),
                new ArrayPartitionFunction(), new ArrayContainsFunction(), new ArrayRangeFunction(),
                new ArrayGetItemFunction(), new ArrayLengthFunction(), new ArrayUniqueFunction(),
                new Base64EncodeFunction(), new Base64DecodeFunction(), new HashFunction(), new JsonMergeFunction(),
                new MathRandomFunction(), new MathAddFunction(), new StringSplitFunction(), new UuidFunction()}) {
            byName.put(function.name(), function);
        }
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private IntrinsicFunctionRegistry() {
    }

    /** The function with this full name ({@code States.Format}), or null. */
    public static IntrinsicFunction find(String name) {
        return BY_NAME.get(name);
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
