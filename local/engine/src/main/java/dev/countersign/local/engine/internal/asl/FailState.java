package dev.countersign.local.engine.internal.asl;

/** Fail: ends the execution (or fails its branch) with Error and Cause; each may be fixed, a path or JSONata. */
public record FailState(StateCommon common, DynamicValue error, DynamicValue cause) implements State {
}
