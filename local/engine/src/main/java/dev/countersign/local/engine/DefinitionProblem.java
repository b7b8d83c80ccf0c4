package dev.countersign.local.engine;

/**
 * One thing wrong with a state machine definition.
 *
 * @param path    where, as a JSON path into the definition, e.g. {@code $.States.Approve.Retry[0].ErrorEquals}
 * @param message what is wrong and what to do, e.g. "has no Next and is not End: add \"Next\" or \"End\": true"
 */
public record DefinitionProblem(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
