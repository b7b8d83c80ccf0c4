package dev.countersign.local.engine.expr.internal.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.expr.JsonPaths;
import dev.countersign.local.engine.expr.internal.JsonText;
import dev.countersign.local.engine.expr.internal.PathSyntax.PathSyntaxException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an intrinsic call: {@code States.Name(arg, ...)} where an argument is a quoted string (escapes
 * {@code \'} {@code \{} {@code \}} {@code \\}), a number, {@code true}, {@code false}, {@code null}, a Path or another
 * call. Syntax errors stop the reading; the other problems (unknown function, argument count, literal types,
 * nesting deeper than Step Functions allows) are all collected.
 */
public final class IntrinsicParser {
    /** Step Functions allows up to 10 intrinsic functions nested within a field. */
    public static final int MAX_NESTING = 10;
    private static final String PREFIX = "States.";

    private final String text;
    private final List<String> problems = new ArrayList<>();
    private int position;

    private IntrinsicParser(String text) {
        this.text = text;
    }

    /** The outcome of reading a call: the call when there were no problems. */
    public record Result(ParsedCall call, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public static Result parse(String text) {
        IntrinsicParser parser = new IntrinsicParser(text);
        try {
            parser.skipSpaces();
            ParsedCall call = parser.call(1);
            parser.skipSpaces();
            if (parser.position < text.length()) {
                throw parser.syntax("unexpected '" + text.substring(parser.position) + "' after the closing ')' of "
                        + "the call");
            }
            return new Result(parser.problems.isEmpty() ? call : null, List.copyOf(parser.problems));
        } catch (SyntaxError e) {
            List<String> problems = new ArrayList<>(parser.problems);
            problems.add(0, e.getMessage());
            return new Result(null, List.copyOf(problems));
        }
    }

    private static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private SyntaxError syntax(String detail) {
        return new SyntaxError("'" + text + "' is not a valid intrinsic function call: " + detail + " (at position "
                + position + ")");
    }

    private ParsedCall call(int depth) {
        int start = position;
        if (!text.startsWith(PREFIX, position)) {
            throw syntax("a call starts with 'States.'");
        }
        position += PREFIX.length();
        int nameStart = position;
        while (position < text.length() && Character.isLetterOrDigit(text.charAt(position))) {
            position++;
        }
        String name = PREFIX + text.substring(nameStart, position);
        if (position == nameStart) {
            throw syntax("a function name must follow 'States.'");
        }
        skipSpaces();
        if (position >= text.length() || text.charAt(position) != '(') {
            throw syntax("expected '(' after " + name);
        }
        position++;
        List<Argument> arguments = new ArrayList<>();
        skipSpaces();
        if (peek() == ')') {
            position++;
        } else {
            while (true) {
                skipSpaces();
                arguments.add(argument(depth));
                skipSpaces();
                char next = peek();
                if (next == ',') {
                    position++;
                } else if (next == ')') {
                    position++;
                    break;
                } else if (next == 0) {
                    throw syntax("the call to " + name + " is not closed with ')'");
                } else {
                    throw syntax("expected ',' or ')' but found '" + next + "'");
                }
            }
        }
        String callText = text.substring(start, position);
        if (depth == MAX_NESTING + 1) {
            problems.add("'" + text + "' nests intrinsic functions more than " + MAX_NESTING
                    + " deep; Step Functions allows at most " + MAX_NESTING + " within a field");
        }
        IntrinsicFunction function = IntrinsicFunctionRegistry.find(name);
        if (function == null) {
            problems.add("'" + name + "' is not an intrinsic function; use one of "
                    + String.join(", ", IntrinsicFunctionRegistry.names()));
            return new ParsedCall(callText, null, arguments);
        }
        int count = arguments.size();
        if (count < function.minArguments() || count > function.maxArguments()) {
            problems.add("'" + callText + "' passes " + count + " argument" + (count == 1 ? "" : "s") + ", but "
                    + function.signature() + " takes " + expectedCount(function));
        } else {
            for (String problem : function.checkLiterals(arguments)) {
                problems.add("'" + callText + "': " + problem);
            }
        }
        return new ParsedCall(callText, function, arguments);
    }

    private static String expectedCount(IntrinsicFunction function) {
        if (function.maxArguments() == Integer.MAX_VALUE) {
            return "at least " + function.minArguments();
        }
        if (function.minArguments() == function.maxArguments()) {
            return Integer.toString(function.minArguments());
        }
        return function.minArguments() + " to " + function.maxArguments();
    }

    private Argument argument(int depth) {
        char c = peek();
        if (c == '\'') {
            return string();
        }
        if (c == '$') {
            return path();
        }
        if (text.startsWith(PREFIX, position)) {
            return new Argument.CallArgument(call(depth + 1));
        }
        if (c == '-' || Character.isDigit(c)) {
            return number();
        }
        for (String word : new String[] {"true", "false", "null"}) {
            if (text.startsWith(word, position) && isDelimiter(position + word.length())) {
                position += word.length();
                JsonNode value = switch (word) {
                    case "true" -> JsonText.NODES.booleanNode(true);
                    case "false" -> JsonText.NODES.booleanNode(false);
                    default -> JsonText.NODES.nullNode();
                };
                return new Argument.Literal(value, word);
            }
        }
        if (c == 0) {
            throw syntax("an argument is missing before the end");
        }
        if (c == '"') {
            throw syntax("strings in intrinsic functions are quoted with ' (single quotes), not \"");
        }
        throw syntax("unexpected '" + c + "': an argument is a 'quoted string', a number, true, false, null, a Path "
                + "starting with '$' or a States.* call");
    }

    private boolean isDelimiter(int at) {
        if (at >= text.length()) {
            return true;
        }
        char c = text.charAt(at);
        return c == ',' || c == ')' || Character.isWhitespace(c);
    }

    private Argument string() {
        int start = position;
        position++; // opening quote
        StringBuilder value = new StringBuilder();
        List<Integer> placeholders = new ArrayList<>();
        boolean previousWasOpenBrace = false;
        while (true) {
            if (position >= text.length()) {
                position = start;
                throw syntax("the string starting here is not closed with '");
            }
            char c = text.charAt(position);
            if (c == '\\') {
                if (position + 1 >= text.length()) {
                    throw syntax("a lone '\\' ends the text; write '\\\\' for a backslash");
                }
                char escaped = text.charAt(position + 1);
                if (escaped != '\'' && escaped != '{' && escaped != '}' && escaped != '\\') {
                    throw syntax("'\\" + escaped + "' is not an escape: only \\' \\{ \\} and \\\\ are, so write '\\\\' "
                            + "for a backslash");
                }
                value.append(escaped);
                previousWasOpenBrace = false;
                position += 2;
                continue;
            }
            if (c == '\'') {
                position++;
                break;
            }
            if (c == '}' && previousWasOpenBrace) {
                placeholders.add(value.length() - 1);
            }
            previousWasOpenBrace = c == '{';
            value.append(c);
            position++;
        }
        return new Argument.StringLiteral(JsonText.NODES.textNode(value.toString()),
                text.substring(start, position), placeholders.stream().mapToInt(Integer::intValue).toArray());
    }

    private Argument path() {
        int start = position;
        StringBuilder open = new StringBuilder(); // brackets and parentheses opened inside the path
        scan:
        while (position < text.length()) {
            char c = text.charAt(position);
            switch (c) {
                case '\'', '"' -> {
                    int close = text.indexOf(c, position + 1);
                    position = close < 0 ? text.length() : close + 1;
                    continue;
                }
                case '[', '(' -> open.append(c);
                case ']', ')' -> {
                    char expected = c == ']' ? '[' : '(';
                    if (open.length() == 0 || open.charAt(open.length() - 1) != expected) {
                        break scan; // closes the call, or a mismatch the path check reports
                    }
                    open.setLength(open.length() - 1);
                }
                case ',' -> {
                    if (open.length() == 0) {
                        break scan;
                    }
                }
                default -> {
                }
            }
            position++;
        }
        String pathText = text.substring(start, position).strip();
        try {
            return new Argument.PathArgument(JsonPaths.compile(pathText));
        } catch (PathSyntaxException e) {
            problems.add(e.getMessage());
            return new Argument.Literal(JsonText.NODES.nullNode(), pathText);
        }
    }

    private Argument number() {
        int start = position;
        if (peek() == '-') {
            position++;
        }
        int digits = position;
        while (Character.isDigit(peek())) {
            position++;
        }
        if (position == digits) {
            throw syntax("'-' must be followed by digits");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            position++;
            int fraction = position;
            while (Character.isDigit(peek())) {
                position++;
            }
            if (position == fraction) {
                throw syntax("a decimal point must be followed by digits");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            position++;
            if (peek() == '+' || peek() == '-') {
                position++;
            }
            int exponent = position;
            while (Character.isDigit(peek())) {
                position++;
            }
            if (position == exponent) {
                throw syntax("an exponent must be followed by digits");
            }
        }
        if (!isDelimiter(position)) {
            throw syntax("unexpected '" + peek() + "' after the number " + text.substring(start, position));
        }
        String literal = text.substring(start, position);
        JsonNode value;
        if (integral) {
            BigInteger number = new BigInteger(literal);
            if (number.bitLength() < 32) {
                value = JsonText.NODES.numberNode(number.intValue());
            } else if (number.bitLength() < 64) {
                value = JsonText.NODES.numberNode(number.longValue());
            } else {
                value = JsonText.NODES.numberNode(number);
            }
        } else {
            value = JsonText.NODES.numberNode(Double.parseDouble(literal));
        }
        return new Argument.Literal(value, literal);
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : 0;
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }
}
