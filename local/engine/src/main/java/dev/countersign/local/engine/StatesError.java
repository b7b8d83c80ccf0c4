package dev.countersign.local.engine;

/** The predefined error names of the Amazon States Language. */
public enum StatesError {
    ALL("States.ALL"),
    HEARTBEAT_TIMEOUT("States.HeartbeatTimeout"),
    TIMEOUT("States.Timeout"),
    TASK_FAILED("States.TaskFailed"),
    PERMISSIONS("States.Permissions"),
    RESULT_PATH_MATCH_FAILURE("States.ResultPathMatchFailure"),
    PARAMETER_PATH_FAILURE("States.ParameterPathFailure"),
    QUERY_EVALUATION_ERROR("States.QueryEvaluationError"),
    BRANCH_FAILED("States.BranchFailed"),
    NO_CHOICE_MATCHED("States.NoChoiceMatched"),
    INTRINSIC_FAILURE("States.IntrinsicFailure"),
    EXCEED_TOLERATED_FAILURE_THRESHOLD("States.ExceedToleratedFailureThreshold"),
    ITEM_READER_FAILED("States.ItemReaderFailed"),
    RESULT_WRITER_FAILED("States.ResultWriterFailed"),
    RUNTIME("States.Runtime"),
    DATA_LIMIT_EXCEEDED("States.DataLimitExceeded");

    private final String errorName;

    StatesError(String errorName) {
        this.errorName = errorName;
    }

    /** The name as it appears in {@code ErrorEquals} and in execution history, e.g. {@code States.Timeout}. */
    public String errorName() {
        return errorName;
    }

    public StatesFailure failure(String cause) {
        return new StatesFailure(errorName, cause);
    }
}
