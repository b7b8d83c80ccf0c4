package dev.countersign.local.events;

import java.util.List;
import java.util.Objects;

/**
 * One rule of a local bus, as EventBridge has them: a name, the bus it listens on, an event pattern (AWS's syntax,
 * matched by Event Ruler) and its targets.
 *
 * @param eventBusName the bus's name ({@code default} for the account's default bus, where AWS services put theirs)
 * @param pattern      the event pattern, JSON text
 */
public record EventRule(String name, String eventBusName, String pattern, List<Target> targets) {
    public EventRule {
        Objects.requireNonNull(name, "name");
        eventBusName = LocalEventBus.busName(eventBusName);
        Objects.requireNonNull(pattern, "pattern");
        targets = List.copyOf(targets);
    }

    /**
     * A target with what it receives: the whole event, or the part at {@code inputPath} ({@code $.detail}).
     *
     * @param inputPath null or {@code $} for the whole event, else a JSONPath of plain field names
     */
    public record Target(String id, EventTarget target, String inputPath) {
        public Target {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(target, "target");
            if (inputPath != null && !inputPath.matches("\\$(\\.[A-Za-z0-9_-]+)*")) {
                throw new IllegalArgumentException("target " + id + ": InputPath '" + inputPath + "' is not a"
                        + " plain JSONPath such as $.detail");
            }
        }
    }
}
