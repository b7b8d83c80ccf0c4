package dev.countersign.contract.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/** Wording shared by every violation message: numbers, quoted excerpts, value kinds, character names. */
public final class Texts {
    private static final int EXCERPT = 80;

    private Texts() {
    }

    /** 12345 → "12,345". */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A string as a short JSON-style quoted excerpt, safe to put into a one-line message. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        int shown = 0;
        for (int i = 0; i < s.length() && shown < EXCERPT; i++, shown++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (s.length() > EXCERPT) {
            out.append("… (").append(count(s.codePointCount(0, s.length()))).append(" characters)");
        }
        return out.toString();
    }

    /** What a value is, for "got …": a string "abc", a number (42), an object, null. */
    public static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isTextual()) {
            return "a string " + quote(value.textValue());
        }
        if (value.isNumber()) {
            String text = value.asText();
            return "a number (" + (text.length() > 30 ? text.substring(0, 30) + "…" : text) + ")";
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "true" : "false";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isObject()) {
            return "an object";
        }
        return "a " + value.getNodeType().name().toLowerCase(Locale.ROOT) + " value";
    }

    /** A JSON Schema type name with its article: "a string", "an object", "true or false". */
    public static String typeName(String type) {
        switch (type) {
            case "object":
                return "an object";
            case "array":
                return "an array";
            case "integer":
                return "an integer";
            case "boolean":
                return "true or false";
            case "null":
                return "null";
            default:
                return "a " + type;
        }
    }

    /** "a, b or c". */
    public static String either(List<String> items) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : i == items.size() - 1 ? " or " : ", ").append(items.get(i));
        }
        return out.toString();
    }

    /** A character for a message: "a line feed (U+000A)". */
    public static String character(int c) {
        String code = String.format(Locale.ROOT, "U+%04X", c);
        switch (c) {
            case '\n':
                return "a line feed (" + code + ")";
            case '\r':
                return "a carriage return (" + code + ")";
            case '\t':
                return "a tab (" + code + ")";
            case ' ':
                return "a space";
            case 0x2028:
                return "a line separator (" + code + ")";
            case 0x2029:
                return "a paragraph separator (" + code + ")";
            default:
                if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                    return "a bidirectional-text control (" + code + ")";
                }
                if (Character.isISOControl(c)) {
                    return "a control character (" + code + ")";
                }
                return "'" + new String(Character.toChars(c)) + "' (" + code + ")";
        }
    }
}
