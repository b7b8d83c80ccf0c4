package dev.countersign.local.runtime.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalLists;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStoreException;
import dev.countersign.approval.DecidedApproval;
import dev.countersign.approval.DecisionRecord;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.approval.InvalidPageTokenException;
import dev.countersign.approval.ListPage;
import dev.countersign.approval.PageRequest;
import dev.countersign.approval.PendingApproval;
import dev.countersign.approval.PendingFilter;
import dev.countersign.approval.Recipient;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditEvent;
import dev.countersign.core.RiskLevel;
import dev.countersign.local.engine.ExecutionDescription;
import dev.countersign.local.runtime.audit.AuditReport;
import dev.countersign.local.runtime.audit.PublishedAnchors;
import dev.countersign.local.runtime.generated.console.JteapprovalGenerated;
import dev.countersign.local.runtime.generated.console.JtehomeGenerated;
import dev.countersign.local.runtime.generated.console.JteproblemGenerated;
import dev.countersign.local.runtime.readers.CountersignPending;
import dev.countersign.views.PageText;
import dev.countersign.views.SecurityHeaders;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local console on the web port, for the operator and the auditor at the laptop: {@code /console} lists every
 * pending approval (newest first) and the recent decisions (most recently ended first), each a page at a time;
 * {@code /console/approvals/<id>} shows one approval, its chain's verdict (HMAC with the local audit key, and the
 * newest anchor published to the local EventBridge endpoint), the executions it belongs to as the engine reports them
 * (the one it paused, and the one that started that, for a gate run as a nested workflow), and its audit trail.
 *
 * <p>Read-only (GET and HEAD); no script, no form, the review pages' security headers with a policy for its own
 * hashed stylesheet; every value neutralised ({@link PageText}) and escaped by jte. The server is bound to the
 * loopback address, and the whole web port refuses requests naming another host ({@code LoopbackHostFilter}), so a
 * page elsewhere cannot read the console through a rebound DNS name.
 */
public final class ConsolePages implements HttpHandler {
    public static final String CONTEXT = "/console";
    static final String APPROVALS = "/console/approvals/";
    /** Rows per list page. */
    static final int PAGE_SIZE = 25;
    private final int pageSize;
    /** The review pages' policy, for this stylesheet, and no form may post anywhere. */
    public static final String POLICY = "default-src 'none'; style-src " + MailboxStyle.CSP_SOURCE
            + "; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    /** The field of a nested workflow's input that names the execution that started it. */
    static final String STARTED_BY = "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID";
    /** How many starting executions to follow up: a nested gate is one; a loop in the data stops here. */
    private static final int MAX_PARENTS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern APPROVAL_PATH = Pattern.compile("/console/approvals/([^/]{1,64})");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    /** An execution as the engine reports it; empty when the engine does not know it. */
    @FunctionalInterface
    public interface Executions {
        Optional<ExecutionDescription> describe(String executionArn);
    }

    private final ApprovalLists lists;
    private final Function<ApprovalId, Optional<ApprovalRecord>> approvals;
    private final AuditChain chain;
    private final Path anchors;
    private final Executions executions;
    private final Clock clock;

    /**
     * @param approvals an approval by id, as stored (the truth the lists project)
     * @param chain     the chain with the audit key, to verify each trail
     * @param anchors   the file the local EventBridge endpoint appends published anchors to (may not exist yet)
     */
    public ConsolePages(ApprovalLists lists, Function<ApprovalId, Optional<ApprovalRecord>> approvals,
                        AuditChain chain, Path anchors, Executions executions, Clock clock) {
        this(lists, approvals, chain, anchors, executions, clock, PAGE_SIZE);
    }

    /** As above, {@code pageSize} rows a list page (tests page through a few approvals). */
    ConsolePages(ApprovalLists lists, Function<ApprovalId, Optional<ApprovalRecord>> approvals, AuditChain chain,
                 Path anchors, Executions executions, Clock clock, int pageSize) {
        this.pageSize = pageSize;
        this.lists = Objects.requireNonNull(lists, "lists");
        this.approvals = Objects.requireNonNull(approvals, "approvals");
        this.chain = Objects.requireNonNull(chain, "chain");
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.executions = Objects.requireNonNull(executions, "executions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, problem("Read-only", "The console changes nothing: use GET. Approvers decide"
                        + " through the link in their email."));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            try {
                if (path.equals(CONTEXT) || path.equals(CONTEXT + "/")) {
                    send(exchange, 200, home(query(exchange.getRequestURI().getRawQuery())));
                    return;
                }
                Matcher matcher = APPROVAL_PATH.matcher(path);
                Optional<ApprovalRecord> approval = matcher.matches() && ApprovalId.isWellFormed(matcher.group(1))
                        ? approvals.apply(new ApprovalId(matcher.group(1))) : Optional.empty();
                if (approval.isEmpty()) {
                    send(exchange, 404, problem("No such approval", "There is no approval at this address."));
                    return;
                }
                send(exchange, 200, approval(approval.get()));
            } catch (InvalidPageTokenException e) {
                send(exchange, 400, problem("This page of the list is out of date", "Its link belongs to another"
                        + " list or was changed; start again from the first page."));
            } catch (ApprovalStoreException | PublishedAnchors.UnreadableAnchors e) {
                send(exchange, 503, problem("Cannot read the approvals", PageText.line(e.getMessage())));
            } catch (RuntimeException e) {
                // Any other failure is still a page, not a dropped connection; the console is local, so say what.
                send(exchange, 500, problem("Something failed", "The console could not show this page ("
                        + PageText.line(e.getClass().getSimpleName() + ": " + e.getMessage()) + ")."));
            }
        }
    }

    private String home(Map<String, String> query) {
        Instant now = clock.instant();
        String pendingToken = query.get("pending");
        String decidedToken = query.get("decided");
        ListPage<PendingApproval> pending = lists.pending(PendingFilter.all(), new PageRequest(pageSize, pendingToken));
        ListPage<DecidedApproval> decided = lists.recentDecisions(new PageRequest(pageSize, decidedToken));
        List<ConsoleViews.Pending> pendingRows = new ArrayList<>();
        for (PendingApproval p : pending.items()) {
            pendingRows.add(new ConsoleViews.Pending(APPROVALS + p.approvalId().value(), p.approvalId().value(),
                    PageText.line(p.workflow()), summary(p.summary()), risk(p.riskLevel()), p.level(),
                    CountersignPending.age(Duration.between(p.createdAt(), now)), iso(p.createdAt()),
                    p.deadline() == null ? "-" : shown(p.deadline()), iso(p.deadline()),
                    p.deadline() != null && p.deadline().isBefore(now)));
        }
        List<ConsoleViews.Decided> decidedRows = new ArrayList<>();
        for (DecidedApproval d : decided.items()) {
            DecisionRecord decision = d.decision();
            decidedRows.add(new ConsoleViews.Decided(APPROVALS + d.approvalId().value(), d.approvalId().value(),
                    PageText.line(d.workflow()), summary(d.summary()), risk(d.riskLevel()),
                    decision == null ? d.status().name() : decision.outcome().name(),
                    decision == null ? "-" : PageText.line(decision.decidedBy()),
                    decision == null ? "-" : shown(decision.decidedAt()),
                    decision == null ? null : iso(decision.decidedAt())));
        }
        ConsoleViews.Home view = new ConsoleViews.Home(pendingRows,
                pending.hasNext() ? link("pending", pending.nextPageToken(), "decided", decidedToken) : null,
                decidedRows, decided.hasNext() ? link("pending", pendingToken, "decided", decided.nextPageToken())
                : null, shown(now));
        StringOutput out = PageText.buffer(16 * 1024);
        JtehomeGenerated.render(PageText.html(out), null, view);
        return out.toString();
    }

    private String approval(ApprovalRecord a) {
        Optional<PublishedAnchors.Published> published = Files.exists(anchors)
                ? PublishedAnchors.newest(anchors, a.approvalId().value()) : Optional.empty();
        AuditReport report = AuditReport.verify(chain, a, published, anchors.toString());
        List<ConsoleViews.Field> decision = new ArrayList<>();
        DecisionRecord d = a.decision();
        if (d != null) {
            decision.add(new ConsoleViews.Field("Outcome", d.outcome().name()));
            decision.add(new ConsoleViews.Field("Decided by", PageText.line(d.decidedBy())));
            decision.add(new ConsoleViews.Field("At", shown(d.decidedAt())));
            decision.add(new ConsoleViews.Field("Level", Integer.toString(d.level())));
            decision.add(new ConsoleViews.Field("Through", d.channel() == null ? "-" : d.channel().wireName()));
            if (!d.approvers().isEmpty()) {
                decision.add(new ConsoleViews.Field("Approvals that counted",
                        PageText.line(String.join(", ", d.approvers()))));
            }
            if (d.comment() != null) {
                decision.add(new ConsoleViews.Field("Comment", PageText.block(d.comment())));
            }
            if (d.modificationsJson() != null) {
                decision.add(new ConsoleViews.Field("Changed parameters", PageText.line(d.modificationsJson())));
            }
            if (d.fallback() != null) {
                decision.add(new ConsoleViews.Field("Fallback applied", d.fallback().name()));
            }
        }
        List<ConsoleViews.Level> levels = new ArrayList<>();
        for (EscalationLevel level : a.levels()) {
            levels.add(new ConsoleViews.Level(level.number(), PageText.line(String.join(", ", level.recipients()
                    .stream().map(Recipient::approver).toList())), level.quorum(), level.deadline() == null ? "-"
                    : shown(level.deadline())));
        }
        List<ConsoleViews.TrailRow> trail = new ArrayList<>();
        for (AuditEvent e : a.auditTrail()) {
            trail.add(new ConsoleViews.TrailRow(e.seq(), e.at() == null ? "-" : shown(e.at()), iso(e.at()),
                    PageText.line(String.valueOf(e.type())), PageText.line(String.valueOf(e.actor())),
                    e.detailsJson() == null ? "" : PageText.line(e.detailsJson())));
        }
        ConsoleViews.Approval view = new ConsoleViews.Approval(a.approvalId().value(), summary(a.summary()),
                PageText.line(a.workflow()), a.status().name(), risk(a.riskLevel()), PageText.line(a.requester()),
                PageText.line(a.proposedBy()), PageText.line(a.proposalHash()), shown(a.createdAt()),
                iso(a.createdAt()), decision, report.intact(), PageText.line(report.verdict()), executions(a), levels,
                trail);
        StringOutput out = PageText.buffer(32 * 1024);
        JteapprovalGenerated.render(PageText.html(out), null, view);
        return out.toString();
    }

    /** The execution the approval paused, then each execution that started the one before, as far as known. */
    private List<ConsoleViews.Execution> executions(ApprovalRecord a) {
        List<ConsoleViews.Execution> found = new ArrayList<>();
        String arn = a.executionArn();
        String role = "paused at gate " + a.gate();
        for (int depth = 0; arn != null && depth < MAX_PARENTS; depth++) {
            Optional<ExecutionDescription> described = executions.describe(arn);
            if (described.isEmpty()) {
                found.add(new ConsoleViews.Execution(PageText.line(role), PageText.line(arn), "-",
                        "not known to the local engine", "-", "-"));
                break;
            }
            ExecutionDescription e = described.get();
            String machine = e.stateMachineArn().substring(e.stateMachineArn().lastIndexOf(':') + 1);
            found.add(new ConsoleViews.Execution(PageText.line(role), PageText.line(arn), PageText.line(machine),
                    e.status().name(), shown(e.startDate()), e.stopDate() == null ? "-" : shown(e.stopDate())));
            arn = startedBy(e.input());
            role = "started the execution above";
        }
        return found;
    }

    /** The execution that started one, as Step Functions passes it to a nested workflow; null when none did. */
    static String startedBy(String input) {
        if (input == null) {
            return null;
        }
        try {
            JsonNode parent = JSON.readTree(input).path(STARTED_BY);
            return parent.isTextual() && !parent.asText().isBlank() ? parent.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String problem(String title, String message) {
        StringOutput out = PageText.buffer(2 * 1024);
        JteproblemGenerated.render(PageText.html(out), null, new ConsoleViews.Problem(title, message));
        return out.toString();
    }

    private static String summary(String summary) {
        String line = PageText.line(summary);
        return line.isBlank() ? "(no summary)" : line;
    }

    private static String risk(RiskLevel risk) {
        return risk == null ? "-" : risk.wireName();
    }

    private static String shown(Instant at) {
        return at == null ? "-" : SHOWN.format(at);
    }

    private static String iso(Instant at) {
        return at == null ? null : at.toString();
    }

    /** {@code /console} with the two lists' page tokens (either may be null: that list's first page). */
    private static String link(String name1, String token1, String name2, String token2) {
        StringBuilder b = new StringBuilder(CONTEXT);
        char separator = '?';
        for (String[] pair : new String[][] {{name1, token1}, {name2, token2}}) {
            if (pair[1] != null) {
                b.append(separator).append(pair[0]).append('=').append(URLEncoder.encode(pair[1],
                        StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return b.toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                try {
                    query.putIfAbsent(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1),
                            StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new InvalidPageTokenException(pair.substring(0, equals));
                }
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String html) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "text/html; charset=utf-8");
        for (Map.Entry<String, String> header : SecurityHeaders.ALL.entrySet()) {
            headers.set(header.getKey(), header.getKey().equals("Content-Security-Policy") ? POLICY
                    : header.getValue());
        }
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
