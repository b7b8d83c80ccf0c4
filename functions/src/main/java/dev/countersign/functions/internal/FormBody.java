package dev.countersign.functions.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body. When a field is given twice the first value counts, so a
 * crafted body cannot make different readers see different values. {@link #toString()} never shows values.
 */
public final class FormBody {
    /** Fields beyond this many are ignored (the review form has a handful). */
    static final int MAX_FIELDS = 200;

    private final Map<String, String> fields;

    private FormBody(Map<String, String> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    public static FormBody parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return new FormBody(fields);
        }
        for (String pair : body.split("&", MAX_FIELDS + 1)) {
            if (pair.isEmpty() || fields.size() >= MAX_FIELDS) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name != null && value != null) {
                fields.putIfAbsent(name, value);
            }
        }
        return new FormBody(fields);
    }

    /** The field's first value, or null. */
    public String get(String name) {
        return fields.get(name);
    }

    /** Names of fields that start with {@code prefix}. */
    public long countWithPrefix(String prefix) {
        return fields.keySet().stream().filter(n -> n.startsWith(prefix)).count();
    }

    /** Fields whose names start with {@code prefix}, the prefix cut off, in the order they came. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> found = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                found.put(name.substring(prefix.length()), value);
            }
        });
        return found;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "FormBody" + fields.keySet();
    }
}
