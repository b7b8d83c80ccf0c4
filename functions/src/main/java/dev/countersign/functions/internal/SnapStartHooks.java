package dev.countersign.functions.internal;

import dev.countersign.core.crypto.RestoreSafeRandom;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lambda SnapStart's runtime hooks (the CRaC {@code org.crac} API that Lambda's Java runtime implements): before the
 * snapshot, a handler's priming runs (its classes loaded and its code compiled into the snapshot) and the secret
 * randomness is dropped; after each restore it is dropped again, so link secrets come from the restored machine's own
 * entropy ({@link RestoreSafeRandom}).
 *
 * <p>Hooks are registered only when Lambda initialises the function for a snapshot ({@value #INITIALIZATION_TYPE} is
 * {@value #SNAP_START}): an ordinary cold start loads no CRaC class and pays nothing for this.
 */
public final class SnapStartHooks {
    /** Set by Lambda during init: {@code on-demand}, {@code provisioned-concurrency} or {@value #SNAP_START}. */
    public static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    public static final String SNAP_START = "snap-start";

    // Held here too: a CRaC context need not keep its resources reachable.
    private static final List<Hooks> REGISTERED = new CopyOnWriteArrayList<>();

    private SnapStartHooks() {
    }

    /**
     * Registers {@code priming} to run before the snapshot, when this process is initialised for SnapStart.
     *
     * @param env      the function's environment (Lambda's own variables included)
     * @param priming  exercises the handler's hot path with sample data, without side effects beyond this process
     * @return whether hooks were registered (false on an ordinary cold start and locally)
     */
    public static boolean register(Map<String, String> env, Runnable priming) {
        if (!SNAP_START.equals(env.get(INITIALIZATION_TYPE))) {
            return false;
        }
        Hooks hooks = new Hooks(priming, RestoreSafeRandom.process());
        REGISTERED.add(hooks);
        org.crac.Core.getGlobalContext().register(hooks);
        return true;
    }

    /** The hooks themselves; tests call them as Lambda would. */
    static final class Hooks implements org.crac.Resource {
        private final Runnable priming;
        private final RestoreSafeRandom random;

        Hooks(Runnable priming, RestoreSafeRandom random) {
            this.priming = Objects.requireNonNull(priming, "priming");
            this.random = Objects.requireNonNull(random, "random");
        }

        @Override
        public void beforeCheckpoint(org.crac.Context<? extends org.crac.Resource> context) {
            try {
                priming.run();
            } catch (RuntimeException | LinkageError e) {
                // Priming only makes the first request faster: a failure must not stop the version being published.
            }
            random.forget();
        }

        @Override
        public void afterRestore(org.crac.Context<? extends org.crac.Resource> context) {
            random.forget();
        }
    }
}
