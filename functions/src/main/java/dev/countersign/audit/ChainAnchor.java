package dev.countersign.audit;

/**
 * A claim about a chain's state: "event {@code seq} had hash {@code hash}". The approval item keeps one for its last
 * event ({@code auditCount}, {@code lastHash}); the deployed stack publishes them outside the table as well.
 */
public record ChainAnchor(int seq, String hash) {
}
