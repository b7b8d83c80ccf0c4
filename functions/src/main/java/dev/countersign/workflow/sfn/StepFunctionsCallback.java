package dev.countersign.workflow.sfn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.TaskToken;
import dev.countersign.aws.RetryLoop;
import dev.countersign.aws.RetryLoop.Attempt;
import dev.countersign.aws.RetryPolicy;
import dev.countersign.aws.internal.AwsCallException;
import dev.countersign.aws.internal.AwsJsonClient;
import dev.countersign.core.json.Json;
import dev.countersign.workflow.CallbackResult;
import dev.countersign.workflow.WorkflowCallback;
import java.util.Objects;

/**
 * {@link WorkflowCallback} on AWS Step Functions (or any endpoint that speaks its API, such as the local engine):
 * {@code SendTaskSuccess}, {@code SendTaskFailure} and {@code SendTaskHeartbeat} as signed JSON requests
 * ({@link AwsJsonClient}; the SDK's client would cost the decision's cold start more than the rest of it). Transient
 * failures (no answer, 5xx, throttling) are retried by {@link RetryLoop}, one attempt per call, so that each is
 * counted and bounded here.
 */
public final class StepFunctionsCallback implements WorkflowCallback {
    /** Step Functions refuses longer error causes. */
    public static final int MAX_CAUSE_CHARS = 32_768;
    /** ... and longer error names. */
    public static final int MAX_ERROR_CHARS = 256;

    private final AwsJsonClient client;
    private final RetryLoop retries;

    /** @param client a client for {@link AwsJsonClient.Protocol#STEP_FUNCTIONS} */
    public StepFunctionsCallback(AwsJsonClient client, RetryPolicy retry) {
        this(client, retry, RetryLoop.Pause.SLEEP);
    }

    StepFunctionsCallback(AwsJsonClient client, RetryPolicy retry, RetryLoop.Pause pause) {
        this.client = Objects.requireNonNull(client, "client").withAttempts(1);
        this.retries = new RetryLoop(retry, pause);
    }

    @Override
    public CallbackResult succeed(TaskToken token, ObjectNode output) {
        return call(token, "SendTaskSuccess", Json.object().put("taskToken", token.value())
                .put("output", Json.write(output)));
    }

    @Override
    public CallbackResult fail(TaskToken token, String error, String cause) {
        String name = error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) : error;
        String text = cause == null ? "" : cause.length() > MAX_CAUSE_CHARS ? cause.substring(0, MAX_CAUSE_CHARS)
                : cause;
        return call(token, "SendTaskFailure", Json.object().put("taskToken", token.value()).put("error", name)
                .put("cause", text));
    }

    @Override
    public CallbackResult heartbeat(TaskToken token) {
        return call(token, "SendTaskHeartbeat", Json.object().put("taskToken", token.value()));
    }

    private CallbackResult call(TaskToken token, String operation, ObjectNode request) {
        return retries.run(attempt -> {
            try {
                client.call(operation, request);
                return Attempt.done(new CallbackResult.Delivered(attempt));
            } catch (AwsCallException e) {
                String message = e.detail().replace(token.value(), "<task token>");
                return switch (e.errorName()) {
                    case "TaskTimedOut" -> Attempt.done(new CallbackResult.TaskClosed("TaskTimedOut", message));
                    case "TaskDoesNotExist", "InvalidToken" ->
                            Attempt.done(new CallbackResult.TaskUnknown(e.errorName(), message));
                    default -> Attempt.failed(new CallbackResult.Unavailable(e.errorName(), message, attempt),
                            e.transientFailure());
                };
            }
        });
    }
}
