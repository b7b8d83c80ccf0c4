package dev.countersign.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.countersign.core.crypto.Sha256;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * RFC 8785 (JSON Canonicalization Scheme) for Jackson trees: object members sorted by their names' UTF-16 code
 * units, no whitespace, ECMAScript string escaping and ECMAScript number text.
 *
 * <p>Numbers follow I-JSON: every number is an IEEE 754 double.
 * <ul>
 *   <li>A token with a fraction or an exponent is read as the nearest double, as the RFC says
 *       ({@code 1.0}, {@code 1} and {@code 1e0} all become {@code 1}).</li>
 *   <li>An <em>integer</em> token (no fraction, no exponent) must come through that reading unchanged: any
 *       integer within ±(2^53−1), or a larger one that is already its double's shortest spelling
 *       ({@code 100000000000000000000}). Anything else — typically an ID sent as a number, like
 *       {@code 9007199254740993} — is refused rather than rounded, because hashing the rounded value would
 *       give two different proposals one hash; the sender must send it as a string.</li>
 * </ul>
 * NaN, the infinities, unpaired surrogates, and binary or POJO nodes are refused with a
 * {@link CanonicalJsonException} naming the path.
 *
 * <p>The walk is iterative, so a deeply nested tree cannot overflow the stack.
 */
public final class CanonicalJson {
    /** The largest integer a double holds exactly together with all its neighbours (JavaScript's MAX_SAFE_INTEGER). */
    public static final long MAX_SAFE_INTEGER = 9007199254740991L;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    /** The canonical text of {@code node}. */
    public static String canonicalize(JsonNode node) {
        StringBuilder text = new StringBuilder(256);
        new Walk(new TextOutput(text), null).run(node, Long.MAX_VALUE);
        return text.toString();
    }

    /** The canonical UTF-8 bytes of {@code node}: what gets hashed. */
    public static byte[] canonicalBytes(JsonNode node) {
        return canonicalize(node).getBytes(StandardCharsets.UTF_8);
    }

    /** SHA-256 of {@link #canonicalBytes}, as 64 lower-case hex digits. */
    public static String sha256Hex(JsonNode node) {
        return HexFormat.of().formatHex(sha256().digest(canonicalBytes(node)));
    }

    /**
     * The length in UTF-8 bytes of the canonical form, counting no further than {@code stopAfter}: the result is
     * exact when it is at most {@code stopAfter}, and some value above it otherwise.
     *
     * @throws CanonicalJsonException at the first value that has no canonical form
     */
    public static long utf8Length(JsonNode node, long stopAfter) {
        Utf8Counter counter = new Utf8Counter(stopAfter);
        new Walk(counter, null).run(node, stopAfter);
        return counter.count;
    }

    /**
     * Measures {@code node} without building its text, and collects every value that has no canonical form
     * instead of stopping at the first. Stops once the length passes {@code stopAfter}, so a huge tree costs no
     * more than {@code stopAfter} bytes' worth of nodes.
     */
    public static Measurement measure(JsonNode node, long stopAfter) {
        Utf8Counter counter = new Utf8Counter(stopAfter);
        List<CanonicalJsonException> problems = new ArrayList<>();
        Walk walk = new Walk(counter, problems);
        walk.run(node, stopAfter);
        return new Measurement(counter.count, counter.count <= stopAfter, walk.maxDepth, List.copyOf(problems));
    }

    /**
     * What {@link #measure} found.
     *
     * @param utf8Length canonical length in UTF-8 bytes; exact only when {@code complete}
     * @param complete   false when the walk stopped early because the length passed the ceiling
     * @param maxDepth   the deepest nesting seen (a scalar root is 0, {@code []} is 1)
     * @param problems   every value without a canonical form, in canonical order (only the part walked)
     */
    public record Measurement(long utf8Length, boolean complete, int maxDepth, List<CanonicalJsonException> problems) {
    }

    static MessageDigest sha256() {
        return Sha256.digest();
    }

    // One open container on the explicit stack.
    private static final class Frame {
        final JsonNode container;
        final NodePath path;
        final String[] names; // sorted member names, null for arrays
        int next;

        Frame(JsonNode container, NodePath path, String[] names) {
            this.container = container;
            this.path = path;
            this.names = names;
        }

        int size() {
            return names == null ? container.size() : names.length;
        }
    }

    // One canonicalisation pass: iterative, so nesting depth costs heap, never stack.
    private static final class Walk {
        private final Output out;
        private final List<CanonicalJsonException> problems; // null: throw at the first problem
        int maxDepth;

        Walk(Output out, List<CanonicalJsonException> problems) {
            this.out = out;
            this.problems = problems;
        }

        void run(JsonNode root, long stopAfter) {
            Deque<Frame> stack = new ArrayDeque<>();
            JsonNode value = root;
            NodePath path = NodePath.root();
            while (true) {
                if (value != null) {
                    Frame opened = writeValue(value, path);
                    if (opened != null) {
                        stack.push(opened);
                        maxDepth = Math.max(maxDepth, stack.size());
                    }
                    value = null;
                }
                if (out.written() > stopAfter) {
                    return;
                }
                Frame top = stack.peek();
                if (top == null) {
                    return;
                }
                if (top.next == top.size()) {
                    out.append(top.names == null ? ']' : '}');
                    stack.pop();
                    continue;
                }
                if (top.next > 0) {
                    out.append(',');
                }
                if (top.names == null) {
                    path = top.path.index(top.next);
                    value = top.container.get(top.next);
                } else {
                    String name = top.names[top.next];
                    path = top.path.key(name);
                    writeString(name, path);
                    out.append(':');
                    value = top.container.get(name);
                }
                top.next++;
            }
        }

        private void problem(CanonicalJsonException e) {
            if (problems == null) {
                throw e;
            }
            problems.add(e);
        }

        // Writes a scalar, or the opening bracket of a container and returns its frame.
        private Frame writeValue(JsonNode value, NodePath path) {
            JsonNodeType type = value.getNodeType();
            switch (type) {
                case OBJECT: {
                    out.append('{');
                    String[] names = new String[value.size()];
                    Iterator<String> it = value.fieldNames();
                    for (int i = 0; it.hasNext(); i++) {
                        names[i] = it.next();
                    }
                    Arrays.sort(names); // String.compareTo compares UTF-16 code units, as RFC 8785 section 3.2.3 asks
                    return new Frame(value, path, names);
                }
                case ARRAY:
                    out.append('[');
                    return new Frame(value, path, null);
                case STRING:
                    writeString(value.textValue(), path);
                    return null;
                case NUMBER:
                    try {
                        out.append(numberText(value, path));
                    } catch (CanonicalJsonException e) {
                        problem(e);
                        out.append(value.asText()); // measuring goes on with the number as written
                    }
                    return null;
                case BOOLEAN:
                    out.append(value.booleanValue() ? "true" : "false");
                    return null;
                case NULL:
                    out.append("null");
                    return null;
                default:
                    problem(new CanonicalJsonException(path, "is a " + type.name().toLowerCase(Locale.ROOT)
                            + " node, which has no JSON text; use strings, numbers, booleans, null, arrays and objects"));
                    out.append("null");
                    return null;
            }
        }

        private void writeString(String s, NodePath path) {
            out.append('"');
            int runStart = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                String escape = null;
                if (c == '"') {
                    escape = "\\\"";
                } else if (c == '\\') {
                    escape = "\\\\";
                } else if (c < 0x20) {
                    escape = controlEscape(c);
                } else if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        i++; // a proper pair; copied with the run
                        continue;
                    }
                    problem(new CanonicalJsonException(path, "contains an unpaired UTF-16 surrogate (U+"
                            + Integer.toHexString(c).toUpperCase(Locale.ROOT) + " at character " + (i + 1)
                            + "), which has no UTF-8 form; send valid Unicode text"));
                    escape = "\uFFFD"; // measuring goes on with the replacement character's length
                }
                if (escape != null) {
                    out.append(s, runStart, i);
                    out.append(escape);
                    runStart = i + 1;
                }
            }
            out.append(s, runStart, s.length());
            out.append('"');
        }
    }

    /** The canonical text of one number node, or an exception saying why it has none. */
    static String numberText(JsonNode number, NodePath path) {
        if (number.isIntegralNumber()) {
            if (number.canConvertToLong() && Math.abs(number.longValue()) <= MAX_SAFE_INTEGER) {
                return Long.toString(number.longValue());
            }
            BigInteger written = number.bigIntegerValue();
            double nearest = written.doubleValue();
            // Beyond 2^53 an integer survives only if it is already the shortest spelling of its double
            // (1e20 written out does; 9007199254740993, which would become ...992, does not).
            if (Double.isFinite(nearest)
                    && new BigDecimal(written).compareTo(EcmaScriptNumber.shortestDecimal(nearest)) == 0) {
                return EcmaScriptNumber.format(nearest);
            }
            throw new CanonicalJsonException(path, "is the integer " + written + ", which a JSON number (an IEEE 754"
                    + " double) cannot hold exactly" + (Double.isFinite(nearest)
                            ? " — it would become " + EcmaScriptNumber.format(nearest) : "")
                    + "; send it as a string");
        }
        double v = number.doubleValue();
        if (!Double.isFinite(v)) {
            throw new CanonicalJsonException(path, "is " + number.asText()
                    + ", which is not a finite number (NaN and infinities are not JSON)");
        }
        return EcmaScriptNumber.format(v);
    }

    private static String controlEscape(char c) {
        switch (c) {
            case '\b':
                return "\\b";
            case '\t':
                return "\\t";
            case '\n':
                return "\\n";
            case '\f':
                return "\\f";
            case '\r':
                return "\\r";
            default:
                return "\\u00" + HEX[c >> 4] + HEX[c & 0xF];
        }
    }

    private interface Output {
        void append(char c);

        void append(CharSequence s);

        void append(CharSequence s, int start, int end);

        long written();
    }

    private static final class TextOutput implements Output {
        private final StringBuilder text;

        TextOutput(StringBuilder text) {
            this.text = text;
        }

        @Override
        public void append(char c) {
            text.append(c);
        }

        @Override
        public void append(CharSequence s) {
            text.append(s);
        }

        @Override
        public void append(CharSequence s, int start, int end) {
            text.append(s, start, end);
        }

        @Override
        public long written() {
            return text.length();
        }
    }

    // Counts UTF-8 bytes without building the text.
    private static final class Utf8Counter implements Output {
        private final long stopAfter;
        long count;

        Utf8Counter(long stopAfter) {
            this.stopAfter = stopAfter;
        }

        @Override
        public void append(char c) {
            count += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }

        @Override
        public void append(CharSequence s) {
            append(s, 0, s.length());
        }

        @Override
        public void append(CharSequence s, int start, int end) {
            for (int i = start; i < end && count <= stopAfter; i++) {
                char c = s.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    count += 4; // with its low surrogate: one 4-byte code point (pairs were checked before)
                    i++;
                } else {
                    append(c);
                }
            }
        }

        @Override
        public long written() {
            return count;
        }
    }
}
