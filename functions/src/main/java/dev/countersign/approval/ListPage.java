package dev.countersign.approval;

import java.util.List;

/**
 * One page of a list. A page may hold fewer than the limit and still have a next one; the last page has no token.
 *
 * @param items         the items, in the list's order
 * @param nextPageToken opaque token for the next page, or null on the last page
 */
public record ListPage<T>(List<T> items, String nextPageToken) {
    public ListPage {
        items = List.copyOf(items);
    }

    public boolean hasNext() {
        return nextPageToken != null;
    }
}
