package dev.countersign.local.dynalite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedDynaliteTest {
    @TempDir
    Path data;

    private final List<String> console = new CopyOnWriteArrayList<>();

    @Test
    void aKilledDynalite_isStartedAgainOnTheSamePortAndData_andTheConsoleSaysSo() throws Exception {
        try (SupervisedDynalite dynalite = SupervisedDynalite.start(ProjectRoot.locate(), 0, data.resolve("db"),
                false, console::add)) {
            RawDynamoDb dynamoDb = new RawDynamoDb(dynalite.endpoint());
            createTableWithItem(dynamoDb);
            long first = dynalite.pid();

            ProcessHandle.of(first).orElseThrow().destroyForcibly(); // kill -9, as the OOM killer or a person might

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (dynalite.restarts() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20); // the supervisor restarts it on its own thread
            }
            assertThat(dynalite.awaitRunning(Duration.ofSeconds(30))).isTrue();
            assertThat(dynalite.restarts()).isEqualTo(1);
            assertThat(dynalite.pid()).isNotEqualTo(first);
            assertThat(dynamoDb.call("GetItem", "{\"TableName\":\"kept\",\"Key\":{\"pk\":{\"S\":\"a\"}}}")
                    .path("Item").path("v").path("S").asText()).as("the same data, on the same endpoint")
                    .isEqualTo("before the crash");
            assertThat(console).hasSize(2);
            assertThat(console.get(0)).startsWith("dynalite (the local DynamoDB) stopped unexpectedly (exit status ")
                    .contains("starting it again on port " + dynalite.port() + " with the same data in "
                            + data.resolve("db"));
            assertThat(console.get(1)).startsWith("dynalite is running again on port " + dynalite.port() + " after ");
        }
    }

    @Test
    void suspend_keepsItDownUntilResume_andClose_stopsItForGood() throws Exception {
        SupervisedDynalite dynalite = SupervisedDynalite.start(ProjectRoot.locate(), 0, data.resolve("db"), false,
                console::add);
        RawDynamoDb dynamoDb = new RawDynamoDb(dynalite.endpoint());
        createTableWithItem(dynamoDb);
        long pid = dynalite.pid();

        dynalite.suspend();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        Thread.sleep(SupervisedDynalite.FIRST_PAUSE.toMillis() * 3); // longer than a restart would take to begin
        assertThat(dynalite.isRunning()).isFalse();
        assertThatThrownBy(() -> dynamoDb.call("ListTables", "{}")).isInstanceOf(IOException.class);

        dynalite.resume();
        assertThat(dynamoDb.call("ListTables", "{}").path("TableNames").get(0).asText()).isEqualTo("kept");
        long resumed = dynalite.pid();
        dynalite.close();
        assertThat(ProcessHandle.of(resumed).map(p -> {
            try {
                return p.onExit().get(10, TimeUnit.SECONDS).isAlive();
            } catch (Exception e) {
                return true;
            }
        }).orElse(false)).isFalse();
        assertThat(dynalite.restarts()).isZero();
        assertThat(console).as("stops asked for are not announced as crashes").isEmpty();
    }

    private static void createTableWithItem(RawDynamoDb dynamoDb) throws Exception {
        dynamoDb.call("CreateTable", "{\"TableName\":\"kept\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}");
        dynamoDb.call("PutItem", "{\"TableName\":\"kept\",\"Item\":{\"pk\":{\"S\":\"a\"},\"v\":{\"S\":\"before the"
                + " crash\"}}}");
    }
}
