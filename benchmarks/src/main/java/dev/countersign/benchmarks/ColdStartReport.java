package dev.countersign.benchmarks;

import java.util.Map;
import java.util.Objects;

/**
 * What one cold-start run measured.
 *
 * @param hello           a bare JVM printing one line
 * @param naiveSdkDefault the naive baseline with the SDK's default HTTP client (the one DESIGN.md's budgets mean)
 * @param naiveUrl        the naive baseline with url-connection-client
 * @param probes          each Countersign function's first invocation from the shaded Lambda jar
 * @param lambdaJarBytes  the shaded Lambda jar's size
 * @param work            what the probes did, as the harness found it afterwards
 */
public record ColdStartReport(StartupFigure hello, StartupFigure naiveSdkDefault, StartupFigure naiveUrl,
                              Map<Probe, StartupFigure> probes, long lambdaJarBytes, Work work) {

    /** The cold starts a person or a workflow waits on, each with its budget against the naive baseline. */
    public enum Probe {
        DECISION_GET("decision GET, first view", 0.5, "the approver opens the emailed link"),
        DECISION_POST("decision POST, approve", 0.5, "the approver clicks Approve: decision recorded, workflow"
                + " resumed"),
        REQUEST("request function", 1.0, "the gate's RequestApproval step: approval stored, approver emailed");

        private final String label;
        private final double ratioBudget;
        private final String what;

        Probe(String label, double ratioBudget, String what) {
            this.label = label;
            this.ratioBudget = ratioBudget;
            this.what = what;
        }

        public String label() {
            return label;
        }

        /** The budget: median over the naive baseline's median (SDK default client), measured in the same run. */
        public double ratioBudget() {
            return ratioBudget;
        }

        public String what() {
            return what;
        }
    }

    /**
     * What the harness checked after every timed run (and the untimed ones), so that a fast figure cannot come from a
     * path that did nothing.
     *
     * @param firstViews   GETs that answered the review page and recorded exactly one VIEWED
     * @param decisions    POSTs that recorded an APPROVED decision and CALLBACK_DELIVERED, after which the paused
     *                     execution succeeded with the decision as its output
     * @param requests     request invocations that stored the approval with the execution's task token, recorded
     *                     NOTIFIED and emailed the approver a link that opens it
     * @param secretReads  GetSecretValue calls for the audit key the Secrets Manager stand-in answered
     * @param functionJvms fresh JVMs of Countersign functions started (each should read the key once)
     */
    public record Work(int firstViews, int decisions, int requests, int secretReads, int functionJvms) {
    }

    public ColdStartReport {
        probes = Map.copyOf(probes);
        Objects.requireNonNull(work, "work");
    }

    public StartupFigure figure(Probe probe) {
        return probes.get(probe);
    }

    /** A probe's median over the budget's baseline (SDK default client). */
    public double ratio(Probe probe) {
        return figure(probe).medianMillis() / naiveSdkDefault.medianMillis();
    }

    /** A probe's median over the url-connection baseline (the stricter reading). */
    public double ratioToUrlConnectionBaseline(Probe probe) {
        return figure(probe).medianMillis() / naiveUrl.medianMillis();
    }

    /** Every probe under its ratio budget. */
    public boolean ratiosMet() {
        for (Probe probe : Probe.values()) {
            if (ratio(probe) >= probe.ratioBudget()) {
                return false;
            }
        }
        return true;
    }
}
