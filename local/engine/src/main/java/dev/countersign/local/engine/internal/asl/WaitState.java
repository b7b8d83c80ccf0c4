package dev.countersign.local.engine.internal.asl;

/** Wait: exactly one of {@code seconds} (Seconds/SecondsPath/JSONata) and {@code timestamp} is set. */
public record WaitState(StateCommon common, DynamicValue seconds, DynamicValue timestamp) implements State {
}
