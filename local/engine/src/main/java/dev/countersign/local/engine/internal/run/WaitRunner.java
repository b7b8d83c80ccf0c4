package dev.countersign.local.engine.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.internal.Json;
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

    /**
     * Seconds, SecondsPath or a JSONata Seconds. SecondsPath's failures are worded as AWS words them: {@code The
     * SecondsPath parameter does not reference an input value: $.x}, {@code … cannot be parsed as a long value: $.x ==
     * soon}, {@code … references a negative value: $.x == -1}.
     */
    private long seconds(Turn turn, Frame frame, WaitState state) {
        DynamicValue seconds = state.seconds();
        if (seconds.path() != null) {
            String path = seconds.path().text();
            JsonNode value = seconds.path().read(jsonPathScope(turn, frame, effectiveInput(turn, frame, state), null))
                    .orElseThrow(() -> StatesError.RUNTIME.failure("The SecondsPath parameter does not reference an"
                            + " input value: " + path));
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw StatesError.RUNTIME.failure("The SecondsPath parameter cannot be parsed as a long value: " + path
                        + " == " + shown(value));
            }
            if (value.asLong() < 0) {
                throw StatesError.RUNTIME.failure("The SecondsPath parameter references a negative value: " + path
                        + " == " + shown(value));
            }
            return value.asLong();
        }
        JsonNode value = resolve(turn, frame, state, seconds, "Seconds");
        if (value == null || !value.isIntegralNumber() || value.asLong() < 0) {
            throw error(state).failure("The Seconds of Wait state '" + state.name() + "' must be a non-negative"
                    + " whole number; got " + value);
        }
        return value.asLong();
    }

    /**
     * Timestamp, TimestampPath or a JSONata Timestamp: RFC 3339 with a time zone. A value that is not one fails as AWS
     * words it: {@code The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time
     * format string: $.until == soon}.
     */
    private long timestamp(Turn turn, Frame frame, WaitState state) {
        DynamicValue timestamp = state.timestamp();
        JsonNode value = resolve(turn, frame, state, timestamp, "Timestamp");
        String field = timestamp.path() != null ? "TimestampPath" : "Timestamp";
        String source = timestamp.path() != null ? timestamp.path().text()
                : timestamp.jsonata() != null ? timestamp.jsonata().source().asText() : value.asText();
        if (value != null && value.isTextual()) {
            try {
                return OffsetDateTime.parse(value.asText()).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                // worded below
            }
        }
        throw error(state).failure("The " + field + " parameter does not reference a valid ISO-8601 extended offset"
                + " date-time format string: " + source + " == " + shown(value));
    }

    /** A value as AWS shows it in these causes: text as it is, anything else as JSON. */
    private static String shown(JsonNode value) {
        return value == null ? "null" : value.isTextual() ? value.asText() : Json.write(value);
    }

    private JsonNode resolve(Turn turn, Frame frame, WaitState state, DynamicValue value, String field) {
        return resolve(turn, frame, state, value, field, () -> effectiveInput(turn, frame, state), null, "Wait state");
    }

    private static StatesError error(WaitState state) {
        return state.language() == QueryLanguage.JSONATA ? StatesError.QUERY_EVALUATION_ERROR : StatesError.RUNTIME;
    }
}
