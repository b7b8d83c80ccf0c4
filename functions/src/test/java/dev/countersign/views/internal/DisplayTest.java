package dev.countersign.views.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DisplayTest {

    private static final Instant NOW = Instant.parse("2026-11-26T18:00:00Z");
    private final Display d = new Display(NOW);

    @Test
    void when_isUtcWithWeekday_andIsoHasSecondPrecision() {
        Instant t = Instant.parse("2026-11-27T17:00:09.123456Z");
        assertThat(d.when(t)).isEqualTo("Fri 27 Nov 2026, 17:00 UTC");
        assertThat(d.whenShort(t)).isEqualTo("Fri 27 Nov 17:00 UTC");
        assertThat(d.iso(t)).isEqualTo("2026-11-27T17:00:09Z");
        assertThat(d.when(Instant.parse("2027-01-03T04:05:00Z"))).isEqualTo("Sun 3 Jan 2027, 04:05 UTC");
    }

    @Test
    void relative_roundsDownToWhatMatters_inBothDirections() {
        assertThat(d.relative(NOW.plus(Duration.ofHours(23).plusMinutes(59)))).isEqualTo("in 23 hours");
        assertThat(d.relative(NOW.plusSeconds(30))).isEqualTo("in less than a minute");
        assertThat(d.relative(NOW.plus(Duration.ofMinutes(1)))).isEqualTo("in 1 minute");
        assertThat(d.relative(NOW.plus(Duration.ofMinutes(135)))).isEqualTo("in 2 hours 15 minutes");
        assertThat(d.relative(NOW.plus(Duration.ofHours(2)))).isEqualTo("in 2 hours");
        assertThat(d.relative(NOW.plus(Duration.ofHours(28)))).isEqualTo("in 1 day 4 hours");
        assertThat(d.relative(NOW.plus(Duration.ofDays(2)))).isEqualTo("in 2 days");
        assertThat(d.relative(NOW.plus(Duration.ofDays(12).plusHours(5)))).isEqualTo("in 12 days");
        assertThat(d.relative(NOW.minus(Duration.ofMinutes(5)))).isEqualTo("5 minutes ago");
    }

    @Test
    void timeLeft_saysWhenTheDeadlinePassed() {
        assertThat(d.timeLeft(NOW.plus(Duration.ofHours(3)))).isEqualTo("3 hours left");
        assertThat(d.timeLeft(NOW)).isEqualTo("no time left: the deadline passed less than a minute ago");
        assertThat(d.timeLeft(NOW.minus(Duration.ofHours(1)))).isEqualTo("no time left: the deadline passed 1 hour ago");
        assertThat(d.since(NOW.plusSeconds(60))).isEqualTo("less than a minute");
    }

    @Test
    void people_joinsNamesAsASentence() {
        assertThat(d.people(List.of("Ann"))).isEqualTo("Ann");
        assertThat(d.people(List.of("Ann", "Bo"))).isEqualTo("Ann and Bo");
        assertThat(d.people(List.of("Ann", "Bo", "Cy"))).isEqualTo("Ann, Bo and Cy");
        assertThat(d.people(java.util.Collections.nCopies(12, "X"), 10)).endsWith("X and 2 others");
    }

    @Test
    void clip_saysHowMuchIsLeftOut_andNeverSplitsACharacter() {
        assertThat(d.clip("short", 10)).isEqualTo("short");
        assertThat(d.clip("x".repeat(1234), 10)).isEqualTo("xxxxxxxxxx … [1,224 more characters on the review page]");
        assertThat(d.clip("😀😀😀", 2)).startsWith("😀😀 …");
        assertThat(d.shorten("😀😀😀", 2)).isEqualTo("😀…");
    }

    @Test
    void count_groupsThousands() {
        assertThat(Display.count(0)).isEqualTo("0");
        assertThat(Display.count(999)).isEqualTo("999");
        assertThat(Display.count(1000)).isEqualTo("1,000");
        assertThat(Display.count(1234567)).isEqualTo("1,234,567");
        assertThat(Display.count(-45000)).isEqualTo("-45,000");
    }

    @Test
    void field_wrapsTheValueUnderAHangingIndent() {
        String field = d.field("Requested by", "word ".repeat(30).strip(), 2);
        assertThat(field.lines().toList()).first().asString().startsWith("  Requested by: word");
        assertThat(field.lines().skip(1)).allSatisfy(l -> assertThat(l).startsWith("      word"));
        assertThat(field.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(PlainText.WIDTH));
    }
}
