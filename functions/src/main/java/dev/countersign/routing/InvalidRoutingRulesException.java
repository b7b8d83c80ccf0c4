package dev.countersign.routing;

import dev.countersign.contract.Violation;
import java.util.List;

/**
 * A rules file that cannot be used, with every problem: what the Route function's init, {@code countersign up} and
 * the CDK synth fail with. The message is one line saying what happened, then one indented line per problem.
 */
public final class InvalidRoutingRulesException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<Violation> problems;

    public InvalidRoutingRulesException(String source, List<Violation> problems) {
        super(report(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file's name. */
    public String source() {
        return source;
    }

    /** Every problem, ordered by path. */
    public List<Violation> problems() {
        return problems;
    }

    /** The first line of the message: "the routing rules in config/routing.json are invalid (2 problems); fix …". */
    public String summary() {
        return summary(source, problems.size());
    }

    static String summary(String source, int count) {
        return "the routing rules in " + source + " are invalid (" + count + (count == 1 ? " problem" : " problems")
                + "); fix " + (count == 1 ? "it" : "them") + " and try again:";
    }

    static String report(String source, List<Violation> problems) {
        StringBuilder text = new StringBuilder(summary(source, problems.size()));
        for (Violation problem : problems) {
            text.append("\n  ").append(problem.path()).append(": ").append(problem.message());
        }
        return text.toString();
    }
}
