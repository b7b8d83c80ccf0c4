package dev.countersign.local.engine.internal.asl;

/** Succeed: ends its branch (or the execution) successfully. */
public record SucceedState(StateCommon common) implements State {
}
