package dev.countersign.routing;

import java.util.List;
import java.util.Objects;

/**
 * A named group of people; a rule that names the team asks every member.
 *
 * @param name    unique in the rules file (case-insensitively)
 * @param members at least one, each once
 */
public record Team(String name, List<TeamMember> members) {
    public Team {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
    }

    /** The members' addresses, in file order. */
    public List<String> addresses() {
        return members.stream().map(TeamMember::email).toList();
    }
}
