package dev.countersign.local.runtime.readers;

import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.NewApproval;
import dev.countersign.approval.TaskToken;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AuditKey;
import dev.countersign.audit.AuditKeys;
import dev.countersign.aws.AwsClients;
import dev.countersign.aws.AwsService;
import dev.countersign.aws.AwsSettings;
import dev.countersign.core.Channel;
import dev.countersign.core.RiskLevel;
import dev.countersign.functions.FunctionDependencies;
import dev.countersign.functions.JsonLog;
import dev.countersign.local.dynalite.DynaliteServer;
import dev.countersign.local.events.EventLog;
import dev.countersign.local.events.LocalEventBridgeEndpoint;
import dev.countersign.audit.eventbridge.EventBridgeAnchorPublisher;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import dev.countersign.testing.ApprovalRequests;
import dev.countersign.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What countersign up leaves for the reader commands, without the rest of the runtime: dynalite with the default
 * table, a data directory with the audit key, and the local EventBridge endpoint appending the anchors the store
 * publishes to its events.jsonl — approvals written by the real store on a clock the test moves.
 */
public final class ReaderFixture implements AutoCloseable {
    public final Path data;
    public final MutableClock clock = MutableClock.at("2026-11-02T09:00:00Z");
    public final DynaliteServer dynalite;
    public final AwsClients clients;
    public final AuditKey key;
    public final DynamoDbApprovalStore store;
    private final LocalEventBridgeEndpoint.Server events;

    /** One command's output and exit status. */
    public record Run(int status, String out, String err) {
    }

    public ReaderFixture(Path data) {
        this.data = data;
        dynalite = DynaliteServer.startInMemory();
        try {
            events = new LocalEventBridgeEndpoint(EventLog.in(data), clock).start(0);
        } catch (IOException e) {
            dynalite.close();
            throw new UncheckedIOException(e);
        }
        // dynalite checks no signature; fixed keys keep the SDK from looking for real ones.
        Map<String, String> env = Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", AwsSettings.LOCAL_ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", AwsSettings.LOCAL_ACCESS_KEY,
                AwsService.DYNAMODB.endpointVariable(), dynalite.endpoint().toString(),
                AwsService.EVENTBRIDGE.endpointVariable(), events.endpoint().toString(),
                EventBridgeAnchorPublisher.BUS_VARIABLE, "countersign-events");
        clients = AwsClients.fromEnvironment(env);
        CountersignTables.defaults().createMissing(clients.dynamoDb());
        key = AuditKeys.localKey(data.resolve(AuditKeys.KEY_FILE));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        store = DynamoDbApprovalStore.overSdk(clients.dynamoDb(), CountersignTables.defaults(), key, clock,
                FunctionDependencies.anchors(env, clients, clock, new JsonLog(quiet, clock, "test")));
    }

    /** An approval of {@code workflow} asked of {@code approvers} now, with a deadline in a day. */
    public ApprovalRecord ask(String workflow, String summary, RiskLevel risk, String... approvers) {
        return ask(store, workflow, summary, risk, approvers);
    }

    /** As {@link #ask(String, String, RiskLevel, String...)}, written by {@code writer}. */
    public ApprovalRecord ask(DynamoDbApprovalStore writer, String workflow, String summary, RiskLevel risk,
                              String... approvers) {
        NewApproval request = new NewApproval(new ApprovalKey("arn:aws:states:us-east-1:123456789012:execution:"
                + workflow + ":" + UUID.randomUUID(), "approval"), workflow, summary, risk, "sam@shop.example",
                "refund-agent", ApprovalRequests.refund(workflow, 120), 1, List.of(approvers), 1,
                clock.instant().plus(Duration.ofDays(1)), new TaskToken("token-" + UUID.randomUUID()),
                "countersign:request", null);
        return writer.create(request).approval();
    }

    public ApprovalRecord decide(ApprovalRecord approval, String approver, Verdict verdict, String comment) {
        store.decide(new DecisionRequest(approval.approvalId(), approval.currentLevel(), approver, verdict, comment,
                Channel.EMAIL_LINK, null));
        return store.get(approval.approvalId()).orElseThrow();
    }

    public void later(Duration duration) {
        clock.advance(duration);
    }

    /** Someone with write access to the table edits the approval item directly. */
    public void tamper(ApprovalId id, String update, Map<String, AttributeValue> values) {
        clients.dynamoDb().updateItem(r -> r.tableName(CountersignTables.DEFAULT_APPROVALS_TABLE)
                .key(Map.of("pk", AttributeValue.fromS("APPROVAL#" + id.value()),
                        "sk", AttributeValue.fromS("#APPROVAL")))
                .updateExpression(update).expressionAttributeValues(values.isEmpty() ? null : values));
    }

    /** The local options a command is given to read this fixture. */
    public List<String> localOptions() {
        return List.of("--data", data.toString(), "--dynamodb-endpoint", dynalite.endpoint().toString());
    }

    /**
     * The environment of a deployed stack's reader, with dynalite standing in for DynamoDB: the table named by
     * COUNTERSIGN_APPROVALS_TABLE, credentials from the environment (the standard chain's first link).
     */
    public Map<String, String> deployedEnvironment(boolean withKey) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIAREADER", "AWS_SECRET_ACCESS_KEY", "reader-secret",
                AwsService.DYNAMODB.endpointVariable(), dynalite.endpoint().toString(),
                CountersignTables.TABLE_VARIABLE, CountersignTables.DEFAULT_APPROVALS_TABLE));
        if (withKey) {
            // The same key the store signed with, given as a deployed reader gives it (here inline, not a secret).
            env.put(AuditKeys.KEY_VARIABLE, Base64.getEncoder().encodeToString(keyBytes()));
        }
        return env;
    }

    private byte[] keyBytes() {
        try {
            return Base64.getDecoder().decode(java.nio.file.Files.readString(data.resolve(AuditKeys.KEY_FILE)).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command's {@code run} with its output captured. */
    public static Run capture(Command command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = command.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A command with its arguments and environment bound. */
    @FunctionalInterface
    public interface Command {
        int run(PrintStream out, PrintStream err);
    }

    /** Arguments followed by more. */
    public static String[] with(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Override
    public void close() {
        events.close();
        clients.close();
        dynalite.close();
    }
}
