package dev.countersign.local.engine.internal.run;

import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.internal.asl.SucceedState;

/** Succeed: ends its frame with the (filtered) input as output. */
final class SucceedRunner extends StateRunner<SucceedState> {
    SucceedRunner(Interpreter interpreter) {
        super(interpreter, HistoryEventType.SucceedStateEntered, HistoryEventType.SucceedStateExited);
    }

    @Override
    void start(Turn turn, Frame frame, SucceedState state) {
        finishWithInput(turn, frame, state, null, state.common().output(), null);
    }
}
