package dev.countersign.views;

/** The outcome of an approval level (DESIGN.md Decision contract). */
public enum Outcome {
    APPROVED("approved", "approve"),
    REJECTED("rejected", "reject"),
    TIMED_OUT("timed out", "time out"),
    CANCELLED("cancelled", "cancel");

    private final String pastTense;
    private final String verb;

    Outcome(String pastTense, String verb) {
        this.pastTense = pastTense;
        this.verb = verb;
    }

    /** "approved", "rejected", "timed out", "cancelled". */
    public String pastTense() {
        return pastTense;
    }

    /** "approve", "reject", …: what a person chose. */
    public String verb() {
        return verb;
    }

    /** "Approved", "Rejected", …. */
    public String title() {
        return Character.toUpperCase(pastTense.charAt(0)) + pastTense.substring(1);
    }

    /** Whether a person chooses this outcome (approve or reject) rather than a timer or a cancel. */
    public boolean isPersonal() {
        return this == APPROVED || this == REJECTED;
    }
}
