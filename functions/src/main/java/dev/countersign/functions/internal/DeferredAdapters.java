package dev.countersign.functions.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.TaskToken;
import dev.countersign.mail.EmailMessage;
import dev.countersign.mail.Mailer;
import dev.countersign.mail.SendResult;
import dev.countersign.workflow.CallbackResult;
import dev.countersign.workflow.WorkflowCallback;
import java.util.function.Supplier;

/**
 * The SES and Step Functions adapters, built on first use: their classes catch SDK exceptions, so even loading them
 * loads part of the SDK, and a page view needs neither.
 */
public final class DeferredAdapters {
    private DeferredAdapters() {
    }

    /** An adapter that builds what it wraps on first use. */
    public interface Deferred {
        /** True once the wrapped adapter (and its SDK client) was built. */
        boolean built();
    }

    private interface DeferredMailer extends Mailer, Deferred {
    }

    private interface DeferredCallback extends WorkflowCallback, Deferred {
    }

    public static Mailer mailer(Supplier<? extends Mailer> adapter) {
        OnFirstUse<Mailer> built = new OnFirstUse<>(adapter);
        return new DeferredMailer() {
            @Override
            public boolean built() {
                return built.built();
            }

            @Override
            public SendResult send(EmailMessage message) {
                return built.get().send(message);
            }
        };
    }

    public static WorkflowCallback callback(Supplier<? extends WorkflowCallback> adapter) {
        OnFirstUse<WorkflowCallback> built = new OnFirstUse<>(adapter);
        return new DeferredCallback() {
            @Override
            public boolean built() {
                return built.built();
            }

            @Override
            public CallbackResult succeed(TaskToken token, ObjectNode output) {
                return built.get().succeed(token, output);
            }

            @Override
            public CallbackResult fail(TaskToken token, String error, String cause) {
                return built.get().fail(token, error, cause);
            }

            @Override
            public CallbackResult heartbeat(TaskToken token) {
                return built.get().heartbeat(token);
            }
        };
    }
}
