package dev.countersign.approval;

/**
 * What makes an approval unique: one gate of one Step Functions execution. Retries of the same gate map to the same
 * approval; a workflow that passes the same gate twice (a loop) must give each pass its own gate name.
 */
public record ApprovalKey(String executionArn, String gate) {
    public ApprovalKey {
        executionArn = Checks.text("executionArn", executionArn, ApprovalLimits.MAX_EXECUTION_ARN_CHARS);
        gate = Checks.text("gate", gate, ApprovalLimits.MAX_GATE_CHARS);
        if (!executionArn.startsWith("arn:")) {
            throw new IllegalArgumentException("executionArn '" + executionArn + "' is not an ARN: pass the"
                    + " execution's ARN ($$.Execution.Id)");
        }
    }
}
