package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.PayloadTemplates;
import dev.countersign.local.engine.expr.Scope;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Compiled JSONPath payload templates, keyed by the identity of the template node in a parsed definition (parsed
 * definitions are cached per revision, so each template compiles once).
 */
final class Templates {
    private static final int LIMIT = 16_384;
    private static final Map<JsonNode, PayloadTemplates.Template> COMPILED =
            Collections.synchronizedMap(new IdentityHashMap<>());

    private Templates() {
    }

    static JsonNode apply(JsonNode template, Scope scope) {
        PayloadTemplates.Template compiled = COMPILED.get(template);
        if (compiled == null) {
            compiled = PayloadTemplates.compile(template);
            if (COMPILED.size() >= LIMIT) {
                COMPILED.clear();
            }
            COMPILED.put(template, compiled);
        }
        return compiled.apply(scope);
    }
}
