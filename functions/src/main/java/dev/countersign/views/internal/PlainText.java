package dev.countersign.views.internal;

/** Line wrapping for the plain-text email part: no line grows past the width, however long a word is. */
public final class PlainText {

    /** Columns of a plain-text email line; well under the 998 octets SMTP allows, readable in any client. */
    public static final int WIDTH = 76;

    private PlainText() {
    }

    /**
     * Wraps already-neutralised text at {@link #WIDTH} columns, every line prefixed with {@code indent} spaces.
     * Breaks at spaces where it can; a word longer than a line is cut into line-sized pieces. Existing line
     * breaks are kept; blank lines stay blank (no trailing spaces).
     */
    public static String wrap(String text, int indent) {
        return wrap(text, indent, indent);
    }

    /**
     * As {@link #wrap(String, int)}, but the first line of each paragraph is indented by {@code indent} and the
     * lines it wraps onto by {@code hanging} (for "Label: value" lines whose value runs on).
     */
    public static String wrap(String text, int indent, int hanging) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 40 * (hanging + 1) + 8);
        String[] lines = text.replace('\t', ' ').split("\n", -1);
        for (int l = 0; l < lines.length; l++) {
            if (l > 0) {
                out.append('\n');
            }
            wrapLine(lines[l].stripTrailing(), indent, hanging, out);
        }
        return out.toString();
    }

    private static void wrapLine(String line, int indent, int hanging, StringBuilder out) {
        if (line.isEmpty()) {
            return;
        }
        int room = Math.max(20, WIDTH - indent);
        String continuation = " ".repeat(hanging);
        out.append(" ".repeat(indent));
        int col = 0;
        for (String word : line.split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            int len = DisplayText.length(word);
            if (col > 0 && col + 1 + len <= room) {
                out.append(' ').append(word);
                col += 1 + len;
                continue;
            }
            if (col > 0) {
                out.append('\n').append(continuation);
                room = Math.max(20, WIDTH - hanging);
                col = 0;
            }
            // A word longer than a line is cut into line-sized pieces, each on its own line.
            int start = 0;
            while (len > room) {
                int end = word.offsetByCodePoints(start, room);
                out.append(word, start, end).append('\n').append(continuation);
                room = Math.max(20, WIDTH - hanging);
                len -= word.codePointCount(start, end);
                start = end;
            }
            out.append(word, start, word.length());
            col = len;
        }
    }
}
