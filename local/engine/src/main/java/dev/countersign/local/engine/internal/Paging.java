package dev.countersign.local.engine.internal;

import dev.countersign.local.engine.InvalidTokenException;
import dev.countersign.local.engine.Page;
import dev.countersign.local.engine.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Pages of the List operations and GetExecutionHistory: maxResults, and opaque next tokens that carry an offset. */
final class Paging {
    private Paging() {
    }

    static <T> Page<T> page(List<T> all, int maxResults, String nextToken, String kind) {
        int limit = limit(maxResults);
        int start = offset(nextToken, kind, all.size());
        int end = Math.min(all.size(), start + limit);
        return new Page<>(all.subList(start, end), end < all.size() ? token(kind, end) : null);
    }

    /** The page size asked for (0 means 100). */
    static int limit(int maxResults) {
        if (maxResults < 0 || maxResults > 1000) {
            throw new ValidationException("maxResults must be from 0 to 1000 (0 means 100); got " + maxResults);
        }
        return maxResults == 0 ? 100 : maxResults;
    }

    static String token(String kind, int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((kind + ":" + offset)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Where a page starts: 0 without a token; InvalidToken for a token this listing did not give. */
    static int offset(String token, String kind, int size) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(kind + ":")) {
                int offset = Integer.parseInt(decoded.substring(kind.length() + 1));
                if (offset >= 0 && offset <= size) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new InvalidTokenException("Invalid Token: the nextToken '" + abbreviate(token) + "' is not one this"
                + " listing returned: start again without it");
    }

    /** A value quoted in a message, cut at 100 characters. */
    static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }
}
