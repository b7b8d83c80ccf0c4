package dev.countersign.routing;

import dev.countersign.contract.Violation;
import java.util.List;
import java.util.Objects;

/** The result of loading a rules file: the rules, or every problem found, each with its JSON path. */
public sealed interface RulesCheck permits RulesCheck.Loaded, RulesCheck.Invalid {

    /** The rules, or {@link InvalidRoutingRulesException} with every problem (for callers that fail fast). */
    RoutingRules orThrow();

    /** A valid file. */
    record Loaded(RoutingRules rules) implements RulesCheck {
        public Loaded {
            Objects.requireNonNull(rules, "rules");
        }

        @Override
        public RoutingRules orThrow() {
            return rules;
        }
    }

    /**
     * An invalid file.
     *
     * @param source   the file's name (its path, or what the caller called it)
     * @param problems every problem, ordered by path; never empty
     */
    record Invalid(String source, List<Violation> problems) implements RulesCheck {
        public Invalid {
            Objects.requireNonNull(source, "source");
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid rules file has at least one problem");
            }
        }

        @Override
        public RoutingRules orThrow() {
            throw new InvalidRoutingRulesException(source, problems);
        }
    }
}
