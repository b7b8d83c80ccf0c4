package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.internal.asl.DynamicValue;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.asl.WaitState;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Wait: a durable timer until Seconds from now or until Timestamp; a deadline in the past moves on at once. */
final class WaitRunner extends StateRunner<WaitState> {
    WaitRunner(Interpreter interpreter) {
        super(interpreter, HistoryEventType.WaitStateEntered, HistoryEventType.WaitStateExited);
    }

    @Override
    void start(Turn turn, Frame frame, WaitState state) {
        long due = state.seconds() != null ? turn.now + seconds(turn, frame, state) * 1000
                : timestamp(turn, frame, state);
        if (due <= turn.now) {
            finish(turn, frame, state);
            return;
        }
        frame.activity = new Activity.Waiting(due);
        turn.setTimer(frame, Cell.TimerKind.WAIT, due, null);
        turn.save(frame);
    }

    @Override
    void onTimer(Turn turn, Frame frame, WaitState state, Cell.Timer timer) {
        if (timer.kind() == Cell.TimerKind.WAIT && frame.activity instanceof Activity.Waiting) {
            finish(turn, frame, state);
        }
    }

    @Override
    void abort(Turn turn, Frame frame, WaitState state) {
        if (frame.activity instanceof Activity.Waiting) {
            turn.cancelTimer(frame, Cell.TimerKind.WAIT);
            turn.event(frame, HistoryEventType.WaitStateAborted, null);
        }
    }

    private void finish(Turn turn, Frame frame, WaitState state) {
        finishWithInput(turn, frame, state, state.common().assign(), state.common().output(), state.common().next());
    }

    private long seconds(Turn turn, Frame frame, WaitState state) {
        JsonNode value = resolve(turn, frame, state, state.seconds(), "Seconds");
        if (value == null || !value.isIntegralNumber() || value.asLong() < 0) {
            throw error(state).failure("The Seconds of Wait state '" + state.name() + "' must be a non-negative"
                    + " whole number; got " + value);
        }
        return value.asLong();
    }

    private long timestamp(Turn turn, Frame frame, WaitState state) {
        JsonNode value = resolve(turn, frame, state, state.timestamp(), "Timestamp");
        if (value == null || !value.isTextual()) {
            throw error(state).failure("The Timestamp of Wait state '" + state.name() + "' must be an ISO 8601"
                    + " string; got " + value);
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw error(state).failure("The Timestamp of Wait state '" + state.name() + "' is not an ISO 8601"
                    + " timestamp with a time zone: " + value);
        }
    }

    private JsonNode resolve(Turn turn, Frame frame, WaitState state, DynamicValue value, String field) {
        return resolve(turn, frame, state, value, field, () -> effectiveInput(turn, frame, state), null, "Wait state");
    }

    private static StatesError error(WaitState state) {
        return state.language() == QueryLanguage.JSONATA ? StatesError.QUERY_EVALUATION_ERROR : StatesError.RUNTIME;
    }
}
