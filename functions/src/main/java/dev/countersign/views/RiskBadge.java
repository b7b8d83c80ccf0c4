package dev.countersign.views;

/**
 * How pages and emails show a proposal's risk level ({@link dev.countersign.core.RiskLevel} is the level itself): a
 * word and a meter for each, so that colour is never the only signal.
 */
public enum RiskBadge {
    LOW("Low", 1, "little harm is likely if this goes wrong."),
    MEDIUM("Medium", 2, "some harm is possible: check the details."),
    HIGH("High", 3, "serious harm is possible: check the reasoning and the evidence before approving."),
    CRITICAL("Critical", 4, "severe or irreversible harm is possible: approve only if you are sure.");

    private final String word;
    private final int bars;
    private final String meaning;

    RiskBadge(String word, int bars, String meaning) {
        this.word = word;
        this.bars = bars;
        this.meaning = meaning;
    }

    /** "level 3 of 4": where the level sits on the scale of low, medium, high, critical. */
    public String scale() {
        return "level " + bars + " of 4";
    }

    /** What the level means, in the agent's own assessment: "serious harm is possible: …". */
    public String meaning() {
        return meaning;
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
