package dev.countersign.local.engine.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** Pass: Result (or Parameters) becomes the state's result; JSONata uses Output. */
public record PassState(StateCommon common, JsonNode parameters, JsonNode result, OptionalPath resultPath)
        implements State {
}
