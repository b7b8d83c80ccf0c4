package dev.countersign.core;

import java.util.function.Function;

/** Message text shared by the enums' {@code fromWire} errors. */
final class WireNames {
    private WireNames() {
    }

    static String show(String wire) {
        if (wire == null) {
            return "null";
        }
        String shown = wire.length() > 40 ? wire.substring(0, 40) + "…" : wire;
        return '"' + shown + '"';
    }

    static <E> String list(E[] values, Function<E, String> wireName) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : i == values.length - 1 ? " or " : ", ").append(wireName.apply(values[i]));
        }
        return text.toString();
    }
}
