package dev.countersign.benchmarks;

/** The state machines the engine benchmark runs. */
final class BenchmarkMachines {
    /** The state the callback machine enters after its task's token is completed: what resume latency waits for. */
    static final String RESUMED_STATE = "Resumed";

    /** The in-process Lambda function the callback machine invokes; it records the task token. */
    static final String CAPTURE_FUNCTION = "capture-token";

    /**
     * Ten states, six Pass and four Choice, all entered by every execution: S1 C1 S2 C2 S3 C3 S4 C4 S5 S6 (each
     * Choice's Default would skip to S6, so Choice really evaluates its rule).
     */
    static final String TEN_STATES = """
            {
              "Comment": "Benchmark: ten Pass/Choice states",
              "StartAt": "S1",
              "States": {
                "S1": {"Type": "Pass", "Parameters": {"n.$": "$.n", "step": 1}, "Next": "C1"},
                "C1": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThanEquals": 0, "Next": "S2"}],
                       "Default": "S6"},
                "S2": {"Type": "Pass", "Result": 2, "ResultPath": "$.step", "Next": "C2"},
                "C2": {"Type": "Choice", "Choices": [{"Variable": "$.step", "NumericEquals": 2, "Next": "S3"}],
                       "Default": "S6"},
                "S3": {"Type": "Pass", "Result": 3, "ResultPath": "$.step", "Next": "C3"},
                "C3": {"Type": "Choice", "Choices": [{"Variable": "$.step", "NumericEquals": 3, "Next": "S4"}],
                       "Default": "S6"},
                "S4": {"Type": "Pass", "Result": 4, "ResultPath": "$.step", "Next": "C4"},
                "C4": {"Type": "Choice", "Choices": [{"Variable": "$.step", "NumericEquals": 4, "Next": "S5"}],
                       "Default": "S6"},
                "S5": {"Type": "Pass", "Result": 5, "ResultPath": "$.step", "Next": "S6"},
                "S6": {"Type": "Pass", "End": true}
              }
            }
            """;

    /** Pauses on a task token (like the approval gate), then enters {@link #RESUMED_STATE}. */
    static final String CALLBACK = """
            {
              "Comment": "Benchmark: pause on a task token, then resume",
              "StartAt": "Gate",
              "States": {
                "Gate": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters": {"FunctionName": "%s", "Payload": {"token.$": "$$.Task.Token"}},
                  "Next": "%s"
                },
                "%s": {"Type": "Pass", "End": true}
              }
            }
            """.formatted(CAPTURE_FUNCTION, RESUMED_STATE, RESUMED_STATE);

    private BenchmarkMachines() {
    }
}
