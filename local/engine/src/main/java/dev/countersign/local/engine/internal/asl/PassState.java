package dev.countersign.local.engine.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** Pass: Result (or Parameters) becomes the state's result; JSONata uses Output. */
public record PassState(StateCommon common, ValueTemplate parameters, JsonNode result, ResultPath resultPath)
        implements State {
}
