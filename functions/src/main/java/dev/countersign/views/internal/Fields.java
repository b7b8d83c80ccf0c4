package dev.countersign.views.internal;

import java.util.List;

/** Constructor checks of the view records: each failure names the field, the problem and what to pass instead. */
public final class Fields {

    private Fields() {
    }

    /** {@code value}, or an exception naming {@code field} and saying what to pass. */
    public static <T> T required(T value, String field, String whatToPass) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing: pass " + whatToPass);
        }
        return value;
    }

    /** A non-blank string, or an exception naming {@code field}. */
    public static String text(String value, String field, String whatToPass) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is " + (value == null ? "missing" : "blank") + ": pass "
                    + whatToPass);
        }
        return value;
    }

    /** An immutable copy; {@code null} becomes the empty list, a {@code null} element is refused by index. */
    public static <T> List<T> list(List<T> values, String field) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException(field + "[" + i + "] is null: leave it out of the list instead");
            }
        }
        return List.copyOf(values);
    }

    /** A level number of the escalation chain (1 = first approvers). */
    public static int level(int level, String field) {
        if (level < 1) {
            throw new IllegalArgumentException(field + " is " + level + ": levels start at 1 (the first approvers)");
        }
        return level;
    }
}
