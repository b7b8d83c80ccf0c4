package dev.countersign.example;

import dev.countersign.core.Decision;

/** Why an example's action did not happen, in words for the people who pick it up. */
final class DecisionText {
    private DecisionText() {
    }

    /** "it was rejected by lee@…: wrong order", "nobody approved it in time", "the request was cancelled…". */
    static String whyNot(Decision decision) {
        return switch (decision.outcome()) {
            case REJECTED -> "it was rejected by " + decision.decidedBy()
                    + (decision.comment().isBlank() ? "" : ": " + decision.comment());
            case TIMED_OUT -> "nobody approved it in time";
            case CANCELLED -> "the request was cancelled" + (decision.comment().isBlank() ? ""
                    : ": " + decision.comment());
            default -> decision.outcome().wireName();
        };
    }
}
