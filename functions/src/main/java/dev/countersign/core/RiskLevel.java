package dev.countersign.core;

/**
 * The proposing agent's own risk estimate. Declared from least to most severe, so {@link #compareTo} orders
 * by severity (routing rules may say "high or above").
 */
public enum RiskLevel {
    LOW("low"),
    MEDIUM("medium"),
    HIGH("high"),
    CRITICAL("critical");

    private final String wireName;

    RiskLevel(String wireName) {
        this.wireName = wireName;
    }

    /** The value written into JSON. */
    public String wireName() {
        return wireName;
    }

    /** True when this level is as severe as {@code other} or more. */
    public boolean atLeast(RiskLevel other) {
        return compareTo(other) >= 0;
    }

    /** Reads a wire name; exact match only (the schema's enum is case-sensitive too). */
    public static RiskLevel fromWire(String wire) {
        for (RiskLevel level : values()) {
            if (level.wireName.equals(wire)) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown risk level " + WireNames.show(wire)
                + "; expected one of " + WireNames.list(values(), RiskLevel::wireName));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
