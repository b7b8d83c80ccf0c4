package dev.countersign.local.engine;

/**
 * The history event types the engine writes, named as Step Functions names them, each with the name of the field
 * that carries its details in GetExecutionHistory's JSON (null for types without details).
 */
public enum HistoryEventType {
    ExecutionStarted("executionStartedEventDetails"),
    ExecutionSucceeded("executionSucceededEventDetails"),
    ExecutionFailed("executionFailedEventDetails"),
    ExecutionTimedOut("executionTimedOutEventDetails"),
    ExecutionAborted("executionAbortedEventDetails"),

    TaskStateEntered("stateEnteredEventDetails"),
    TaskStateExited("stateExitedEventDetails"),
    TaskStateAborted(null),
    TaskScheduled("taskScheduledEventDetails"),
    TaskStarted("taskStartedEventDetails"),
    TaskStartFailed("taskStartFailedEventDetails"),
    TaskSubmitted("taskSubmittedEventDetails"),
    TaskSubmitFailed("taskSubmitFailedEventDetails"),
    TaskSucceeded("taskSucceededEventDetails"),
    TaskFailed("taskFailedEventDetails"),
    TaskTimedOut("taskTimedOutEventDetails"),

    LambdaFunctionScheduled("lambdaFunctionScheduledEventDetails"),
    LambdaFunctionScheduleFailed("lambdaFunctionScheduleFailedEventDetails"),
    LambdaFunctionStarted(null),
    LambdaFunctionStartFailed("lambdaFunctionStartFailedEventDetails"),
    LambdaFunctionSucceeded("lambdaFunctionSucceededEventDetails"),
    LambdaFunctionFailed("lambdaFunctionFailedEventDetails"),
    LambdaFunctionTimedOut("lambdaFunctionTimedOutEventDetails"),

    ChoiceStateEntered("stateEnteredEventDetails"),
    ChoiceStateExited("stateExitedEventDetails"),
    WaitStateEntered("stateEnteredEventDetails"),
    WaitStateExited("stateExitedEventDetails"),
    WaitStateAborted(null),
    PassStateEntered("stateEnteredEventDetails"),
    PassStateExited("stateExitedEventDetails"),
    SucceedStateEntered("stateEnteredEventDetails"),
    SucceedStateExited("stateExitedEventDetails"),
    FailStateEntered("stateEnteredEventDetails"),

    ParallelStateEntered("stateEnteredEventDetails"),
    ParallelStateStarted(null),
    ParallelStateSucceeded(null),
    ParallelStateFailed(null),
    ParallelStateAborted(null),
    ParallelStateExited("stateExitedEventDetails"),

    MapStateEntered("stateEnteredEventDetails"),
    MapStateStarted("mapStateStartedEventDetails"),
    MapIterationStarted("mapIterationStartedEventDetails"),
    MapIterationSucceeded("mapIterationSucceededEventDetails"),
    MapIterationFailed("mapIterationFailedEventDetails"),
    MapIterationAborted("mapIterationAbortedEventDetails"),
    MapRunStarted("mapRunStartedEventDetails"),
    MapRunSucceeded(null),
    MapRunFailed("mapRunFailedEventDetails"),
    MapRunAborted(null),
    MapStateSucceeded(null),
    MapStateFailed(null),
    MapStateAborted(null),
    MapStateExited("stateExitedEventDetails"),

    EvaluationFailed("evaluationFailedEventDetails");

    private final String detailsField;

    HistoryEventType(String detailsField) {
        this.detailsField = detailsField;
    }

    /** e.g. {@code stateEnteredEventDetails}; null when this type has no details. */
    public String detailsField() {
        return detailsField;
    }
}
