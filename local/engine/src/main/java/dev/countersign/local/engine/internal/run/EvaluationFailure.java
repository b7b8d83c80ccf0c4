package dev.countersign.local.engine.internal.run;

import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.StatesFailure;
import java.util.Set;

/**
 * A state failed to evaluate its input or output processing (a path, a payload template, an intrinsic function, a
 * JSONata expression): the history then shows an EvaluationFailed event before the state gives up.
 */
final class EvaluationFailure extends StatesFailure {
    private static final long serialVersionUID = 1L;
    private static final Set<String> EVALUATION_ERRORS = Set.of(StatesError.RUNTIME.errorName(),
            StatesError.QUERY_EVALUATION_ERROR.errorName(), StatesError.RESULT_PATH_MATCH_FAILURE.errorName());

    EvaluationFailure(String error, String cause) {
        super(error, cause);
    }

    /** The failure, marked as an evaluation failure when its error is one that evaluating raises. */
    static StatesFailure of(StatesFailure failure) {
        if (failure instanceof EvaluationFailure || !EVALUATION_ERRORS.contains(failure.error())) {
            return failure;
        }
        return new EvaluationFailure(failure.error(), failure.causeText());
    }
}
