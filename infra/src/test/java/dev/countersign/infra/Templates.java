package dev.countersign.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Plain-map views of a synthesised template, for assertions that Match cannot express. */
final class Templates {
    private Templates() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(Template template) {
        Map<String, Object> json = (Map<String, Object>) (Map<?, ?>) template.toJSON();
        Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
        ((Map<String, Object>) json.get("Resources")).forEach((id, r) -> resources.put(id, (Map<String, Object>) r));
        return resources;
    }

    static Map<String, Map<String, Object>> ofType(Map<String, Map<String, Object>> resources, String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources.forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                found.put(id, r);
            }
        });
        return found;
    }

    static Map<String, Object> only(Map<String, Map<String, Object>> resources, String type) {
        return resources.get(onlyId(resources, type));
    }

    static String onlyId(Map<String, Map<String, Object>> resources, String type) {
        Map<String, Map<String, Object>> found = ofType(resources, type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + ", found " + found.keySet());
        }
        return found.keySet().iterator().next();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    static Map<String, Object> function(Map<String, Map<String, Object>> resources, String handler) {
        return resources.get(functionId(resources, handler));
    }

    static String functionId(Map<String, Map<String, Object>> resources, String handler) {
        for (var entry : ofType(resources, "AWS::Lambda::Function").entrySet()) {
            if (handler.equals(properties(entry.getValue()).get("Handler"))) {
                return entry.getKey();
            }
        }
        throw new AssertionError("no function with handler " + handler);
    }

    static Map<String, Object> stateMachine(Map<String, Map<String, Object>> resources, String name) {
        return resources.get(stateMachineId(resources, name));
    }

    static String stateMachineId(Map<String, Map<String, Object>> resources, String name) {
        for (var entry : ofType(resources, "AWS::StepFunctions::StateMachine").entrySet()) {
            if (name.equals(properties(entry.getValue()).get("StateMachineName"))) {
                return entry.getKey();
            }
        }
        throw new AssertionError("no state machine named " + name);
    }

    /** A key schema as ["pk=HASH", "sk=RANGE"]. */
    static List<String> keys(Object keySchema) {
        List<String> keys = new ArrayList<>();
        for (Object element : (List<?>) keySchema) {
            Map<?, ?> key = (Map<?, ?>) element;
            keys.add(key.get("AttributeName") + "=" + key.get("KeyType"));
        }
        return keys;
    }

    /** An IAM Action (one string or a list) as a list. */
    static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
