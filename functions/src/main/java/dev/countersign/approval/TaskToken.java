package dev.countersign.approval;

/**
 * A Step Functions task token. It is stored with the approval and handed out only by
 * {@link ApprovalStore#taskTokenForCallback}; {@link ApprovalRecord} (what pages and emails see) has no field for it.
 */
public record TaskToken(String value) {
    public TaskToken {
        value = Checks.text("taskToken", value, ApprovalLimits.MAX_TASK_TOKEN_CHARS);
    }

    @Override
    public String toString() {
        return "TaskToken[<redacted>]";
    }
}
