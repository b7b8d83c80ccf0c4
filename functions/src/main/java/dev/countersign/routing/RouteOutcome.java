package dev.countersign.routing;

/**
 * What a {@link RoutePolicy} decides for a proposal: a {@link Route} to follow, or a {@link Refusal}. The Route
 * function returns the route's JSON (the gate's {@code $.approval}, docs/routing.md) and throws a refusal as its
 * {@link Refusal#exception()}, whose class name is the error the gate fails with.
 */
public sealed interface RouteOutcome permits Route, Refusal {
}
