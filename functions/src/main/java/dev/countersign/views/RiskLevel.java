package dev.countersign.views;

/** The proposal's risk level; each has a word and a meter so that colour is never the only signal. */
public enum RiskLevel {
    LOW("Low", 1),
    MEDIUM("Medium", 2),
    HIGH("High", 3),
    CRITICAL("Critical", 4);

    private final String word;
    private final int bars;

    RiskLevel(String word, int bars) {
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
    public static RiskLevel of(String level) {
        if (level != null) {
            for (RiskLevel r : values()) {
                if (r.name().equalsIgnoreCase(level.strip())) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("risk level is " + (level == null ? "missing" : "'" + level + "'")
                + ": use one of low, medium, high, critical");
    }
}
