package dev.countersign.local.engine;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items     in the listing's order
 * @param nextToken pass it back for the next page; null on the last page
 */
public record Page<T>(List<T> items, String nextToken) {
    public Page {
        items = List.copyOf(items);
    }
}
