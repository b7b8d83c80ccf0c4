package dev.countersign.routing;

import java.util.Objects;

/**
 * One person in a team.
 *
 * @param email       their address, lower case (addresses are compared case-insensitively everywhere)
 * @param outOfOffice their absence, or null when they are in
 */
public record TeamMember(String email, OutOfOffice outOfOffice) {
    public TeamMember {
        Objects.requireNonNull(email, "email");
    }
}
