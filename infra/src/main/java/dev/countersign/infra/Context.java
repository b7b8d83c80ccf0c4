package dev.countersign.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import software.constructs.Construct;

/** The CDK context a construct sees (cdk.json, cdk.context.json, {@code -c key=value}), as a plain map. */
final class Context {
    private Context() {
    }

    static Map<String, Object> of(Construct scope) {
        Object all = scope.getNode().getAllContext();
        Map<String, Object> context = new LinkedHashMap<>();
        if (all instanceof Map<?, ?> map) {
            map.forEach((key, value) -> context.put(String.valueOf(key), value));
        }
        return context;
    }
}
