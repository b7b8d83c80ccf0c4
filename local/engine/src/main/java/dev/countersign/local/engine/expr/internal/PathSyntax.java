package dev.countersign.local.engine.expr.internal;

import dev.countersign.local.engine.expr.JsonPaths.Root;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text of an ASL Path: its root ({@code $}, {@code $$} or {@code $name}) and, when every step is a plain
 * field or array index, the steps themselves. Anything richer (wildcards, filters, slices, unions, deep scans,
 * functions) is left to Jayway and marked by {@code steps == null}.
 */
public final class PathSyntax {
    /** Step Functions caps variable names at 80 characters. */
    public static final int MAX_VARIABLE_NAME = 80;

    private PathSyntax() {
    }

    /** One step of a simple path. */
    public sealed interface Step permits FieldStep, IndexStep {
        /** Jayway's normalized form, e.g. {@code ['name']} or {@code [0]}. */
        String normalized();
    }

    public record FieldStep(String name) implements Step {
        @Override
        public String normalized() {
            return "['" + name + "']";
        }
    }

    public record IndexStep(int index) implements Step {
        @Override
        public String normalized() {
            return "[" + index + "]";
        }
    }

    /**
     * @param root      which document the path starts from
     * @param variable  the variable name (without {@code $}) when the root is a variable
     * @param steps     the steps when the path is simple, else null
     * @param afterRoot the text after the root, e.g. {@code .a[0]}
     */
    public record Parsed(Root root, String variable, List<Step> steps, String afterRoot) {
        public boolean simple() {
            return steps != null;
        }

        /** The same path with {@code $} as its root, as Jayway reads it. */
        public String jaywayText() {
            return "$" + afterRoot;
        }
    }

    /** A Path that cannot be read; the message says where and why. */
    public static final class PathSyntaxException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public PathSyntaxException(String message) {
            super(message);
        }
    }

    public static Parsed parse(String text) {
        if (text == null) {
            throw new PathSyntaxException("a Path is required, but the value is null");
        }
        if (text.isEmpty()) {
            throw new PathSyntaxException("a Path must start with '$', but the value is empty");
        }
        if (text.charAt(0) != '$') {
            throw new PathSyntaxException("'" + text + "' is not a Path: a Path starts with '$' (input), '$$' (context "
                    + "object) or '$name' (a variable)");
        }
        Root root;
        String variable = null;
        int position;
        if (text.startsWith("$$")) {
            root = Root.CONTEXT;
            position = 2;
        } else if (text.length() == 1 || text.charAt(1) == '.' || text.charAt(1) == '[') {
            root = Root.INPUT;
            position = 1;
        } else {
            root = Root.VARIABLE;
            position = variableNameEnd(text, 1);
            variable = text.substring(1, position);
            List<String> nameProblems = checkVariableName(variable);
            if (!nameProblems.isEmpty()) {
                throw new PathSyntaxException("'" + text + "': " + nameProblems.get(0));
            }
        }
        String afterRoot = text.substring(position);
        if (!afterRoot.isEmpty() && afterRoot.charAt(0) != '.' && afterRoot.charAt(0) != '[') {
            throw new PathSyntaxException("'" + text + "': unexpected '" + afterRoot.charAt(0) + "' at position "
                    + position + "; after the root a Path continues with '.field' or '[...]'");
        }
        List<Step> steps = new ArrayList<>();
        boolean simple = true;
        int i = position;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                if (i + 1 >= text.length()) {
                    throw new PathSyntaxException("'" + text + "': a Path must not end with '.'");
                }
                char next = text.charAt(i + 1);
                if (next == '.' || next == '*') {
                    simple = false;
                    i = skipDeepOrWildcard(text, i);
                    continue;
                }
                int end = i + 1;
                while (end < text.length() && isDotNameChar(text.charAt(end))) {
                    end++;
                }
                if (end == i + 1) {
                    throw new PathSyntaxException("'" + text + "': expected a field name after '.' at position " + i
                            + "; use bracket notation ['my field'] for names with spaces or symbols");
                }
                if (end < text.length() && text.charAt(end) == '(') {
                    simple = false; // a function such as length(); Jayway reads it
                    int close = text.indexOf(')', end);
                    if (close < 0) {
                        throw new PathSyntaxException("'" + text + "': unclosed '(' at position " + end);
                    }
                    i = close + 1;
                    continue;
                }
                steps.add(new FieldStep(text.substring(i + 1, end)));
                i = end;
            } else if (c == '[') {
                BracketResult bracket = readBracket(text, i);
                if (bracket.step == null) {
                    simple = false;
                } else {
                    steps.add(bracket.step);
                }
                i = bracket.end;
            } else {
                throw new PathSyntaxException("'" + text + "': unexpected '" + c + "' at position " + i
                        + "; a Path continues with '.field' or '[...]'");
            }
        }
        return new Parsed(root, variable, simple ? List.copyOf(steps) : null, afterRoot);
    }

    /** Problems with a variable name (empty when valid): Unicode identifier rules, at most 80 characters. */
    public static List<String> checkVariableName(String name) {
        if (name == null || name.isEmpty()) {
            return List.of("a variable name must not be empty");
        }
        if (name.length() > MAX_VARIABLE_NAME) {
            return List.of("the variable name '" + name + "' is " + name.length() + " characters long; the limit is "
                    + MAX_VARIABLE_NAME);
        }
        int first = name.codePointAt(0);
        if (!Character.isUnicodeIdentifierStart(first) && first != '_') {
            return List.of("the variable name '" + name + "' must start with a letter or '_'");
        }
        for (int i = Character.charCount(first); i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!Character.isUnicodeIdentifierPart(cp) || Character.isIdentifierIgnorable(cp)) {
                return List.of("the variable name '" + name + "' contains '" + new String(Character.toChars(cp))
                        + "'; use letters, digits and '_' only");
            }
            i += Character.charCount(cp);
        }
        return List.of();
    }

    private static int variableNameEnd(String text, int start) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.' || c == '[') {
                break;
            }
            i++;
        }
        return i;
    }

    private static boolean isDotNameChar(char c) {
        return switch (c) {
            case '.', '[', ']', '(', ')', ' ', '\t', '\n', '\r', '\'', '"', '*', '?', ',', '@', ':' -> false;
            default -> true;
        };
    }

    private static int skipDeepOrWildcard(String text, int i) {
        // i is at '.'; '..name', '..*', '..[', '.*'
        if (text.charAt(i + 1) == '*') {
            return i + 2;
        }
        int j = i + 2;
        if (j >= text.length()) {
            throw new PathSyntaxException("'" + text + "': a Path must not end with '..'");
        }
        char c = text.charAt(j);
        if (c == '*') {
            return j + 1;
        }
        if (c == '[') {
            return j; // the bracket is read next
        }
        int end = j;
        while (end < text.length() && isDotNameChar(text.charAt(end))) {
            end++;
        }
        if (end == j) {
            throw new PathSyntaxException("'" + text + "': expected a field name after '..' at position " + i);
        }
        return end;
    }

    private record BracketResult(Step step, int end) {
    }

    private static BracketResult readBracket(String text, int open) {
        int i = skipSpaces(text, open + 1);
        if (i >= text.length()) {
            throw new PathSyntaxException("'" + text + "': unclosed '[' at position " + open);
        }
        char c = text.charAt(i);
        if (c == '\'' || c == '"') {
            StringBuilder name = new StringBuilder();
            int j = readQuoted(text, i, name);
            j = skipSpaces(text, j);
            if (j >= text.length()) {
                throw new PathSyntaxException("'" + text + "': unclosed '[' at position " + open);
            }
            if (text.charAt(j) == ']') {
                return new BracketResult(new FieldStep(name.toString()), j + 1);
            }
            return new BracketResult(null, closingBracket(text, open) + 1);
        }
        if (c == '-' || Character.isDigit(c)) {
            int j = c == '-' ? i + 1 : i;
            int digitsStart = j;
            while (j < text.length() && Character.isDigit(text.charAt(j))) {
                j++;
            }
            if (j == digitsStart) {
                throw new PathSyntaxException("'" + text + "': expected an array index after '-' at position " + i);
            }
            int afterNumber = skipSpaces(text, j);
            if (afterNumber < text.length() && text.charAt(afterNumber) == ']') {
                try {
                    return new BracketResult(new IndexStep(Integer.parseInt(text.substring(i, j))), afterNumber + 1);
                } catch (NumberFormatException e) {
                    throw new PathSyntaxException("'" + text + "': the array index " + text.substring(i, j)
                            + " is too large");
                }
            }
            return new BracketResult(null, closingBracket(text, open) + 1);
        }
        if (c == '*' || c == '?' || c == ':' || c == '(') {
            return new BracketResult(null, closingBracket(text, open) + 1);
        }
        if (c == ']') {
            throw new PathSyntaxException("'" + text + "': empty brackets '[]' at position " + open);
        }
        throw new PathSyntaxException("'" + text + "': unexpected '" + c + "' inside '[' at position " + i
                + "; use [0] for an index or ['name'] for a field");
    }

    /** Finds the ']' matching the '[' at {@code open}, skipping quoted text and nested brackets/parentheses. */
    private static int closingBracket(String text, int open) {
        int depth = 0;
        int i = open;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = readQuoted(text, i, null);
                continue;
            }
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
                if (depth == 0) {
                    if (c != ']') {
                        throw new PathSyntaxException("'" + text + "': ')' closes the '[' at position " + open);
                    }
                    return i;
                }
            }
            i++;
        }
        throw new PathSyntaxException("'" + text + "': unclosed '[' at position " + open);
    }

    /** Reads a quoted name starting at {@code quote}; returns the index after the closing quote. */
    private static int readQuoted(String text, int quote, StringBuilder into) {
        char q = text.charAt(quote);
        int i = quote + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                if (into != null) {
                    into.append(text.charAt(i + 1));
                }
                i += 2;
                continue;
            }
            if (c == q) {
                return i + 1;
            }
            if (into != null) {
                into.append(c);
            }
            i++;
        }
        throw new PathSyntaxException("'" + text + "': unclosed quote at position " + quote);
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
