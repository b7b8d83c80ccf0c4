package dev.countersign.functions.internal;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class ColdStartTest {
    @Test
    void priming_runsToTheEnd_withoutTouchingTheNetwork() {
        // The priming thread swallows its failures (it is only an optimisation): a change on the review page's path
        // that broke it would otherwise go unseen and quietly make cold starts slower.
        assertThatCode(ColdStart::run).doesNotThrowAnyException();
    }
}
