package dev.countersign.local.dynalite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dynalite killed with {@code kill -9} in the middle of a burst of writes, again and again on the same data: after
 * each restart every acknowledged write is there, and every index holds exactly the item's current version — a Query
 * on an index and a GetItem of the item never disagree. dynalite 4.0.0 on its own fails this: it writes index entries
 * and the item as separate LevelDB writes, so a kill between them left an index one version ahead of its item (about
 * 5 items in 100 per kill here); our launcher writes them as one batch (supervised-dynalite.js).
 */
class CrashConsistencyTest {
    private static final int ITEMS = 16;
    private static final int ROUNDS = 6;
    // Large items make each write take longer, so kills land inside writes more often.
    private static final String PADDING = "x".repeat(20_000);

    @TempDir
    Path data;

    @Test
    void killedMidBurst_keepsEveryAcknowledgedWrite_andNoIndexDisagreesWithItsItem() throws Exception {
        Random random = new Random(13);
        long[] acknowledged = new long[ITEMS];
        int port = 0;
        int writes = 0;
        for (int round = 0; round < ROUNDS; round++) {
            // Every other round with forced writes (the runtime's default), the others as tests run it.
            DynaliteServer server = DynaliteServer.start(ProjectRoot.locate(), port, data.resolve("db"), round % 2 == 1);
            port = server.port();
            RawDynamoDb dynamoDb = new RawDynamoDb(server.endpoint());
            if (round == 0) {
                createTable(dynamoDb);
            }
            AtomicLongArray acks = new AtomicLongArray(acknowledged);
            AtomicBoolean killed = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(ITEMS);
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) {
                int item = i;
                done.add(writers.submit(() -> write(dynamoDb, item, acks, killed)));
            }
            // A burst of writes (at least one per item, however busy the machine), then the kill at some point in it.
            long before = sum(acknowledged);
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sum(acks) - before < ITEMS && System.nanoTime() < giveUp) {
                Thread.sleep(5);
            }
            Thread.sleep(random.nextInt(150));
            killed.set(true);
            ProcessHandle.of(server.pid()).orElseThrow().destroyForcibly();
            server.onExit().get(10, TimeUnit.SECONDS);
            for (Future<Integer> writer : done) {
                writes += writer.get(30, TimeUnit.SECONDS);
            }
            writers.shutdown();
            for (int i = 0; i < ITEMS; i++) {
                acknowledged[i] = acks.get(i);
            }

            try (DynaliteServer restarted = DynaliteServer.start(ProjectRoot.locate(), port, data.resolve("db"))) {
                RawDynamoDb after = new RawDynamoDb(restarted.endpoint());
                for (int i = 0; i < ITEMS; i++) {
                    long version = version(after.call("GetItem", "{\"TableName\":\"crash\",\"ConsistentRead\":true,"
                            + "\"Key\":{\"pk\":{\"S\":\"item-" + i + "\"}}}").path("Item"));
                    assertThat(version).as("round %d, item %d: the acknowledged writes are kept", round, i)
                            .isGreaterThanOrEqualTo(acknowledged[i]);
                    assertThat(versionsInIndex(after, "all", i)).as("round %d, item %d: index with the whole item",
                            round, i).isEqualTo(version == 0 ? List.of() : List.of(version));
                    assertThat(versionsInIndex(after, "by-version", i)).as("round %d, item %d: keys-only index",
                            round, i).isEqualTo(version == 0 ? List.of() : List.of(version));
                    acknowledged[i] = version;
                }
            }
        }
        assertThat(writes).as("writes acknowledged across the rounds").isGreaterThanOrEqualTo(ROUNDS * ITEMS);
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum;
    }

    private static long sum(AtomicLongArray values) {
        long sum = 0;
        for (int i = 0; i < values.length(); i++) {
            sum += values.get(i);
        }
        return sum;
    }

    private static void createTable(RawDynamoDb dynamoDb) throws IOException, InterruptedException {
        dynamoDb.call("CreateTable", """
                {"TableName":"crash","BillingMode":"PAY_PER_REQUEST",
                 "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
                   {"AttributeName":"g","AttributeType":"S"},{"AttributeName":"v","AttributeType":"N"}],
                 "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
                 "GlobalSecondaryIndexes":[
                   {"IndexName":"all","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],
                    "Projection":{"ProjectionType":"ALL"}},
                   {"IndexName":"by-version","KeySchema":[{"AttributeName":"g","KeyType":"HASH"},
                     {"AttributeName":"v","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}]}""");
        // ACTIVE on a timer, even at 0 ms: a write before that is refused as "not found" and would end its writer.
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"ACTIVE".equals(dynamoDb.call("DescribeTable", "{\"TableName\":\"crash\"}")
                .path("Table").path("TableStatus").asText())) {
            assertThat(System.nanoTime()).as("table crash ACTIVE within 30 s").isLessThan(giveUp);
            Thread.sleep(5);
        }
    }

    /** Increments one item's version until dynalite is gone; the count of writes it answered is kept in {@code acks}. */
    private static int write(RawDynamoDb dynamoDb, int item, AtomicLongArray acks, AtomicBoolean killed) {
        int written = 0;
        while (!killed.get()) {
            try {
                dynamoDb.call("UpdateItem", "{\"TableName\":\"crash\",\"Key\":{\"pk\":{\"S\":\"item-" + item + "\"}},"
                        + "\"UpdateExpression\":\"SET v = if_not_exists(v, :zero) + :one, g = :g, padding = :p\","
                        + "\"ExpressionAttributeValues\":{\":zero\":{\"N\":\"0\"},\":one\":{\"N\":\"1\"},"
                        + "\":g\":{\"S\":\"group-" + item + "\"},\":p\":{\"S\":\"" + PADDING + "\"}}}");
                acks.incrementAndGet(item);
                written++;
            } catch (IOException | InterruptedException | RawDynamoDb.Refused e) {
                return written; // killed: this write was never acknowledged
            }
        }
        return written;
    }

    private static List<Long> versionsInIndex(RawDynamoDb dynamoDb, String index, int item) throws Exception {
        JsonNode rows = dynamoDb.call("Query", "{\"TableName\":\"crash\",\"IndexName\":\"" + index + "\","
                + "\"KeyConditionExpression\":\"g = :g\",\"ExpressionAttributeValues\":{\":g\":{\"S\":\"group-"
                + item + "\"}}}").path("Items");
        List<Long> versions = new ArrayList<>();
        rows.forEach(row -> versions.add(version(row)));
        return versions;
    }

    private static long version(JsonNode item) {
        return item.isMissingNode() ? 0 : Long.parseLong(item.path("v").path("N").asText("0"));
    }
}
