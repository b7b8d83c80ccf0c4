package dev.countersign.local.engine.expr.internal.jsonata;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads what an expression refers to without running it: the {@code $names} it uses and simple paths. */
final class ExpressionText {
    /** {@code $name.field.field} and nothing else: answered by walking the JSON directly. */
    private static final Pattern SIMPLE_PATH = Pattern.compile("\\$[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private ExpressionText() {
    }

    static boolean isSimplePath(String expression) {
        return SIMPLE_PATH.matcher(expression).matches();
    }

    /**
     * The {@code $name} references outside string literals and comments (names only, without {@code $}); binding
     * just these keeps each evaluation from converting variables it never reads.
     */
    static Set<String> variableReferences(String expression) {
        Set<String> names = new LinkedHashSet<>();
        int i = 0;
        int length = expression.length();
        while (i < length) {
            char c = expression.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipString(expression, i);
            } else if (c == '/' && i + 1 < length && expression.charAt(i + 1) == '*') {
                int end = expression.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
            } else if (c == '`') {
                int end = expression.indexOf('`', i + 1);
                i = end < 0 ? length : end + 1;
            } else if (c == '$') {
                int start = i + 1;
                int end = start;
                while (end < length && (Character.isLetterOrDigit(expression.charAt(end))
                        || expression.charAt(end) == '_')) {
                    end++;
                }
                if (end > start) {
                    names.add(expression.substring(start, end));
                }
                i = Math.max(end, i + 1);
            } else {
                i++;
            }
        }
        return names;
    }

    /** True when the expression calls {@code $eval}, which Step Functions does not offer. */
    static boolean callsEval(String expression) {
        int i = 0;
        int length = expression.length();
        while (i < length) {
            char c = expression.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipString(expression, i);
                continue;
            }
            if (expression.startsWith("$eval", i)) {
                int after = i + 5;
                while (after < length && Character.isWhitespace(expression.charAt(after))) {
                    after++;
                }
                boolean partOfLongerName = i + 5 < length && (Character.isLetterOrDigit(expression.charAt(i + 5))
                        || expression.charAt(i + 5) == '_');
                if (!partOfLongerName && after < length && expression.charAt(after) == '(') {
                    return true;
                }
            }
            i++;
        }
        return false;
    }

    private static int skipString(String expression, int quote) {
        char q = expression.charAt(quote);
        int i = quote + 1;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == q) {
                return i + 1;
            }
            i++;
        }
        return i;
    }
}
