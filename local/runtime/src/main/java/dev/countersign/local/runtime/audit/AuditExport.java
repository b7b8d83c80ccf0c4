package dev.countersign.local.runtime.audit;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStoreException;
import dev.countersign.approval.AuditWindow;
import dev.countersign.approval.EventRef;
import dev.countersign.approval.ListPage;
import dev.countersign.approval.PageRequest;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditKey;
import dev.countersign.audit.ChainVerification;
import dev.countersign.audit.IsoMillis;
import dev.countersign.local.runtime.Usage;
import dev.countersign.local.runtime.cli.Arguments;
import dev.countersign.local.runtime.cli.CommandProblem;
import dev.countersign.local.runtime.readers.ReadTarget;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./countersign audit export --from T --to T}: every audit event written in a window, one row each, with its
 * approval's id, proposal hash and summary, and the approval's chain checked with the audit key (against the newest
 * published anchor when one is available) — a verdict per row and a summary at the end. Exit 1 when any chain is
 * broken (or an approval named by a published anchor is gone), 0 when every chain is intact, 2 when it could not check.
 *
 * <p>The lists find the approvals (by-day, or by-actor with {@code --actor}); the rows come from each approval's trail,
 * the very events its chain verifies, all of an approval's events of the window together in order. Approvals whose
 * list rows lag (a writer died before writing them, the repair sweep has not run yet) and approvals named by a
 * published anchor of the window that no list row led to are read by id and come last, so nothing the table holds is
 * left out. It streams: memory grows with the number of approvals (a verdict each), not with the events.
 */
public final class AuditExport {
    static final String SUBCOMMAND = "export";
    static final String COMMAND = "audit export";
    public static final String USAGE = Usage.text("audit-export-usage.txt");

    /** Approvals read per page of a list. */
    private static final int PAGE = 100;
    /** Approvals whose list rows lag, read at most (they are few: a repair sweep runs every five minutes). */
    private static final int MAX_DUE = 10_000;

    enum Format { JSONL, CSV }

    /** The command line, checked. */
    record Options(AuditWindow window, Format format, Path anchors, ReadTarget.Local local) {
    }

    /** What the export found, for the summary. */
    static final class Tally {
        long events;
        final Map<String, AuditReport> checked = new LinkedHashMap<>();
        final List<String> gone = new ArrayList<>();
        final Map<String, String> outsideLists = new LinkedHashMap<>();
        String anchorsFrom;

        long intact() {
            return checked.values().stream().filter(AuditReport::intact).count();
        }

        long matchedAnchor() {
            return checked.values().stream().filter(r -> r.intact() && r.published().isPresent()).count();
        }

        List<AuditReport> broken() {
            return checked.values().stream().filter(r -> !r.intact()).toList();
        }

        boolean allIntact() {
            return gone.isEmpty() && broken().isEmpty();
        }
    }

    private AuditExport() {
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, 1_000);
    }

    /** @param progressEvery a progress line on {@code err} after every this many events */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, int progressEvery) {
        try {
            Options options = parse(args);
            Tally tally;
            try (ReadTarget target = ReadTarget.resolve(options.local(), env, ReadTarget.keyConfigured(env))) {
                AuditKey key = target.auditKey();
                Path anchorsFile = options.anchors() != null ? options.anchors()
                        : target.localAnchors().orElse(null);
                List<PublishedAnchors.Published> anchors = anchorsFile == null ? List.of()
                        : PublishedAnchors.read(anchorsFile);
                ExportRows rows = options.format() == Format.CSV ? ExportRows.csv(out) : ExportRows.jsonl(out);
                tally = new Export(target, key, options.window(), anchors,
                        anchorsFile == null ? null : anchorsFile.toString(), rows, err, progressEvery).run();
                rows.summary(options.window(), tally);
            }
            out.flush();
            err.print(summary(options.window(), tally));
            err.flush();
            return tally.allIntact() ? 0 : 1;
        } catch (CommandProblem e) {
            return e.report(COMMAND, out, err);
        } catch (PublishedAnchors.UnreadableAnchors | ApprovalStoreException e) {
            err.println("countersign audit export: " + e.getMessage());
            return 2;
        }
    }

    static Options parse(String... args) {
        Arguments arguments = Arguments.parse(COMMAND, USAGE, args, Set.of(), Set.of("--from", "--to", "--actor",
                "--workflow", "--format", "--anchors", "--data", "--dynamodb-endpoint"));
        if (!arguments.positional().isEmpty()) {
            throw arguments.problem("unexpected '" + arguments.positional().get(0) + "': export takes options only"
                    + " (--from TIME --to TIME)");
        }
        Instant from = time(arguments, "--from", false);
        Instant to = time(arguments, "--to", true);
        if (to.isBefore(from)) {
            throw arguments.problem("--to " + IsoMillis.format(to) + " is before --from " + IsoMillis.format(from)
                    + ": give a window that ends after it starts");
        }
        Format format = switch (arguments.value("--format").orElse("jsonl").toLowerCase(Locale.ROOT)) {
            case "jsonl" -> Format.JSONL;
            case "csv" -> Format.CSV;
            default -> throw arguments.problem("--format '" + arguments.value("--format").get() + "' is not jsonl"
                    + " or csv");
        };
        return new Options(new AuditWindow(from, to, arguments.value("--actor").orElse(null),
                arguments.value("--workflow").orElse(null)), format,
                arguments.value("--anchors").map(Path::of).orElse(null), ReadTarget.Local.from(arguments));
    }

    /** A window's end: a UTC time, a time with an offset, or a day (its first or, for {@code --to}, last millisecond). */
    static Instant time(Arguments arguments, String option, boolean end) {
        String value = arguments.value(option).orElseThrow(() -> arguments.problem(option + " is missing: give the"
                + " window's " + (end ? "end" : "start") + " as a day (2026-10-01) or a UTC time (2026-10-01T09:30:00Z)"));
        try {
            if (value.length() == "2026-10-01".length()) {
                LocalDate day = LocalDate.parse(value);
                return end ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1)
                        : day.atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return IsoMillis.truncate(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeException e) {
            throw arguments.problem(option + " '" + value + "' is neither a day (2026-10-01) nor a time with its"
                    + " zone (2026-10-01T09:30:00Z)");
        }
    }

    /** The summary a person reads at the end, on standard error. */
    static String summary(AuditWindow window, Tally tally) {
        StringBuilder b = new StringBuilder();
        b.append("countersign audit export: ").append(tally.events).append(tally.events == 1 ? " event" : " events")
                .append(" of ").append(tally.checked.size()).append(tally.checked.size() == 1 ? " approval"
                        : " approvals").append(", ").append(IsoMillis.format(window.from())).append(" to ")
                .append(IsoMillis.format(window.to()));
        if (window.actor() != null) {
            b.append(", actor ").append(window.actor());
        }
        if (window.workflow() != null) {
            b.append(", workflow ").append(window.workflow());
        }
        b.append('\n');
        long intact = tally.intact();
        b.append("  chains intact: ").append(intact);
        if (intact > 0) {
            long matched = tally.matchedAnchor();
            b.append(" (").append(matched).append(" checked against their newest published anchor");
            if (matched < intact) {
                b.append(", ").append(intact - matched).append(tally.anchorsFrom == null
                        ? " against their own item only: no anchors given, see --anchors"
                        : " with no anchor in " + tally.anchorsFrom + ", checked against their own item only");
            }
            b.append(')');
        }
        b.append('\n');
        List<AuditReport> broken = tally.broken();
        if (!broken.isEmpty() || !tally.gone.isEmpty()) {
            b.append("  BROKEN: ").append(broken.size() + tally.gone.size()).append('\n');
            for (AuditReport report : broken) {
                b.append("    ").append(report.approval().approvalId()).append(' ').append(report.verdict())
                        .append('\n');
            }
            for (String gone : tally.gone) {
                b.append("    ").append(gone).append('\n');
            }
        }
        if (!tally.outsideLists.isEmpty()) {
            b.append("  read by id, not found through the lists: ").append(tally.outsideLists.size()).append('\n');
            tally.outsideLists.forEach((id, why) -> b.append("    ").append(id).append(": ").append(why)
                    .append('\n'));
        }
        return b.toString();
    }

    /** One run: finds the approvals, checks each chain once, writes each approval's events of the window. */
    private static final class Export {
        private final ReadTarget target;
        private final DynamoDbApprovalStore store;
        private final AuditChain chain;
        private final AuditWindow window;
        private final List<PublishedAnchors.Published> anchors;
        private final Map<String, PublishedAnchors.Published> newest;
        private final ExportRows rows;
        private final PrintStream progress;
        private final int progressEvery;
        private final Tally tally = new Tally();
        private final Set<String> visited = new java.util.HashSet<>();
        private long nextProgress;

        Export(ReadTarget target, AuditKey key, AuditWindow window, List<PublishedAnchors.Published> anchors,
               String anchorsFrom, ExportRows rows, PrintStream progress, int progressEvery) {
            this.target = target;
            this.store = target.store(key);
            this.chain = new AuditChain(key);
            this.window = window;
            this.anchors = anchors;
            this.newest = PublishedAnchors.newestByApproval(anchors);
            this.rows = rows;
            this.progress = progress;
            this.progressEvery = progressEvery;
            this.nextProgress = progressEvery;
            tally.anchorsFrom = anchorsFrom;
        }

        Tally run() {
            // Asked before the lists are read: an approval whose rows are written meanwhile is then found twice,
            // never not at all.
            List<ApprovalId> due = target.lagging(MAX_DUE);
            PageRequest page = PageRequest.first(PAGE);
            while (true) {
                ListPage<EventRef> refs = target.lists().auditEvents(window, page);
                for (EventRef ref : refs.items()) {
                    if (visited.add(ref.approvalId().value())) {
                        approval(ref.approvalId(), null, false);
                    }
                }
                if (!refs.hasNext()) {
                    break;
                }
                page = page.next(refs);
            }
            for (ApprovalId id : due) {
                if (visited.add(id.value())) {
                    approval(id, "its list rows were not written yet (the repair sweep adds them)", true);
                }
            }
            for (PublishedAnchors.Published anchor : anchors) {
                if (inWindow(anchor) && ApprovalId.isWellFormed(anchor.approvalId())
                        && visited.add(anchor.approvalId())) {
                    // With --actor, an approval without that actor's events here is not part of the export.
                    approval(new ApprovalId(anchor.approvalId()), "named by an anchor published at " + anchor.at()
                            + " (" + anchor.source() + ")", window.actor() != null);
                }
            }
            return tally;
        }

        /**
         * Reads, checks and writes one approval's events of the window.
         *
         * @param outside  why no list row led here, or null when one did
         * @param onlyIfIn leave it out when it has no event in the window, broken or not (a lagging approval may
         *                 belong to another window)
         */
        private void approval(ApprovalId id, String outside, boolean onlyIfIn) {
            Optional<ApprovalRecord> found = store.get(id);
            if (found.isEmpty()) {
                PublishedAnchors.Published anchor = newest.get(id.value());
                if (anchor != null) {
                    // Published, so it existed: someone deleted the approval item.
                    tally.gone.add(id + " is not in table " + target.tableName() + ", but an anchor for its seq "
                            + anchor.seq() + " was published at " + anchor.at() + ": the approval was deleted");
                }
                return;
            }
            ApprovalRecord approval = found.get();
            if (window.workflow() != null && !window.workflow().equals(approval.workflow())) {
                return;
            }
            PublishedAnchors.Published anchor = newest.get(id.value());
            AuditReport report = AuditReport.verify(chain, approval, Optional.ofNullable(anchor), tally.anchorsFrom);
            List<AuditEvent> events = new ArrayList<>();
            for (AuditEvent event : approval.auditTrail()) {
                if (window.contains(event.at()) && (window.actor() == null || window.actor().equals(event.actor()))) {
                    events.add(event);
                }
            }
            if (events.isEmpty() && (report.intact() || onlyIfIn)) {
                // Nothing of it in this window (a list row may lead here for an actor's event of a filtered workflow).
                return;
            }
            tally.checked.put(id.value(), report);
            if (outside != null) {
                tally.outsideLists.put(id.value(), outside);
            }
            for (AuditEvent event : events) {
                rows.event(approval, event, report);
                tally.events++;
                if (tally.events >= nextProgress) {
                    nextProgress += progressEvery;
                    progress.println("countersign audit export: " + tally.events + " events of "
                            + tally.checked.size() + " approvals so far (at " + IsoMillis.format(event.at()) + ")");
                    progress.flush();
                }
            }
        }

        private boolean inWindow(PublishedAnchors.Published anchor) {
            try {
                return window.contains(IsoMillis.parse(anchor.at()));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    /** Whether a verification found the chain broken: for rows. */
    static String chainColumn(AuditReport report) {
        return report.verification() instanceof ChainVerification.Broken broken ? "broken at seq " + broken.seq()
                : "intact";
    }
}
