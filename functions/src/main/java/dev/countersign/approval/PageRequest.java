package dev.countersign.approval;

/**
 * Which page of a list to return.
 *
 * @param limit     at most this many items (1..100)
 * @param pageToken the previous page's {@link ListPage#nextPageToken()}, or null for the first page
 */
public record PageRequest(int limit, String pageToken) {
    public static final int MAX_LIMIT = 100;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit " + limit + " is outside 1.." + MAX_LIMIT);
        }
        pageToken = pageToken == null || pageToken.isBlank() ? null : pageToken;
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }

    public PageRequest next(ListPage<?> page) {
        return new PageRequest(limit, page.nextPageToken());
    }
}
