package dev.countersign.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Writes a tree as JSON text the way a careless sender might: random member order, random whitespace, random
 * {@code \}u escapes and a random spelling of each number ({@code 5}, {@code 5.0}, {@code 5e0}, {@code 50E-1}).
 * Every spelling means the same JSON value, so all must canonicalise to the same text.
 */
public final class JsonSpelling {
    private static final String[] WHITESPACE = {"", "", " ", "  ", "\n", "\t", "\r\n", " \n  "};

    private final Random random;
    private final StringBuilder out = new StringBuilder();

    private JsonSpelling(Random random) {
        this.random = random;
    }

    public static String spell(JsonNode node, Random random) {
        JsonSpelling spelling = new JsonSpelling(random);
        spelling.value(node);
        return spelling.out.toString();
    }

    private void ws() {
        out.append(WHITESPACE[random.nextInt(WHITESPACE.length)]);
    }

    private void value(JsonNode node) {
        ws();
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            Collections.shuffle(names, random);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                ws();
                string(names.get(i));
                ws();
                out.append(':');
                value(node.get(names.get(i)));
            }
            ws();
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(node.get(i));
            }
            ws();
            out.append(']');
        } else if (node.isTextual()) {
            string(node.textValue());
        } else if (node.isNumber()) {
            out.append(number(node));
        } else {
            out.append(node.toString()); // true, false, null
        }
        ws();
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                // A pair is escaped whole or not at all: half an escape leaves a lone surrogate in the text.
                char low = s.charAt(++i);
                if (random.nextBoolean()) {
                    out.append(String.format("\\u%04x\\u%04X", (int) c, (int) low));
                } else {
                    out.append(c).append(low);
                }
            } else if (c < 0x20 || c == '"' || c == '\\' || random.nextInt(8) == 0) {
                out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
            } else if (c == '/' && random.nextBoolean()) {
                out.append("\\/");
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private String number(JsonNode node) {
        if (node.isIntegralNumber()) {
            long v = node.longValue();
            switch (random.nextInt(4)) {
                case 0:
                    return v + ".0";
                case 1:
                    return v + "e0";
                case 2:
                    return (v * 10) + "E-1";
                default:
                    return Long.toString(v);
            }
        }
        double d = node.doubleValue();
        switch (random.nextInt(5)) {
            case 0:
                return Double.toString(d); // Java's spelling: 1.0E-5, sometimes with a digit too many
            case 1:
                return floatToken(new BigDecimal(d).toString()); // the exact binary value, up to hundreds of digits
            case 2:
                return floatToken(new BigDecimal(Double.toString(d)).toEngineeringString());
            case 3:
                return EcmaScriptNumber.format(d).replace("e+", "E");
            default:
                return EcmaScriptNumber.format(d);
        }
    }

    // A double's value written without fraction or exponent would be an integer token, which must survive a
    // double unchanged (see CanonicalJson); 180739447419767424 does not, so such spellings get a ".0".
    private static String floatToken(String digits) {
        return digits.matches("-?[0-9]+") ? digits + ".0" : digits;
    }
}
