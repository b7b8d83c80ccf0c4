package dev.countersign.testing;

import dev.countersign.audit.AnchorPublisher;
import dev.countersign.audit.AuditKey;
import dev.countersign.aws.AwsClients;
import dev.countersign.local.dynalite.DynaliteServer;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Real DynamoDB for tests: dynalite from the repository's {@code node_modules}, in memory on a free port.
 *
 * <p>One server per JVM (started by the first test class that needs it, stopped when the test run ends), and a fresh
 * approvals table per test class, created from {@link CountersignTables} — the definitions the stack uses. Use it as
 * {@code @RegisterExtension static final DynaliteExtension dynalite = new DynaliteExtension();} (then call
 * {@link #store()}, {@link #client()}...) or as {@code @ExtendWith(DynaliteExtension.class)} and take a
 * {@link DynamoDbClient}, {@link DynamoDbEnhancedClient}, {@link CountersignTables}, {@link AuditKey} or
 * {@link DynamoDbApprovalStore} as a test or lifecycle method parameter.
 *
 * <p>Without Node or dynalite the tests fail with {@code DynaliteServer}'s message saying what to install: never a
 * skip.
 */
public final class DynaliteExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            DynaliteExtension.class);

    private AwsClients clients;
    private CountersignTables tables;
    private AuditKey auditKey;

    @Override
    public void beforeAll(ExtensionContext context) {
        DynaliteServer server = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedServer.class, type -> new SharedServer(DynaliteServer.startInMemory()),
                        SharedServer.class).server();
        // Every endpoint on loopback: the settings pick a default region and dummy keys, as for the local runtime.
        clients = AwsClients.fromEnvironment(Map.of("AWS_ENDPOINT_URL", server.endpoint().toString()));
        String name = "t" + TABLES.incrementAndGet() + "-"
                + context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
        tables = CountersignTables.named(name.length() > 200 ? name.substring(0, 200) : name);
        tables.createMissing(clients.dynamoDb());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        auditKey = new AuditKey(key, "test key of " + context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (clients != null) {
            tables.all().forEach(t -> clients.dynamoDb().deleteTable(r -> r.tableName(t.tableName())));
            clients.close();
        }
    }

    public DynamoDbClient client() {
        return clients().dynamoDb();
    }

    public DynamoDbEnhancedClient enhanced() {
        return clients().dynamoDbEnhanced();
    }

    public CountersignTables tables() {
        clients();
        return tables;
    }

    public AuditKey auditKey() {
        clients();
        return auditKey;
    }

    /** A store on this class's table with the system clock. */
    public DynamoDbApprovalStore store() {
        return store(Clock.systemUTC());
    }

    public DynamoDbApprovalStore store(Clock clock) {
        return DynamoDbApprovalStore.overSdk(client(), tables(), auditKey, clock, AnchorPublisher.OFF);
    }

    private AwsClients clients() {
        if (clients == null) {
            throw new IllegalStateException("DynaliteExtension is not started: register it on a static field"
                    + " (@RegisterExtension static final) or with @ExtendWith on the class");
        }
        return clients;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == DynamoDbClient.class || type == DynamoDbEnhancedClient.class
                || type == CountersignTables.class || type == AuditKey.class
                || type == DynamoDbApprovalStore.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        if (type == DynamoDbClient.class) {
            return client();
        }
        if (type == DynamoDbEnhancedClient.class) {
            return enhanced();
        }
        if (type == CountersignTables.class) {
            return tables();
        }
        if (type == AuditKey.class) {
            return auditKey();
        }
        return store();
    }

    /** The JVM-wide server; JUnit closes it when the root context closes (the end of the test run). */
    private record SharedServer(DynaliteServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
