package dev.countersign.local.runtime.readers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalStoreException;
import dev.countersign.approval.InvalidPageTokenException;
import dev.countersign.approval.ListPage;
import dev.countersign.approval.PageRequest;
import dev.countersign.approval.PendingApproval;
import dev.countersign.approval.PendingFilter;
import dev.countersign.audit.IsoMillis;
import dev.countersign.local.runtime.Usage;
import dev.countersign.local.runtime.cli.Arguments;
import dev.countersign.local.runtime.cli.CommandProblem;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./countersign pending}: what waits for a decision, newest first — everyone's, one approver's, one workflow's
 * or one approver's in one workflow — with each approval's age, deadline, level, risk and summary, a page at a time.
 * It reads the lists alone (no audit key): {@code countersign up}'s dynalite, or a deployed stack's table through the
 * standard AWS credential chain when {@code COUNTERSIGN_APPROVALS_TABLE} is set.
 *
 * <p>Exit status: 0 listed (an empty list too), 2 could not list (a command-line mistake, nothing listening, no table,
 * a page token of another list).
 */
public final class CountersignPending {
    public static final String USAGE = Usage.text("pending-usage.txt");

    static final String COMMAND = "pending";
    static final int DEFAULT_LIMIT = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int SUMMARY_WIDTH = 60;
    private static final int WORKFLOW_WIDTH = 24;

    /** The command line, checked. */
    record Options(PendingFilter filter, PageRequest page, boolean json, ReadTarget.Local local) {
    }

    private CountersignPending() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err, Clock.systemUTC()));
    }

    /** Runs the command; {@code env} is the process environment (which decides local or AWS). */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        try {
            Options options = parse(args);
            ListPage<PendingApproval> page;
            try (ReadTarget target = ReadTarget.resolve(options.local(), env, ReadTarget.tableConfigured(env))) {
                page = target.lists().pending(options.filter(), options.page());
            }
            Instant now = clock.instant();
            if (options.json()) {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(options, page, now)));
            } else {
                out.print(text(args, options, page, now));
            }
            out.flush();
            return 0;
        } catch (CommandProblem e) {
            return e.report(COMMAND, out, err);
        } catch (InvalidPageTokenException e) {
            err.println("countersign pending: --page-token " + e.getMessage().substring("pageToken ".length()));
            return 2;
        } catch (ApprovalStoreException | com.fasterxml.jackson.core.JsonProcessingException e) {
            err.println("countersign pending: " + e.getMessage());
            return 2;
        }
    }

    static Options parse(String... args) {
        Arguments arguments = Arguments.parse(COMMAND, USAGE, args, Set.of("--json"), Set.of("--approver",
                "--workflow", "--limit", "--page-token", "--data", "--dynamodb-endpoint"));
        if (!arguments.positional().isEmpty()) {
            throw arguments.problem("unexpected '" + arguments.positional().get(0) + "': pending takes options"
                    + " only (--approver EMAIL, --workflow NAME)");
        }
        String approver = arguments.value("--approver").orElse(null);
        if (approver != null && (!approver.contains("@") || approver.strip().contains(" "))) {
            throw arguments.problem("--approver '" + approver + "' is not an email address: give the approver's"
                    + " address, for example --approver approver@example.com");
        }
        int limit = DEFAULT_LIMIT;
        if (arguments.value("--limit").isPresent()) {
            String value = arguments.value("--limit").get();
            try {
                limit = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
                throw arguments.problem("--limit '" + value + "' is not a number from 1 to " + PageRequest.MAX_LIMIT);
            }
        }
        return new Options(new PendingFilter(approver, arguments.value("--workflow").orElse(null)),
                new PageRequest(limit, arguments.value("--page-token").orElse(null)), arguments.flag("--json"),
                ReadTarget.Local.from(arguments));
    }

    /** A table a person reads; the next page's command line at the end. */
    static String text(String[] args, Options options, ListPage<PendingApproval> page, Instant now) {
        StringBuilder b = new StringBuilder();
        String list = options.filter().list();
        if (page.items().isEmpty()) {
            b.append(options.page().pageToken() == null ? "no " + list : "no more " + list).append('\n');
            return b.toString();
        }
        b.append(list).append(", newest first").append(options.page().pageToken() == null ? "" : " (continued)")
                .append(": ").append(page.items().size()).append(page.hasNext() ? " on this page" : "")
                .append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"AGE", "DEADLINE", "LEVEL", "RISK", "WORKFLOW", "SUMMARY", "APPROVAL"});
        for (PendingApproval p : page.items()) {
            rows.add(new String[] {age(Duration.between(p.createdAt(), now)), deadline(p.deadline(), now),
                    Integer.toString(p.level()), p.riskLevel() == null ? "-" : p.riskLevel().wireName(),
                    clip(Terminal.line(p.workflow()), WORKFLOW_WIDTH), clip(Terminal.line(p.summary()), SUMMARY_WIDTH),
                    p.approvalId().value()});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].codePointCount(0, row[i].length()) + 2));
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        if (page.hasNext()) {
            b.append("more: ./countersign pending").append(nextArguments(args, page.nextPageToken())).append('\n');
        }
        return b.toString();
    }

    /** The same page for machines. */
    static ObjectNode json(Options options, ListPage<PendingApproval> page, Instant now) {
        ObjectNode root = JSON.createObjectNode();
        root.put("list", options.filter().list());
        root.put("approver", options.filter().approver());
        root.put("workflow", options.filter().workflow());
        root.put("asOf", IsoMillis.format(now));
        ArrayNode items = root.putArray("items");
        for (PendingApproval p : page.items()) {
            ObjectNode item = items.addObject();
            item.put("approvalId", p.approvalId().value());
            item.put("workflow", p.workflow());
            item.put("summary", p.summary());
            item.put("risk", p.riskLevel() == null ? null : p.riskLevel().wireName());
            item.put("level", p.level());
            item.put("createdAt", IsoMillis.format(p.createdAt()));
            item.put("ageSeconds", Duration.between(p.createdAt(), now).toSeconds());
            item.put("deadline", p.deadline() == null ? null : IsoMillis.format(p.deadline()));
            if (p.deadline() != null) {
                item.put("secondsToDeadline", Duration.between(now, p.deadline()).toSeconds());
            }
        }
        root.put("nextPageToken", page.nextPageToken());
        return root;
    }

    /** The arguments as given, with the next page's token instead of the current one. */
    private static String nextArguments(String[] args, String token) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--page-token")) {
                i++;
                continue;
            }
            if (arg.startsWith("--page-token=")) {
                continue;
            }
            b.append(' ').append(Terminal.shellWord(arg));
        }
        return b.append(" --page-token ").append(token).toString();
    }

    /** How long ago: {@code 45s}, {@code 12m}, {@code 3h 5m}, {@code 2d 4h}. */
    public static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + "h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + "m");
        }
        return hours / 24 + "d" + (hours % 24 == 0 ? "" : " " + hours % 24 + "h");
    }

    /** The deadline and how far it is: {@code 2026-11-25 10:15 UTC (in 3h 5m)}, or passed when it has. */
    static String deadline(Instant deadline, Instant now) {
        if (deadline == null) {
            return "-";
        }
        Duration left = Duration.between(now, deadline);
        return SHOWN.format(deadline) + (left.isNegative() ? " (passed " + age(left.negated()) + " ago)"
                : " (in " + age(left) + ")");
    }

    private static String clip(String text, int width) {
        return text.codePointCount(0, text.length()) <= width ? text
                : text.substring(0, text.offsetByCodePoints(0, width - 1)) + "…";
    }
}
