package dev.countersign.infra;

import java.util.Locale;
import java.util.Map;

/**
 * Reads one CDK context value of {@link CountersignConfig}: a string, a whole number in a range, or a boolean — each
 * refused, naming the key and an example, when it is something else.
 */
final class ContextValues {
    private ContextValues() {
    }

    static String text(Map<String, ?> context, String key) {
        Object value = context.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new ConfigException(key, "is a " + value.getClass().getSimpleName() + ", not a string",
                    CountersignConfig.example(key));
        }
        String stripped = text.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    static int number(Map<String, ?> context, String key, int fallback, int min, int max) {
        Object value = context.get(key);
        if (value == null) {
            return fallback;
        }
        long number;
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            number = n.longValue();
        } else if (value instanceof String text && text.strip().matches("-?[0-9]{1,10}")) {
            number = Long.parseLong(text.strip());
        } else {
            throw new ConfigException(key, "'" + value + "' is not a whole number", CountersignConfig.example(key));
        }
        if (number < min || number > max) {
            throw new ConfigException(key, number + " is outside " + min + " to " + max, CountersignConfig.example(key));
        }
        return (int) number;
    }

    static boolean bool(Map<String, ?> context, String key, boolean fallback) {
        Object value = context.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, "'" + value + "' is not true or false", CountersignConfig.example(key));
        };
    }
}
