package dev.countersign.core.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A location inside a JSON document, written the way people read it: {@code $.evidence[2].url}. Keys that are
 * not plain identifiers use brackets: {@code $.action.params['order id']}.
 *
 * <p>Immutable and linked to its parent, so an iterative walk creates one small object per visited node and
 * never copies a list. Ordered member by member (names alphabetically, items by index), so a list of problems
 * sorted by path reads top-down through each part of the document.
 */
public final class NodePath implements Comparable<NodePath> {
    private static final NodePath ROOT = new NodePath(null, null, -1);

    private final NodePath parent;
    private final String key;
    private final int index;
    private final int depth;

    private NodePath(NodePath parent, String key, int index) {
        this.parent = parent;
        this.key = key;
        this.index = index;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    /** The document itself: {@code $}. */
    public static NodePath root() {
        return ROOT;
    }

    /** The member {@code name} of the object at this path. */
    public NodePath key(String name) {
        return new NodePath(this, Objects.requireNonNull(name, "name"), -1);
    }

    /** The element {@code i} of the array at this path. */
    public NodePath index(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("array index must be >= 0, got " + i);
        }
        return new NodePath(this, null, i);
    }

    /** How many steps below the root ({@code $} is 0, {@code $.a} is 1). */
    public int depth() {
        return depth;
    }

    public NodePath parent() {
        return parent;
    }

    /** True when {@code other} is this path or lies below it. */
    public boolean contains(NodePath other) {
        for (NodePath p = other; p != null; p = p.parent) {
            if (p.depth == depth) {
                return p.equals(this);
            }
        }
        return false;
    }

    /** The first {@code levels} steps of this path (itself when it is not deeper). */
    public NodePath truncate(int levels) {
        NodePath p = this;
        while (p.depth > levels) {
            p = p.parent;
        }
        return p;
    }

    /** Parses the simple form this class prints ({@code $.a[2]['b c']}); used by tests and error mapping. */
    public static NodePath parse(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("a path starts with $, got " + text);
        }
        NodePath path = ROOT;
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                path = path.key(text.substring(i + 1, end));
                i = end;
            } else if (c == '[' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                StringBuilder name = new StringBuilder();
                int j = i + 2;
                while (j < text.length() && text.charAt(j) != '\'') {
                    if (text.charAt(j) == '\\' && j + 1 < text.length()) {
                        j++;
                    }
                    name.append(text.charAt(j++));
                }
                path = path.key(name.toString());
                i = j + 2; // past the quote and the bracket
            } else if (c == '[') {
                int end = text.indexOf(']', i);
                path = path.index(Integer.parseInt(text.substring(i + 1, end)));
                i = end + 1;
            } else {
                throw new IllegalArgumentException("cannot read path " + text + " at position " + i);
            }
        }
        return path;
    }

    @Override
    public int compareTo(NodePath other) {
        List<NodePath> mine = steps();
        List<NodePath> theirs = other.steps();
        for (int i = 0; i < Math.min(mine.size(), theirs.size()); i++) {
            NodePath a = mine.get(i);
            NodePath b = theirs.get(i);
            int cmp;
            if (a.key != null && b.key != null) {
                cmp = a.key.compareTo(b.key);
            } else if (a.key == null && b.key == null) {
                cmp = Integer.compare(a.index, b.index);
            } else {
                cmp = a.key != null ? -1 : 1;
            }
            if (cmp != 0) {
                return cmp;
            }
        }
        return Integer.compare(mine.size(), theirs.size());
    }

    // The steps from the root down, root excluded.
    private List<NodePath> steps() {
        List<NodePath> steps = new ArrayList<>(depth);
        for (NodePath p = this; p.parent != null; p = p.parent) {
            steps.add(p);
        }
        Collections.reverse(steps);
        return steps;
    }

    @Override
    public String toString() {
        List<NodePath> steps = steps();
        StringBuilder text = new StringBuilder("$");
        for (NodePath step : steps) {
            if (step.key == null) {
                text.append('[').append(step.index).append(']');
            } else if (isIdentifier(step.key)) {
                text.append('.').append(step.key);
            } else {
                text.append("['");
                for (int k = 0; k < step.key.length(); k++) {
                    char ch = step.key.charAt(k);
                    if (ch == '\'' || ch == '\\') {
                        text.append('\\');
                    }
                    text.append(ch);
                }
                text.append("']");
            }
        }
        return text.toString();
    }

    private static boolean isIdentifier(String key) {
        if (key.isEmpty() || !(Character.isLetter(key.charAt(0)) && key.charAt(0) < 128 || key.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NodePath)) {
            return false;
        }
        NodePath a = this;
        NodePath b = (NodePath) o;
        while (a != null && b != null) {
            if (a == b) {
                return true;
            }
            if (a.depth != b.depth || a.index != b.index || !Objects.equals(a.key, b.key)) {
                return false;
            }
            a = a.parent;
            b = b.parent;
        }
        return a == b;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (NodePath p = this; p != null; p = p.parent) {
            h = 31 * h + (p.key == null ? p.index : p.key.hashCode());
        }
        return h;
    }
}
