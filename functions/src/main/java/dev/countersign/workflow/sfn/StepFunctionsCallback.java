package dev.countersign.workflow.sfn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.TaskToken;
import dev.countersign.aws.RetryLoop;
import dev.countersign.aws.RetryLoop.Attempt;
import dev.countersign.aws.RetryPolicy;
import dev.countersign.aws.TransientErrors;
import dev.countersign.core.json.Json;
import dev.countersign.workflow.CallbackResult;
import dev.countersign.workflow.WorkflowCallback;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * {@link WorkflowCallback} on AWS Step Functions (or any endpoint that speaks its API, such as the local engine).
 * Transient failures are retried by {@link RetryLoop}; the SDK's own retries are off. The client is built on first
 * use, so a page view never pays for it.
 */
public final class StepFunctionsCallback implements WorkflowCallback {
    /** Step Functions refuses longer error causes. */
    public static final int MAX_CAUSE_CHARS = 32_768;
    /** ... and longer error names. */
    public static final int MAX_ERROR_CHARS = 256;

    private final Supplier<SfnClient> client;
    private final RetryLoop retries;

    public StepFunctionsCallback(Supplier<SfnClient> client, RetryPolicy retry) {
        this(client, retry, RetryLoop.Pause.SLEEP);
    }

    StepFunctionsCallback(Supplier<SfnClient> client, RetryPolicy retry, RetryLoop.Pause pause) {
        this.client = Objects.requireNonNull(client, "client");
        this.retries = new RetryLoop(retry, pause);
    }

    @Override
    public CallbackResult succeed(TaskToken token, ObjectNode output) {
        String json = Json.write(output);
        return call(token, sfn -> sfn.sendTaskSuccess(r -> r.taskToken(token.value()).output(json)));
    }

    @Override
    public CallbackResult fail(TaskToken token, String error, String cause) {
        String name = error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) : error;
        String text = cause == null ? "" : cause.length() > MAX_CAUSE_CHARS ? cause.substring(0, MAX_CAUSE_CHARS)
                : cause;
        return call(token, sfn -> sfn.sendTaskFailure(r -> r.taskToken(token.value()).error(name).cause(text)));
    }

    @Override
    public CallbackResult heartbeat(TaskToken token) {
        return call(token, sfn -> sfn.sendTaskHeartbeat(r -> r.taskToken(token.value())));
    }

    private CallbackResult call(TaskToken token, Consumer<SfnClient> request) {
        return retries.run(attempt -> {
            try {
                request.accept(client.get());
                return Attempt.done(new CallbackResult.Delivered(attempt));
            } catch (TaskTimedOutException e) {
                return Attempt.done(new CallbackResult.TaskClosed("TaskTimedOut", scrub(e, token)));
            } catch (TaskDoesNotExistException e) {
                return Attempt.done(new CallbackResult.TaskUnknown("TaskDoesNotExist", scrub(e, token)));
            } catch (InvalidTokenException e) {
                return Attempt.done(new CallbackResult.TaskUnknown("InvalidToken", scrub(e, token)));
            } catch (SdkException e) {
                return Attempt.failed(new CallbackResult.Unavailable(TransientErrors.errorCode(e), scrub(e, token),
                        attempt), TransientErrors.isTransient(e));
            }
        });
    }

    /** The service's message without the token, should a service ever echo it back. */
    private static String scrub(SdkException e, TaskToken token) {
        return TransientErrors.message(e).replace(token.value(), "<task token>");
    }
}
