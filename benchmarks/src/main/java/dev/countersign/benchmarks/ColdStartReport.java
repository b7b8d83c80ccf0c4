package dev.countersign.benchmarks;

/**
 * What one cold-start run measured.
 *
 * @param hello           a bare JVM printing one line
 * @param naiveSdkDefault the naive baseline with the SDK's default HTTP client (the one DESIGN.md's budget means)
 * @param naiveUrl        the naive baseline with url-connection-client
 * @param decisionGet     the decision function's GET of a review link (first view) from the shaded Lambda jar
 * @param lambdaJarBytes  the shaded Lambda jar's size
 */
public record ColdStartReport(StartupFigure hello, StartupFigure naiveSdkDefault, StartupFigure naiveUrl,
                              StartupFigure decisionGet, long lambdaJarBytes) {

    /** Decision GET over the budget's baseline, medians. */
    public double ratioToBaseline() {
        return decisionGet.medianMillis() / naiveSdkDefault.medianMillis();
    }

    /** Decision GET over the url-connection baseline (the stricter reading), medians. */
    public double ratioToUrlConnectionBaseline() {
        return decisionGet.medianMillis() / naiveUrl.medianMillis();
    }
}
