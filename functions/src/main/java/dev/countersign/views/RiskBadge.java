package dev.countersign.views;

/**
 * How pages and emails show a proposal's risk level ({@link dev.countersign.core.RiskLevel} is the level itself): a
 * word and a meter for each, so that colour is never the only signal.
 */
public enum RiskBadge {
    LOW("Low", 1),
    MEDIUM("Medium", 2),
    HIGH("High", 3),
    CRITICAL("Critical", 4);

    private final String word;
    private final int bars;

    RiskBadge(String word, int bars) {
        this.word = word;
        this.bars = bars;
    }

    /** "Low", "Medium", "High", "Critical". */
    public String word() {
        return word;
    }

    /** A four-step meter in characters, e.g. "■■■□" for HIGH: readable without colour, in HTML and plain text. */
    public String meter() {
        return "■".repeat(bars) + "□".repeat(4 - bars);
    }

    /** Lower-case name for CSS class suffixes ("high"). */
    public String cssName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The level for a contract value (low|medium|high|critical, any case). */
    public static RiskBadge of(String level) {
        if (level != null) {
            for (RiskBadge r : values()) {
                if (r.name().equalsIgnoreCase(level.strip())) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("risk level is " + (level == null ? "missing" : "'" + level + "'")
                + ": use one of low, medium, high, critical");
    }
}
