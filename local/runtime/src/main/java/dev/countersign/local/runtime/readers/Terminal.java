package dev.countersign.local.runtime.readers;

import java.util.regex.Pattern;

/** Text from approvals, made safe to print on a terminal, and command-line words quoted for a shell. */
public final class Terminal {
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    private Terminal() {
    }

    /**
     * One line: a line break is shown as {@code \n}, every other control character (a terminal escape sequence) and
     * every bidirectional control as {@code \\uXXXX}, so that no value can fake further lines, move the cursor, or
     * reorder what is shown. Null is {@code -}.
     */
    public static String line(String text) {
        if (text == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                b.append("\\n");
            } else if (Character.isISOControl(c) || bidiControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /** A word as a POSIX shell reads it back unchanged. */
    public static String shellWord(String word) {
        return PLAIN_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static boolean bidiControl(int c) {
        return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
