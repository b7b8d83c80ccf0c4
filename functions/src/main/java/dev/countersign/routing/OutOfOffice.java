package dev.countersign.routing;

import java.time.Instant;
import java.util.Objects;

/**
 * A person is away: requests that would go to them go to {@code delegate} instead, and the route records the
 * {@link Delegation}. Declared on a team member in the rules file; it applies to the person wherever a rule asks them
 * (in any team or by address).
 *
 * @param delegate who decides instead (lower case); never out of office at the same time (checked at load)
 * @param from     away from this instant; null when already away
 * @param until    back at this instant (exclusive); null when open-ended
 */
public record OutOfOffice(String delegate, Instant from, Instant until) {
    public OutOfOffice {
        Objects.requireNonNull(delegate, "delegate");
        if (from != null && until != null && !until.isAfter(from)) {
            throw new IllegalArgumentException("an absence ends after it starts: from " + from + ", until " + until);
        }
    }

    /** True when the person is away at {@code now}: {@code from <= now < until}. */
    public boolean activeAt(Instant now) {
        return (from == null || !now.isBefore(from)) && (until == null || now.isBefore(until));
    }

    /** True when both absences share at least one instant. */
    public boolean overlaps(OutOfOffice other) {
        boolean startsBeforeOtherEnds = from == null || other.until == null || from.isBefore(other.until);
        boolean otherStartsBeforeThisEnds = other.from == null || until == null || other.from.isBefore(until);
        return startsBeforeOtherEnds && otherStartsBeforeThisEnds;
    }
}
