package dev.countersign.approval;

import java.time.Instant;

/**
 * One hand-over of a recipient's place at a level, as its REASSIGNED event records it.
 *
 * @param at   when it was recorded
 * @param from whose place it was
 * @param to   who took it
 * @param by   who did it (the recipient handing over, an administrator, or Countersign handing it back)
 */
public record Reassignment(Instant at, String from, String to, String by) {
}
