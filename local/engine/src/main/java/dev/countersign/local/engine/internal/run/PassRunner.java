package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.internal.asl.PassState;
import dev.countersign.local.engine.internal.asl.QueryLanguage;

/** Pass: its result is Result, else Parameters, else the effective input (JSONPath); Output (JSONata). */
final class PassRunner extends StateRunner<PassState> {
    PassRunner(Interpreter interpreter) {
        super(interpreter, HistoryEventType.PassStateEntered, HistoryEventType.PassStateExited);
    }

    @Override
    void start(Turn turn, Frame frame, PassState state) {
        if (state.language() == QueryLanguage.JSONATA) {
            finishWithInput(turn, frame, state, state.common().assign(), state.common().output(),
                    state.common().next());
            return;
        }
        JsonNode effective = effectiveInput(turn, frame, state);
        JsonNode result;
        if (state.result() != null) {
            result = state.result();
        } else if (state.parameters() != null) {
            result = state.parameters().evaluate(jsonPathScope(turn, frame, effective, null));
        } else {
            result = effective;
        }
        finishWithResult(turn, frame, state, result, null, state.resultPath());
    }
}
