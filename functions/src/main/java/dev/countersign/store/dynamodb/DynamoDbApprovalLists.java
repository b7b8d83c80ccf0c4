package dev.countersign.store.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalLists;
import dev.countersign.approval.AuditWindow;
import dev.countersign.approval.DecidedApproval;
import dev.countersign.approval.EventRef;
import dev.countersign.approval.ListPage;
import dev.countersign.approval.PageRequest;
import dev.countersign.approval.PendingApproval;
import dev.countersign.approval.PendingFilter;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.IsoMillis;
import dev.countersign.aws.AwsClients;
import dev.countersign.core.json.Json;
import dev.countersign.store.dynamodb.internal.PageTokens;
import dev.countersign.store.dynamodb.internal.SdkTransport;
import dev.countersign.store.dynamodb.internal.StoredAttributes;
import dev.countersign.store.dynamodb.internal.StoredJson;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The lists across approvals on the approvals table (docs/data-design.md, "Lists"): one Query of one sparse index per
 * page — by-approver, by-workflow and by-state for what is pending, by-state for what ended, by-actor and by-day for
 * audit events. It needs the table alone, no audit key: {@code countersign pending} runs with an operator's table
 * credentials; the store uses it with sealed page tokens ({@link DynamoDbApprovalStore}).
 */
public final class DynamoDbApprovalLists implements ApprovalLists {
    /** The page-token field that names the day a window of events stopped in (index attributes never start so). */
    private static final String DAY_FIELD = "#day";

    private final DynamoDbTransport transport;
    private final String tableName;
    private final PageTokens pageTokens;

    DynamoDbApprovalLists(DynamoDbTransport transport, CountersignTables tables, PageTokens pageTokens) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.tableName = tables.approvals().tableName();
        this.pageTokens = Objects.requireNonNull(pageTokens, "pageTokens");
    }

    /**
     * The lists of the table the environment names ({@value CountersignTables#TABLE_VARIABLE}), with readable page
     * tokens: for a reader who holds the table's credentials and no audit key.
     */
    public static DynamoDbApprovalLists withReadableTokens(AwsClients clients, Map<String, String> env) {
        return new DynamoDbApprovalLists(new SdkTransport(clients::dynamoDb), CountersignTables.fromEnvironment(env),
                PageTokens.readable());
    }

    // ---------------------------------------------------------------- pending and decided

    @Override
    public ListPage<PendingApproval> pending(PendingFilter filter, PageRequest page) {
        String list = filter.list();
        return call("list " + list, () -> {
            JsonNode result;
            Function<JsonNode, PendingApproval> row;
            if (filter.approver() != null) {
                ObjectNode query = newestFirst(CountersignTables.BY_APPROVER, CountersignTables.APPROVER_KEY,
                        filter.approver(), page, list);
                if (filter.workflow() != null) {
                    // An approver's list is short; a workflow narrows it after the read (a page may come back short).
                    query.put("FilterExpression", "#w = :w");
                    query.with("ExpressionAttributeNames").put("#w", StoredAttributes.WORKFLOW);
                    query.with("ExpressionAttributeValues").set(":w", StoredJson.s(filter.workflow()));
                }
                result = transport.call("Query", query);
                row = StoredJson::inboxRow;
            } else if (filter.workflow() != null) {
                result = transport.call("Query", newestFirst(CountersignTables.BY_WORKFLOW,
                        CountersignTables.PENDING_WORKFLOW, filter.workflow(), page, list));
                row = StoredJson::workflowRow;
            } else {
                result = transport.call("Query", newestFirst(CountersignTables.BY_STATE, CountersignTables.STATE_KEY,
                        CountersignTables.PENDING, page, list));
                row = StoredJson::workflowRow;
            }
            return rows(result, row, list);
        });
    }

    @Override
    public ListPage<DecidedApproval> recentDecisions(PageRequest page) {
        String list = "recent decisions";
        return call("list " + list, () -> rows(transport.call("Query", newestFirst(CountersignTables.BY_STATE,
                CountersignTables.STATE_KEY, CountersignTables.DECIDED, page, list)), StoredJson::decidedRow, list));
    }

    /**
     * Approvals whose person's decision is recorded and not yet settled with its workflow, least recently changed
     * first (the sparse callback-due index): what the redelivery sweep works through.
     */
    public ListPage<ApprovalId> awaitingCallback(PageRequest page) {
        String list = "approvals awaiting their callback";
        return call("list " + list, () -> {
            ObjectNode query = query(CountersignTables.CALLBACK_DUE_INDEX, page.limit(),
                    pageTokens.openKey(page.pageToken(), list));
            query.put("KeyConditionExpression", "#p = :p");
            query.putObject("ExpressionAttributeNames").put("#p", CountersignTables.CALLBACK_DUE);
            query.putObject("ExpressionAttributeValues").set(":p", StoredJson.s(CountersignTables.DUE));
            query.put("ScanIndexForward", true);
            return rows(transport.call("Query", query), keys -> new ApprovalId(keys.path(CountersignTables.PK)
                    .path("S").asText().substring(CountersignTables.APPROVAL_PREFIX.length())), list);
        });
    }

    /** One page of a sparse index's partition, newest first; {@code list} names the list a page token belongs to. */
    private ObjectNode newestFirst(String index, String partitionAttribute, String key, PageRequest page,
                                   String list) {
        ObjectNode query = query(index, page.limit(), pageTokens.openKey(page.pageToken(), list));
        query.put("KeyConditionExpression", "#p = :p");
        query.putObject("ExpressionAttributeNames").put("#p", partitionAttribute);
        query.putObject("ExpressionAttributeValues").set(":p", StoredJson.s(key));
        query.put("ScanIndexForward", false);
        return query;
    }

    private <T> ListPage<T> rows(JsonNode result, Function<JsonNode, T> row, String list) {
        List<T> items = new ArrayList<>();
        for (JsonNode item : result.path("Items")) {
            items.add(row.apply(item));
        }
        return new ListPage<>(items, pageTokens.seal(result.get("LastEvaluatedKey"), list));
    }

    // ---------------------------------------------------------------- audit events

    @Override
    public ListPage<AuditEvent> auditEventsByActor(String actor, Instant from, Instant to, PageRequest page) {
        if (from == null || to == null || to.isBefore(from)) {
            throw new IllegalArgumentException("time range " + from + " .. " + to + " is empty or open: give from <="
                    + " to");
        }
        String normalised = AuditWindow.normalisedActor(actor == null ? "" : actor);
        String list = "audit events of " + normalised + " " + from + ".." + to;
        return call("list " + list, () -> rows(transport.call("Query", byActor(normalised, from, to, null,
                page.limit(), pageTokens.openKey(page.pageToken(), list))), StoredJson::eventRow, list));
    }

    @Override
    public ListPage<EventRef> auditEvents(AuditWindow window, PageRequest page) {
        String list = window.list();
        return call("list " + list, () -> {
            if (window.actor() != null) {
                return rows(transport.call("Query", byActor(window.actor(), window.from(), window.to(),
                        window.workflow(), page.limit(), pageTokens.openKey(page.pageToken(), list))),
                        StoredJson::eventRef, list);
            }
            return byDay(window, page, list);
        });
    }

    /** One actor's events in a time range, oldest first, optionally of one workflow only. */
    private ObjectNode byActor(String actor, Instant from, Instant to, String workflow, int limit,
                               ObjectNode start) {
        ObjectNode query = query(CountersignTables.BY_ACTOR, limit, start);
        betweenTimes(query, CountersignTables.EVENT_ACTOR, actor, from, to, workflow);
        return query;
    }

    /**
     * The events of a window from the by-day index, a partition per UTC day, oldest first: as many days as it takes to
     * fill the page, so the token names the day it stopped in as well as the key.
     */
    private ListPage<EventRef> byDay(AuditWindow window, PageRequest page, String list) {
        Map<String, String> position = pageTokens.open(page.pageToken(), list);
        LocalDate last = day(window.to());
        LocalDate day = day(window.from());
        ObjectNode start = null;
        if (position != null) {
            try {
                day = LocalDate.parse(position.remove(DAY_FIELD));
            } catch (RuntimeException e) {
                throw new dev.countersign.approval.InvalidPageTokenException(list);
            }
            start = PageTokens.exclusiveStartKey(position);
        }
        List<EventRef> items = new ArrayList<>();
        while (!day.isAfter(last) && items.size() < page.limit()) {
            ObjectNode query = query(CountersignTables.BY_DAY, page.limit() - items.size(), start);
            betweenTimes(query, CountersignTables.EVENT_DAY, day.toString(), window.from(), window.to(),
                    window.workflow());
            JsonNode result = transport.call("Query", query);
            for (JsonNode row : result.path("Items")) {
                items.add(StoredJson.eventRef(row));
            }
            start = PageTokens.exclusiveStartKey(PageTokens.position(result.get("LastEvaluatedKey")));
            if (start == null) {
                day = day.plusDays(1);
            }
        }
        if (day.isAfter(last)) {
            return new ListPage<>(items, null);
        }
        Map<String, String> next = new LinkedHashMap<>();
        next.put(DAY_FIELD, day.toString());
        Map<String, String> key = start == null ? null : PageTokens.position(start);
        if (key != null) {
            next.putAll(key);
        }
        return new ListPage<>(items, pageTokens.seal(next, list));
    }

    /** Partition {@code key} of the query's index, sort key {@code at#...} within {@code [from, to]}, oldest first. */
    private static void betweenTimes(ObjectNode query, String partitionAttribute, String key, Instant from,
                                     Instant to, String workflow) {
        query.put("KeyConditionExpression", "#p = :p AND #s BETWEEN :from AND :to");
        ObjectNode names = query.putObject("ExpressionAttributeNames").put("#p", partitionAttribute)
                .put("#s", CountersignTables.EVENT_SORT);
        ObjectNode values = query.putObject("ExpressionAttributeValues");
        values.set(":p", StoredJson.s(key));
        values.set(":from", StoredJson.s(IsoMillis.format(from)));
        // '~' sorts after every character of "#approvalId#seq": the whole last millisecond.
        values.set(":to", StoredJson.s(IsoMillis.format(to) + "#~"));
        if (workflow != null) {
            query.put("FilterExpression", "#w = :w");
            names.put("#w", StoredAttributes.WORKFLOW);
            values.set(":w", StoredJson.s(workflow));
        }
        query.put("ScanIndexForward", true);
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    // ---------------------------------------------------------------- plumbing

    private ObjectNode query(String index, int limit, ObjectNode start) {
        ObjectNode query = Json.object();
        query.put("TableName", tableName);
        query.put("IndexName", index);
        query.put("Limit", limit);
        if (start != null) {
            query.set("ExclusiveStartKey", start);
        }
        return query;
    }

    private <T> T call(String what, Supplier<T> action) {
        return call(transport, tableName, what, action);
    }

    /** Runs a store call, turning DynamoDB's refusal into an error that says what to check. */
    static <T> T call(DynamoDbTransport transport, String tableName, String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (DynamoDbTransport.Failure e) {
            throw DynamoDbApprovalStore.failure(what, tableName, transport.endpoint(), e);
        }
    }
}
