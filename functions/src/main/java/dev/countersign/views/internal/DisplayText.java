package dev.countersign.views.internal;

/**
 * Makes untrusted text safe to show as text: the one place that decides what happens to control, bidi, invisible
 * formatting and line-break characters. Escaping for HTML is not done here (jte does it, by context); this class
 * only makes sure the characters that survive escaping cannot reorder, hide or break the text around them.
 */
public final class DisplayText {

    private DisplayText() {
    }

    /** Visible stand-in for an invisible formatting character, e.g. {@code [U+202E]}: the reviewer sees it is there. */
    static String marker(int codePoint) {
        return String.format("[U+%04X]", codePoint);
    }

    /** Characters that change the display order of the text around them (explicit embeddings, overrides, isolates, marks). */
    public static boolean isBidiControl(int c) {
        return c == 0x061C || c == 0x200E || c == 0x200F
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }

    /**
     * Invisible formatting characters that can hide or split text without showing: soft hyphen, zero-width space,
     * word joiner and the invisible operators, the byte-order mark, interlinear annotation marks, deprecated
     * format controls and the tag characters (which can smuggle text an approver cannot see). Zero-width (non-)joiners
     * are not among them: scripts such as Persian and emoji sequences need them, and they hide nothing.
     */
    public static boolean isHiddenFormat(int c) {
        return c == 0x00AD || c == 0x180E || c == 0x200B || (c >= 0x2060 && c <= 0x2064)
                || (c >= 0x206A && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB)
                || (c >= 0xE0000 && c <= 0xE007F);
    }

    /** C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
    static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
    }

    /**
     * Multi-line text: line breaks kept (CR LF, CR, U+2028 and U+2029 become LF; tab stays), every other control or
     * bidi character becomes a visible marker, unpaired surrogates become U+FFFD. {@code null} becomes "".
     */
    public static String block(String s) {
        return neutralise(s, true);
    }

    /** Single-line text: as {@link #block} but every line break and tab becomes one space. */
    public static String line(String s) {
        return neutralise(s, false);
    }

    private static String neutralise(String s, boolean keepLines) {
        if (s == null) {
            return "";
        }
        if (isClean(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            int c;
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                c = Character.toCodePoint(ch, s.charAt(i + 1));
                i += 2;
            } else {
                c = Character.isSurrogate(ch) ? 0xFFFD : ch;
                i += 1;
            }
            if (c == '\r') {
                if (i < s.length() && s.charAt(i) == '\n') {
                    i++;
                }
                out.append(keepLines ? '\n' : ' ');
            } else if (c == '\n' || c == 0x2028 || c == 0x2029) {
                out.append(keepLines ? '\n' : ' ');
            } else if (c == '\t') {
                out.append(keepLines ? '\t' : ' ');
            } else if (isControl(c) || isBidiControl(c) || isHiddenFormat(c)) {
                out.append(marker(c));
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    private static boolean isClean(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD || Character.isSurrogate(c)
                    || (c >= 0x2000 && isSpecial(c)) || c == 0x061C || c == 0x180E) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpecial(char c) {
        return isBidiControl(c) || c == 0x2028 || c == 0x2029 || isHiddenFormat(c);
    }

    /**
     * One header-safe line for an email subject: no control, line-break or bidi character survives (they are
     * removed, not marked, since a subject has little room), whitespace runs collapse to one space, and the result
     * has at most {@code maxCodePoints} code points, ending in "…" when cut.
     */
    public static String headerLine(String s, int maxCodePoints) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), maxCodePoints * 2));
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isSurrogate((char) c) && c <= 0xFFFF) {
                c = 0xFFFD;
            }
            if (isBidiControl(c) || isHiddenFormat(c) || (isControl(c) && !isBreakOrTab(c))) {
                continue;
            }
            if (isBreakOrTab(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.appendCodePoint(c);
        }
        return clip(out.toString(), maxCodePoints, "…");
    }

    private static boolean isBreakOrTab(int c) {
        return c == '\r' || c == '\n' || c == '\t' || c == 0x2028 || c == 0x2029 || c == 0x0B || c == 0x0C
                || c == 0x85;
    }

    /** At most {@code max} code points of {@code s}; when cut, the last ones are replaced by {@code ellipsis}. */
    public static String clip(String s, int max, String ellipsis) {
        if (s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        int keep = Math.max(0, max - ellipsis.codePointCount(0, ellipsis.length()));
        int end = s.offsetByCodePoints(0, keep);
        return s.substring(0, end).stripTrailing() + ellipsis;
    }

    /** Number of code points, what a person would call characters. */
    public static int length(String s) {
        return s == null ? 0 : s.codePointCount(0, s.length());
    }
}
