package dev.countersign.local.engine.expr.internal.intrinsic;

/** An argument an intrinsic function cannot use; reported as States.Runtime naming the call. */
public final class IntrinsicArgumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IntrinsicArgumentException(String message) {
        super(message, null, false, false);
    }
}
