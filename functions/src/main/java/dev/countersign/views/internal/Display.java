package dev.countersign.views.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Every formatting decision of emails and pages, bound to one "now": times (UTC, absolute and relative), text
 * neutralising, clipping and wrapping. Templates call it; nothing else formats. Hand-rolled on purpose: a
 * {@code DateTimeFormatter} with a locale loads locale data, which costs a cold start tens of milliseconds.
 */
public final class Display {

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

    private final Instant now;

    public Display(Instant now) {
        this.now = now;
    }

    /** The instant this rendering treats as now. */
    public Instant now() {
        return now;
    }

    // ---- text -----------------------------------------------------------------------------------------------

    /** One line of untrusted text, safe to show (see {@link DisplayText#line}). */
    public String line(String s) {
        return DisplayText.line(s);
    }

    /** Multi-line untrusted text, safe to show (see {@link DisplayText#block}). */
    public String block(String s) {
        return DisplayText.block(s);
    }

    /**
     * At most {@code max} characters of {@code s}; a cut value ends with a note saying how much is left out and
     * where to see it. Emails clip (a clipped Gmail message hides its end); pages never do.
     */
    public String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        int length = DisplayText.length(s);
        if (length <= max) {
            return s;
        }
        String head = s.substring(0, s.offsetByCodePoints(0, max));
        return head + " … [" + count(length - max) + " more characters on the review page]";
    }

    /** At most {@code max} characters, ending in "…" when cut: for titles whose full text is shown nearby. */
    public String shorten(String s, int max) {
        return s == null ? "" : DisplayText.clip(s, max, "…");
    }

    /** The first {@code max} items. */
    public <T> List<T> first(List<T> items, int max) {
        return items.size() <= max ? items : items.subList(0, max);
    }

    /** How many items {@link #first} leaves out. */
    public int beyond(List<?> items, int max) {
        return Math.max(0, items.size() - max);
    }

    /** Untrusted multi-line text for the plain-text part: neutralised, wrapped at 76 columns, indented. */
    public String wrap(String s, int indent) {
        return PlainText.wrap(DisplayText.block(s), indent);
    }

    /** "Label: value" for the plain-text part, the value neutralised and wrapped under a hanging indent. */
    public String field(String label, String value, int indent) {
        return PlainText.wrap(DisplayText.line(label) + ": " + DisplayText.line(value), indent, indent + 4);
    }

    /**
     * A plain-text section title preceded by a blank line. (The text templates trim control-structure lines, which
     * also drops a blank line written right after one; a heading carries its own.)
     */
    public String heading(String title) {
        return "\n" + title;
    }

    /** A web link for the plain-text part, indented but never wrapped (a wrapped URL stops working). */
    public String link(String webUrl, int indent) {
        return " ".repeat(indent) + webUrl;
    }

    /** "Alice", "Alice and Bob", "Alice, Bob and Carol" (each name neutralised). */
    public String people(List<String> names) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(i == names.size() - 1 ? " and " : ", ");
            }
            out.append(DisplayText.line(names.get(i)));
        }
        return out.toString();
    }

    /** As {@link #people(List)}, each name clipped to {@code maxEach} characters and at most 10 names (emails). */
    public String people(List<String> names, int maxEach) {
        List<String> clipped = new java.util.ArrayList<>();
        for (String name : first(names, 10)) {
            clipped.add(clip(name, maxEach));
        }
        if (names.size() > 10) {
            clipped.add(plural(names.size() - 10, "other", "others"));
        }
        return people(clipped);
    }

    /** 12345 → "12,345". */
    public static String count(long n) {
        String digits = Long.toString(Math.abs(n));
        StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3 + 1);
        if (n < 0) {
            out.append('-');
        }
        int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        out.append(digits, 0, lead);
        for (int i = lead; i < digits.length(); i += 3) {
            out.append(',').append(digits, i, i + 3);
        }
        return out.toString();
    }

    /** "1 parameter", "3 parameters". */
    public static String plural(long n, String singular, String plural) {
        return count(n) + " " + (n == 1 ? singular : plural);
    }

    // ---- time -----------------------------------------------------------------------------------------------

    /** "Fri 27 Nov 2026, 17:00 UTC". */
    public String when(Instant t) {
        return whenUtc(t);
    }

    /** {@link #when} without a rendering's "now" (parameter values). */
    static String whenUtc(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        return DAYS[d.getDayOfWeek().ordinal()] + " " + d.getDayOfMonth() + " " + MONTHS[d.getMonthValue() - 1] + " "
                + d.getYear() + ", " + twoDigits(d.getHour()) + ":" + twoDigits(d.getMinute()) + " UTC";
    }

    /** "Fri 27 Nov 17:00 UTC": short enough for a subject line. */
    public String whenShort(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        return DAYS[d.getDayOfWeek().ordinal()] + " " + d.getDayOfMonth() + " " + MONTHS[d.getMonthValue() - 1] + " "
                + twoDigits(d.getHour()) + ":" + twoDigits(d.getMinute()) + " UTC";
    }

    /** "2026-11-27T17:00:00Z" (seconds precision), for {@code <time datetime>} and the plain-text part. */
    public String iso(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** "in 23 hours", "5 minutes ago", "in less than a minute". */
    public String relative(Instant t) {
        Duration d = Duration.between(now, t);
        if (d.isNegative()) {
            return duration(d.negated()) + " ago";
        }
        return "in " + duration(d);
    }

    /** "23 hours left", or "no time left: the deadline passed 5 minutes ago". */
    public String timeLeft(Instant deadline) {
        Duration d = Duration.between(now, deadline);
        if (d.isNegative() || d.isZero()) {
            return "no time left: the deadline passed " + duration(d.negated()) + " ago";
        }
        return duration(d) + " left";
    }

    /** Whether {@code t} is in the past. */
    public boolean passed(Instant t) {
        return !now.isBefore(t);
    }

    /** How long since {@code t}: "1 day 2 hours". */
    public String since(Instant t) {
        Duration d = Duration.between(t, now);
        return duration(d.isNegative() ? Duration.ZERO : d);
    }

    /**
     * A span in words, rounded down to what matters: "less than a minute", "45 minutes", "2 hours 15 minutes"
     * (under 3 hours), "23 hours", "1 day 4 hours" (under a week), "12 days".
     */
    public String duration(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return "less than a minute";
        }
        if (minutes < 60) {
            return plural(minutes, "minute", "minutes");
        }
        long hours = d.toHours();
        if (hours < 3) {
            long rest = minutes - hours * 60;
            return plural(hours, "hour", "hours") + (rest > 0 ? " " + plural(rest, "minute", "minutes") : "");
        }
        if (hours < 24) {
            return plural(hours, "hour", "hours");
        }
        long days = d.toDays();
        long restHours = hours - days * 24;
        if (days < 7 && restHours > 0) {
            return plural(days, "day", "days") + " " + plural(restHours, "hour", "hours");
        }
        return plural(days, "day", "days");
    }

    private static String twoDigits(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
