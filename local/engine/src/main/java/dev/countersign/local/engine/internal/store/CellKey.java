package dev.countersign.local.engine.internal.store;

import java.util.Map;

/**
 * The key of one runtime cell of a running execution: its kind and its name within the kind. On disk (in journal
 * records) a key is its text, the kind's prefix followed by the name ({@code f:0}, {@code k:<token>}, {@code x}).
 */
public record CellKey(Kind kind, String name) {

    /** What a cell holds; the prefix is its key's first characters on disk. */
    public enum Kind {
        /** A frame of the interpreter (the top level, a branch, an iteration). */
        FRAME("f:"),
        /** A Map's items and effective input. */
        ITEMS("i:"),
        /** A timer: a frame's timeout, heartbeat, retry or wait, or the execution's timeout. */
        TIMER("t:"),
        /** An open task token. */
        TOKEN("k:"),
        /** An invocation to run (or running). */
        INVOCATION("v:"),
        /** A {@code .sync} task attempt waiting for its job. */
        JOB("j:"),
        /** An inbox item, in arrival order. */
        INBOX("n:"),
        /** The execution's id counter. */
        COUNTER("x");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    private static final Map<String, Kind> BY_PREFIX = Map.of("f:", Kind.FRAME, "i:", Kind.ITEMS, "t:", Kind.TIMER,
            "k:", Kind.TOKEN, "v:", Kind.INVOCATION, "j:", Kind.JOB, "n:", Kind.INBOX);
    private static final String EXECUTION_TIMER = "execution";

    public static final CellKey COUNTER = new CellKey(Kind.COUNTER, "");

    public static CellKey frame(String frameId) {
        return new CellKey(Kind.FRAME, frameId);
    }

    public static CellKey items(String group) {
        return new CellKey(Kind.ITEMS, group);
    }

    /** A frame's timer of one kind ({@code timeout}, {@code heartbeat}, {@code retry}, {@code wait}). */
    public static CellKey timer(String frameId, String timerKind) {
        return new CellKey(Kind.TIMER, frameId + "|" + timerKind);
    }

    /** The execution's own timeout (the definition's TimeoutSeconds). */
    public static CellKey executionTimer() {
        return new CellKey(Kind.TIMER, EXECUTION_TIMER);
    }

    public boolean isExecutionTimer() {
        return kind == Kind.TIMER && name.equals(EXECUTION_TIMER);
    }

    public static CellKey token(String token) {
        return new CellKey(Kind.TOKEN, token);
    }

    public static CellKey invocation(String attempt) {
        return new CellKey(Kind.INVOCATION, attempt);
    }

    public static CellKey job(String attempt) {
        return new CellKey(Kind.JOB, attempt);
    }

    /** Inbox keys are zero-padded so that they sort in arrival order. */
    public static CellKey inbox(int sequence) {
        return new CellKey(Kind.INBOX, String.format("%09d", sequence));
    }

    /** The key as journal records hold it. */
    public String text() {
        return kind.prefix + name;
    }

    /** A key as journal records hold it. */
    public static CellKey parse(String text) {
        if (text.equals(Kind.COUNTER.prefix)) {
            return COUNTER;
        }
        Kind kind = text.length() < 2 ? null : BY_PREFIX.get(text.substring(0, 2));
        if (kind == null) {
            throw new IllegalStateException("unknown execution cell key '" + text + "' in the journal");
        }
        return new CellKey(kind, text.substring(2));
    }

    @Override
    public String toString() {
        return text();
    }
}
