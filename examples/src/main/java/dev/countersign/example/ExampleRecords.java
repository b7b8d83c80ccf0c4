package dev.countersign.example;

/**
 * The example records table: where every example workflow writes how it ended — what it paid, published, sent or
 * erased, and what went back to a human queue. One item per outcome, keyed {@value #KEY} = {@code <kind>/<id>} (e.g.
 * {@code article/winter-opening-hours}, {@code support-queue/T-5512}), with the step's answer as JSON text in
 * {@value #DETAIL}, the execution and when it was recorded.
 */
public final class ExampleRecords {
    /** The table's name after the deployment's prefix ({@code countersign-example-records}). */
    public static final String TABLE = "example-records";
    public static final String KEY = "record";
    public static final String DETAIL = "detail";
    public static final String EXECUTION = "execution";
    public static final String RECORDED_AT = "recordedAt";

    private ExampleRecords() {
    }
}
