package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.internal.JsonText;
import java.util.List;

/** Argument checks shared by the intrinsic functions; each failure names the argument and what it must be. */
final class Values {
    /** Step Functions caps the text that Base64Encode, Base64Decode and Hash accept. */
    static final int MAX_TEXT_INPUT = 10_000;

    private Values() {
    }

    static String string(List<JsonNode> arguments, int index, String role) {
        JsonNode value = arguments.get(index);
        if (!value.isTextual()) {
            throw new IntrinsicArgumentException(role + " must be a string, but it is " + describe(value));
        }
        return value.textValue();
    }

    static JsonNode array(List<JsonNode> arguments, int index, String role) {
        JsonNode value = arguments.get(index);
        if (!value.isArray()) {
            throw new IntrinsicArgumentException(role + " must be an array, but it is " + describe(value));
        }
        return value;
    }

    static JsonNode object(List<JsonNode> arguments, int index, String role) {
        JsonNode value = arguments.get(index);
        if (!value.isObject()) {
            throw new IntrinsicArgumentException(role + " must be a JSON object, but it is " + describe(value));
        }
        return value;
    }

    static boolean bool(List<JsonNode> arguments, int index, String role) {
        JsonNode value = arguments.get(index);
        if (!value.isBoolean()) {
            throw new IntrinsicArgumentException(role + " must be true or false, but it is " + describe(value));
        }
        return value.booleanValue();
    }

    /** A whole number (2 and 2.0 both qualify) that fits a Java int. */
    static int integer(List<JsonNode> arguments, int index, String role) {
        JsonNode value = arguments.get(index);
        if (!value.isNumber() || !value.canConvertToExactIntegral()) {
            throw new IntrinsicArgumentException(role + " must be an integer, but it is " + describe(value));
        }
        if (!value.canConvertToInt()) {
            throw new IntrinsicArgumentException(role + " must be an integer from " + Integer.MIN_VALUE + " to "
                    + Integer.MAX_VALUE + ", but it is " + JsonText.compact(value));
        }
        return value.intValue();
    }

    /** A number rounded to the nearest integer, as Step Functions does for MathAdd and MathRandom. */
    static int roundedInteger(List<JsonNode> arguments, int index, String role) {
        JsonNode value = arguments.get(index);
        if (!value.isNumber()) {
            throw new IntrinsicArgumentException(role + " must be a number, but it is " + describe(value));
        }
        double rounded = value.canConvertToExactIntegral() ? value.doubleValue() : Math.round(value.doubleValue());
        if (rounded < Integer.MIN_VALUE || rounded > Integer.MAX_VALUE) {
            throw new IntrinsicArgumentException(role + " must be an integer from " + Integer.MIN_VALUE + " to "
                    + Integer.MAX_VALUE + ", but it is " + JsonText.compact(value));
        }
        return (int) rounded;
    }

    static void limitLength(String value, String role) {
        if (value.length() > MAX_TEXT_INPUT) {
            throw new IntrinsicArgumentException(role + " is " + value.length() + " characters long; the limit is "
                    + MAX_TEXT_INPUT);
        }
    }

    static String describe(JsonNode value) {
        String text = JsonText.compact(value);
        return JsonText.typeOf(value) + " (" + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + ")";
    }

    /** The problem with a literal argument that is not of the needed JSON kind, or null. */
    static String literalKindProblem(Argument argument, String role, String kind) {
        JsonNode literal = argument instanceof Argument.Literal l ? l.value()
                : argument instanceof Argument.StringLiteral s ? s.value() : null;
        if (literal == null) {
            return null;
        }
        boolean fits = switch (kind) {
            case "string" -> literal.isTextual();
            case "integer" -> literal.isNumber() && literal.canConvertToExactIntegral();
            case "number" -> literal.isNumber();
            case "boolean" -> literal.isBoolean();
            default -> false; // arrays and objects cannot be written as literals
        };
        String article = kind.equals("integer") || kind.equals("array") || kind.equals("object") ? "an " : "a ";
        return fits ? null : role + " must be " + article + kind + ", but it is " + describe(literal);
    }
}
