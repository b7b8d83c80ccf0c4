package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.StatesFailure;
import dev.countersign.local.engine.internal.asl.DynamicValue;
import dev.countersign.local.engine.internal.asl.FailState;
import dev.countersign.local.engine.internal.asl.QueryLanguage;

/** Fail: fails its frame with Error and Cause (fixed, from a path or intrinsic, or JSONata). */
final class FailRunner extends StateRunner<FailState> {
    FailRunner(Interpreter interpreter) {
        super(interpreter, HistoryEventType.FailStateEntered, null);
    }

    @Override
    void start(Turn turn, Frame frame, FailState state) {
        String error = text(turn, frame, state, state.error(), "Error");
        String cause = text(turn, frame, state, state.cause(), "Cause");
        interpreter.frameFailed(turn, frame, new StatesFailure(error, cause));
    }

    private String text(Turn turn, Frame frame, FailState state, DynamicValue value, String field) {
        if (value == null) {
            return null;
        }
        if (value.fixed() != null) {
            return value.fixed().asText();
        }
        JsonNode result = resolve(turn, frame, state, value, field, () -> frame.input, null, "state");
        if (result == null || !result.isTextual()) {
            StatesError error = state.language() == QueryLanguage.JSONATA ? StatesError.QUERY_EVALUATION_ERROR
                    : StatesError.RUNTIME;
            throw error.failure("The " + field + " of Fail state '" + state.name() + "' must be a string; got "
                    + result);
        }
        return result.asText();
    }
}
