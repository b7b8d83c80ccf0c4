package dev.countersign.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalLimits;
import dev.countersign.approval.ApprovalQueries;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.ApprovalStore;
import dev.countersign.approval.ApprovalTransitions;
import dev.countersign.approval.AuditWindow;
import dev.countersign.approval.CreateResult;
import dev.countersign.approval.DecidedApproval;
import dev.countersign.approval.EventRef;
import dev.countersign.approval.InvalidPageTokenException;
import dev.countersign.approval.NewApproval;
import dev.countersign.approval.ListPage;
import dev.countersign.approval.PageRequest;
import dev.countersign.approval.PendingApproval;
import dev.countersign.approval.PendingFilter;
import dev.countersign.approval.Recipient;
import dev.countersign.approval.TaskToken;
import dev.countersign.approval.Transition;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditKey;
import dev.countersign.audit.ChainVerification;
import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.Json;
import dev.countersign.link.LinkGrant;
import dev.countersign.link.LinkSecretHash;
import dev.countersign.link.LinkStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The approval store in memory, for fast tests: the same port, the same rules ({@link ApprovalTransitions}), the same
 * signed audit chain, one writer at a time instead of conditional writes. ApprovalStoreContract runs the same tests
 * against it and against the DynamoDB store on dynalite, so what a fast test learns here holds there.
 */
public final class InMemoryApprovalStore implements ApprovalStore, ApprovalQueries, LinkStore {
    private record Stored(ApprovalRecord record, Map<Integer, TaskToken> tokens) {
    }

    private final Map<ApprovalId, Stored> approvals = new HashMap<>();
    private final Map<String, String> proposals = new HashMap<>();
    private final Map<String, LinkGrant> links = new HashMap<>();
    private final AuditChain chain;
    private final Clock clock;

    public InMemoryApprovalStore(AuditKey auditKey, Clock clock) {
        this.chain = new AuditChain(auditKey);
        this.clock = clock;
    }

    @Override
    public synchronized CreateResult create(NewApproval request) {
        ApprovalId id = ApprovalId.forKey(request.key());
        if (approvals.containsKey(id)) {
            return apply(id, (current, now) -> ApprovalTransitions.refreshToken(current, request.level(),
                    request.taskToken(), !request.taskToken().equals(approvals.get(id).tokens().get(request.level()))))
                    .orElseThrow();
        }
        String text = CanonicalJson.canonicalize(request.proposal());
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > ApprovalLimits.MAX_PROPOSAL_BYTES) {
            throw new IllegalArgumentException("proposal takes " + size + " bytes; the store keeps at most "
                    + ApprovalLimits.MAX_PROPOSAL_BYTES + ": validate it against the proposal contract first");
        }
        proposals.put(id.value() + "#" + request.proposalHash(), text);
        Instant now = clock.instant();
        Transition.Write<CreateResult> write = ApprovalTransitions.request(request, now);
        ApprovalRecord created = written(write.next(), 0, null, write.entries(), now);
        approvals.put(id, new Stored(created, Map.of(request.level(), request.taskToken())));
        return write.result().apply(created);
    }

    @Override
    public synchronized Optional<ApprovalRecord> get(ApprovalId approvalId) {
        return Optional.ofNullable(approvals.get(approvalId)).map(Stored::record);
    }

    @Override
    public synchronized Optional<JsonNode> proposal(ApprovalId approvalId, String proposalHash) {
        return Optional.ofNullable(proposals.get(approvalId.value() + "#" + proposalHash)).map(Json::parse);
    }

    @Override
    public synchronized Optional<TaskToken> taskTokenForCallback(ApprovalId approvalId, int level) {
        return Optional.ofNullable(approvals.get(approvalId)).map(s -> s.tokens().get(level));
    }

    @Override
    public synchronized <R> Optional<R> apply(ApprovalId approvalId, Rule<R> rule) {
        Stored stored = approvals.get(approvalId);
        if (stored == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Transition<R> transition = rule.decide(stored.record(), now);
        if (transition instanceof Transition.Answer<R> answer) {
            return Optional.of(answer.result());
        }
        Transition.Write<R> write = (Transition.Write<R>) transition;
        Transition.TokenChange token = write.token();
        if (write.entries().isEmpty() && (token == null || token.token().equals(stored.tokens().get(token.level())))) {
            // Nothing to write: no event, no new token.
            return Optional.of(write.result().apply(stored.record()));
        }
        ApprovalRecord before = stored.record();
        ApprovalRecord after = written(write.next(), before.auditCount(), before.lastHash(), write.entries(), now);
        Map<Integer, TaskToken> tokens = new HashMap<>(stored.tokens());
        if (token != null) {
            tokens.put(token.level(), token.token());
        }
        approvals.put(approvalId, new Stored(after, Map.copyOf(tokens)));
        return Optional.of(write.result().apply(after));
    }

    /** {@code next} after its entries were signed onto the chain and appended, as a store writes it. */
    private ApprovalRecord written(ApprovalRecord next, int lastSeq, String lastHash, List<AuditEntry> entries,
                                   Instant now) {
        List<AuditEvent> signed = chain.extend(next.approvalId().value(), lastSeq, lastHash, now, entries);
        return next.afterWrite(signed, entries.stream().mapToInt(AuditEntry::storedBytes).sum(), now);
    }

    // ---------------------------------------------------------------- the read side

    @Override
    public synchronized ListPage<PendingApproval> pending(PendingFilter filter, PageRequest page) {
        return pending(filter.list(), r -> (filter.approver() == null || r.current().awaiting().stream()
                .map(Recipient::approver).anyMatch(filter.approver()::equals))
                && (filter.workflow() == null || filter.workflow().equals(r.workflow())), page);
    }

    @Override
    public synchronized ListPage<DecidedApproval> recentDecisions(PageRequest page) {
        List<DecidedApproval> rows = approvals.values().stream().map(Stored::record)
                .filter(r -> r.status() != ApprovalStatus.PENDING)
                .sorted(Comparator.comparing((ApprovalRecord r) -> r.decision().decidedAt())
                        .thenComparing(r -> r.approvalId().value()).reversed())
                .map(r -> new DecidedApproval(r.approvalId(), r.workflow(), r.summary(), r.riskLevel(), r.status(),
                        r.decision(), r.createdAt()))
                .toList();
        return page(rows, page, "recent decisions");
    }

    @Override
    public synchronized ListPage<EventRef> auditEvents(AuditWindow window, PageRequest page) {
        List<EventRef> rows = approvals.values().stream().map(Stored::record)
                .filter(r -> window.workflow() == null || window.workflow().equals(r.workflow()))
                .flatMap(r -> r.auditTrail().stream())
                .filter(e -> window.contains(e.at()) && (window.actor() == null || window.actor().equals(e.actor())))
                .sorted(Comparator.comparing(AuditEvent::at).thenComparing(AuditEvent::approvalId)
                        .thenComparingInt(AuditEvent::seq))
                .map(e -> new EventRef(new ApprovalId(e.approvalId()), e.seq(), e.at()))
                .toList();
        return page(rows, page, window.list());
    }

    private ListPage<PendingApproval> pending(String list, Predicate<ApprovalRecord> listed, PageRequest page) {
        List<PendingApproval> rows = approvals.values().stream().map(Stored::record)
                .filter(r -> r.status() == ApprovalStatus.PENDING && listed.test(r))
                .sorted(Comparator.comparing(ApprovalRecord::createdAt)
                        .thenComparing(r -> r.approvalId().value()).reversed())
                .map(r -> new PendingApproval(r.approvalId(), r.workflow(), r.summary(), r.riskLevel(),
                        r.currentLevel(), r.current().deadline(), r.createdAt()))
                .toList();
        return page(rows, page, list);
    }

    @Override
    public synchronized List<AuditEvent> auditTrail(ApprovalId approvalId) {
        return get(approvalId).map(ApprovalRecord::auditTrail).orElse(List.of());
    }

    @Override
    public synchronized ListPage<AuditEvent> auditEventsByActor(String actor, Instant from, Instant to,
                                                            PageRequest page) {
        if (from == null || to == null || to.isBefore(from)) {
            throw new IllegalArgumentException("time range " + from + " .. " + to + " is empty or open: give from <="
                    + " to");
        }
        String key = actor == null ? "" : actor.trim();
        String normalised = key.startsWith("countersign:") ? key : key.toLowerCase(Locale.ROOT);
        List<AuditEvent> events = approvals.values().stream().flatMap(s -> s.record().auditTrail().stream())
                .filter(e -> normalised.equals(e.actor()) && !e.at().isBefore(from) && !e.at().isAfter(to))
                .sorted(Comparator.comparing(AuditEvent::at).thenComparing(AuditEvent::approvalId)
                        .thenComparingInt(AuditEvent::seq))
                .toList();
        return page(events, page, "audit events of " + normalised + " " + from + ".." + to);
    }

    @Override
    public synchronized ListPage<ApprovalId> awaitingCallback(PageRequest page) {
        List<ApprovalId> due = approvals.values().stream().map(Stored::record).filter(ApprovalRecord::awaitsCallback)
                .sorted(Comparator.comparing(ApprovalRecord::updatedAt).thenComparing(r -> r.approvalId().value()))
                .map(ApprovalRecord::approvalId).toList();
        return page(due, page, "approvals awaiting their callback");
    }

    @Override
    public synchronized Optional<ChainVerification> verifyChain(ApprovalId approvalId) {
        return get(approvalId).map(r -> chain.verify(approvalId.value(), r.auditTrail(), r.anchor()));
    }

    /** A page of {@code rows}; the token is the list's name and the offset (a test store needs no sealing). */
    private static <T> ListPage<T> page(List<T> rows, PageRequest page, String list) {
        int from = 0;
        if (page.pageToken() != null) {
            String prefix = list + "@";
            if (!page.pageToken().startsWith(prefix)) {
                throw new InvalidPageTokenException(list);
            }
            try {
                from = Integer.parseInt(page.pageToken().substring(prefix.length()));
            } catch (NumberFormatException e) {
                throw new InvalidPageTokenException(list);
            }
        }
        int to = Math.min(rows.size(), from + page.limit());
        List<T> items = new ArrayList<>(rows.subList(Math.min(from, rows.size()), to));
        return new ListPage<>(items, to < rows.size() ? list + "@" + to : null);
    }

    // ---------------------------------------------------------------- links

    @Override
    public synchronized void saveLink(LinkGrant grant) {
        links.put(grant.hash().value(), grant);
    }

    @Override
    public synchronized Optional<LinkGrant> findLink(LinkSecretHash hash) {
        return Optional.ofNullable(links.get(hash.value()));
    }
}
