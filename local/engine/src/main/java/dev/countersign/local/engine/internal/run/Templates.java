package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.Jsonata;
import dev.countersign.local.engine.expr.PayloadTemplates;
import dev.countersign.local.engine.expr.Scope;
import dev.countersign.local.engine.internal.Json;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled templates and conditions. JSONPath payload templates and JSONata object templates are keyed by the
 * identity of their node in a parsed definition (parsed definitions are cached per revision, so each compiles once);
 * JSONata strings are keyed by their text and field.
 */
final class Templates {
    private static final int LIMIT = 16_384;
    private static final Map<JsonNode, PayloadTemplates.Template> PAYLOADS =
            Collections.synchronizedMap(new IdentityHashMap<>());
    private static final Map<JsonNode, Jsonata.Template> JSONATA_NODES =
            Collections.synchronizedMap(new IdentityHashMap<>());
    private static final Map<String, Jsonata.Template> JSONATA_TEXTS = new ConcurrentHashMap<>();
    private static final Map<String, Jsonata.Condition> CONDITIONS = new ConcurrentHashMap<>();

    private Templates() {
    }

    static JsonNode apply(JsonNode template, Scope scope) {
        PayloadTemplates.Template compiled = PAYLOADS.get(template);
        if (compiled == null) {
            compiled = PayloadTemplates.compile(template);
            bound(PAYLOADS);
            PAYLOADS.put(template, compiled);
        }
        return compiled.apply(scope);
    }

    /** Evaluates a JSONata template (an object, array or {@code {% %}} string) filling {@code field}. */
    static JsonNode jsonata(JsonNode template, String field, Scope scope) {
        Jsonata.Template compiled;
        if (template.isTextual()) {
            String key = field + "\u0000" + template.asText();
            compiled = JSONATA_TEXTS.get(key);
            if (compiled == null) {
                compiled = Jsonata.compile(template, field);
                bound(JSONATA_TEXTS);
                JSONATA_TEXTS.put(key, compiled);
            }
        } else {
            compiled = JSONATA_NODES.get(template);
            if (compiled == null) {
                compiled = Jsonata.compile(template, field);
                bound(JSONATA_NODES);
                JSONATA_NODES.put(template, compiled);
            }
        }
        return compiled.evaluate(scope);
    }

    static JsonNode jsonata(String expression, String field, Scope scope) {
        return jsonata(Json.NODES.textNode(expression), field, scope);
    }

    static boolean condition(String expression, String field, Scope scope) {
        String key = field + "\u0000" + expression;
        Jsonata.Condition compiled = CONDITIONS.get(key);
        if (compiled == null) {
            compiled = Jsonata.compileCondition(expression, field);
            bound(CONDITIONS);
            CONDITIONS.put(key, compiled);
        }
        return compiled.test(scope);
    }

    private static void bound(Map<?, ?> cache) {
        if (cache.size() >= LIMIT) {
            cache.clear();
        }
    }
}
