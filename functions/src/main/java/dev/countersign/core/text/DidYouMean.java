package dev.countersign.core.text;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean …?" for error messages: the known name closest to a mistyped one. Shared by the contract's schema
 * messages, the routing rules reader and the CDK configuration, so every refusal suggests the same way.
 */
public final class DidYouMean {
    /** Names longer than this are not compared: the distance is quadratic and such input is not a typo. */
    private static final int MAX_CHARS = 64;

    private DidYouMean() {
    }

    /**
     * The closest of {@code known} to {@code given} (ignoring case; a prefix of the other counts as one edit), or null
     * when none is within {@code max(2, length / 3)} edits.
     */
    public static String closest(String given, Collection<String> known) {
        if (given.isEmpty() || given.length() > MAX_CHARS) {
            return null;
        }
        String lower = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            String candidateLower = candidate.toLowerCase(Locale.ROOT);
            int d = distance(lower, candidateLower);
            if (lower.startsWith(candidateLower) || candidateLower.startsWith(lower)) {
                d = Math.min(d, 1);
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, given.length() / 3) ? best : null;
    }

    /** Levenshtein distance (insert, delete, substitute), two rows of memory. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
