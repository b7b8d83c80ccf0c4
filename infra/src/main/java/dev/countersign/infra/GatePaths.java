package dev.countersign.infra;

import java.util.Locale;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.stepfunctions.JsonPath;

/** The paths and names an {@link ApprovalGate} is built with: checked, compared, and turned into references. */
final class GatePaths {
    /** A plain JSONPath to a member: {@code $} or {@code $.a.b}. */
    private static final Pattern PATH = Pattern.compile("\\$(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private GatePaths() {
    }

    /** Whether {@code value} is a plain JSONPath to a member ({@code $}, {@code $.a.b}). */
    static boolean isPath(String value) {
        return PATH.matcher(value).matches();
    }

    /** The proposal's reference in a Task's parameters: a JSONPath into the state, or the execution's input. */
    static String proposalAt(String proposalPath) {
        return proposalPath.equals(ApprovalGate.EXECUTION_INPUT) ? JsonPath.getExecutionInput()
                : JsonPath.stringAt(proposalPath);
    }

    /** Whether one path is the other or inside it ({@code $} contains every path). */
    static boolean overlaps(String proposalPath, String resultPath) {
        if (proposalPath.equals(ApprovalGate.EXECUTION_INPUT)) {
            return false;
        }
        return proposalPath.equals(resultPath) || resultPath.startsWith(proposalPath + ".")
                || proposalPath.startsWith(resultPath + ".") || proposalPath.equals("$");
    }

    /** The gate name a construct id gives: kebab case, "approval" if nothing is left. */
    static String gateName(String id) {
        String kebab = id.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("[^A-Za-z0-9]+", "-")
                .toLowerCase(Locale.ROOT).replaceAll("^-+|-+$", "");
        return kebab.isEmpty() ? "approval" : kebab;
    }
}
