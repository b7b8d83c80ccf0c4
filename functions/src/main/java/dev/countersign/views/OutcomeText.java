package dev.countersign.views;

/**
 * How pages and emails word the outcome of an approval level ({@link dev.countersign.core.Outcome} is the outcome
 * itself, as the Decision contract carries it).
 */
public enum OutcomeText {
    APPROVED("approved", "approve"),
    REJECTED("rejected", "reject"),
    TIMED_OUT("timed out", "time out"),
    CANCELLED("cancelled", "cancel");

    private final String pastTense;
    private final String verb;

    OutcomeText(String pastTense, String verb) {
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
