package dev.countersign.contract;

import java.util.Objects;

/**
 * One way a document breaks its contract.
 *
 * @param path    where, as a JSON path: {@code $.evidence[2].url}; {@code $} is the whole document
 * @param message what is wrong and what to do, for a person: "must be an http or https URL; got a javascript: URL"
 */
public record Violation(String path, String message) {
    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
