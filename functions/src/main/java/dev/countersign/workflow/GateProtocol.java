package dev.countersign.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;

/**
 * The contract between an approval gate's states and the Countersign functions: the names of the fields the gate's
 * Task states pass (Route, RequestApproval, Escalate) and of the route fields its Choice reads. The CDK construct that
 * writes the states ({@code ApprovalGate} in {@code infra/}) and the functions that read them use these constants, so
 * the two cannot drift apart.
 *
 * <p>Route input {@code {executionArn, gate, proposal, approvers?, timeoutSeconds?}}; RequestApproval payload
 * {@code {taskToken, executionArn, gate, proposal, approval, enteredTime}}; Escalate input
 * {@code {executionArn, gate, approval}}. {@code approval} is the gate's own slot in the workflow state: the route
 * (with its current {@code phase}) while the gate waits, the Decision once it is decided, or {@code {failed: {error,
 * cause}}} when the rule's fallback is FAILED.
 */
public final class GateProtocol {
    /** {@code $$.Task.Token} (RequestApproval only). */
    public static final String TASK_TOKEN = "taskToken";
    /** {@code $$.Execution.Id}: with {@link #GATE}, the approval's identity. */
    public static final String EXECUTION_ARN = "executionArn";
    /** The gate's name in the workflow (several gates may share an execution). */
    public static final String GATE = "gate";
    /** The Proposal (see {@link #proposal(JsonNode)} for the envelope the nested gate also accepts). */
    public static final String PROPOSAL = "proposal";
    /** The gate's slot: the route, then the Decision (or {@link #FAILED}). */
    public static final String APPROVAL = "approval";
    /** {@code $$.State.EnteredTime} of RequestApproval: the level's deadline is exact with it. */
    public static final String ENTERED_TIME = "enteredTime";
    /** The gate's own approvers (Route input only): a one-level route instead of the routing rules. */
    public static final String APPROVERS = "approvers";
    /** How long the gate's own approvers have (Route input only, with {@link #APPROVERS}). */
    public static final String TIMEOUT_SECONDS = "timeoutSeconds";
    /** The route's current wait; present while the gate should wait (again). */
    public static final String PHASE = dev.countersign.routing.Route.PHASE;
    /** The phase's length: RequestApproval's {@code TimeoutSecondsPath} is {@code <slot>.phase.seconds}. */
    public static final String PHASE_SECONDS = dev.countersign.routing.Phase.SECONDS;
    /** Present when the gate ends without a Decision (fallback FAILED): {@code {error, cause}} for the Fail state. */
    public static final String FAILED = "failed";
    public static final String FAILED_ERROR = "error";
    public static final String FAILED_CAUSE = "cause";
    /** The Decision's outcome field, which the gate's Outcome choice reads. */
    public static final String OUTCOME = "outcome";

    /**
     * The field Step Functions reads in a nested execution's input to link it to the execution that started it
     * ({@code AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID}); the gate never treats it as part of the proposal.
     */
    public static final String STARTED_BY = "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID";

    /**
     * Lambda's transient invocation errors: every gate Task retries exactly these (with the construct's backoff). A
     * refusal ({@code Countersign.*}) is never retried: it would be refused again.
     */
    public static final List<String> TRANSIENT_LAMBDA_ERRORS = List.of("Lambda.ServiceException",
            "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException",
            "Lambda.ClientExecutionTimeoutException");

    private GateProtocol() {
    }

    /**
     * The Proposal in a gate's {@code proposal} field. The nested gate workflow takes the Proposal itself as its
     * input, or — when a parent links the child with {@link #STARTED_BY}, which must sit at the top of the input —
     * the envelope {@code {"proposal": <Proposal>, "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID": "..."}}. A Proposal
     * never has a {@code proposal} member (its schema forbids unknown members), so the two cannot be confused; a
     * top-level {@link #STARTED_BY} beside a bare Proposal is dropped too.
     *
     * @return the Proposal to validate (the same node when there is nothing to remove)
     */
    public static JsonNode proposal(JsonNode value) {
        if (value == null || !value.isObject()) {
            return value;
        }
        JsonNode inner = value.get(PROPOSAL);
        if (inner != null && inner.isObject() && onlyEnvelopeMembers(value)) {
            return inner;
        }
        if (value.has(STARTED_BY)) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = value.deepCopy();
            copy.remove(STARTED_BY);
            return copy;
        }
        return value;
    }

    private static boolean onlyEnvelopeMembers(JsonNode value) {
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(PROPOSAL) && !name.equals(STARTED_BY)) {
                return false;
            }
        }
        return true;
    }
}
