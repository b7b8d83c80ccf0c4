package dev.countersign.local.engine.internal.asl;

/**
 * InputPath, OutputPath or ResultPath: absent means {@code $}; an explicit JSON null means "discard" (InputPath and
 * OutputPath give {@code {}}, ResultPath keeps the state input and drops the result).
 */
public record OptionalPath(String path) {
    public static final OptionalPath DEFAULT = new OptionalPath("$");
    public static final OptionalPath DISCARD = new OptionalPath(null);

    public boolean discards() {
        return path == null;
    }

    public boolean isIdentity() {
        return "$".equals(path);
    }
}
