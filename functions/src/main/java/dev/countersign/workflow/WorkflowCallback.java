package dev.countersign.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.TaskToken;

/**
 * Hands a result back to the workflow task that waits on a task token ({@code SendTaskSuccess}, {@code
 * SendTaskFailure}, {@code SendTaskHeartbeat}). Implementations retry transient failures within their own bounds and
 * never log the token.
 */
public interface WorkflowCallback {

    /** The task succeeds with {@code output} (the Decision JSON for an approval gate). */
    CallbackResult succeed(TaskToken token, ObjectNode output);

    /**
     * The task fails with {@code error} (a {@code Countersign.*} name the workflow can Catch) and {@code cause}
     * (at most 32,768 characters, the Step Functions limit).
     */
    CallbackResult fail(TaskToken token, String error, String cause);

    /** Tells the task it is still being worked on (for tasks with a HeartbeatSeconds). */
    CallbackResult heartbeat(TaskToken token);
}
