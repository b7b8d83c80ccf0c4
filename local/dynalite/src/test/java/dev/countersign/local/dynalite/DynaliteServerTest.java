package dev.countersign.local.dynalite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynaliteServerTest {

    @Test
    void start_servesDynamoDbProtocol_onAFreePort() throws Exception {
        try (DynaliteServer server = DynaliteServer.startInMemory()) {
            assertThat(server.port()).isPositive();
            HttpURLConnection connection = (HttpURLConnection) new URL(server.endpoint() + "/").openConnection();
            connection.setRequestMethod("POST");
            connection.setRequestProperty("X-Amz-Target", "DynamoDB_20120810.ListTables");
            connection.setRequestProperty("Content-Type", "application/x-amz-json-1.0");
            connection.setDoOutput(true);
            connection.getOutputStream().write("{}".getBytes());
            // Unsigned request: dynalite answers with a DynamoDB-shaped error, which proves it speaks the protocol.
            assertThat(connection.getResponseCode()).isEqualTo(400);
            assertThat(new String(connection.getErrorStream().readAllBytes())).contains("MissingAuthenticationToken");
        }
    }

    @Test
    void close_stopsTheServer() {
        DynaliteServer server = DynaliteServer.startInMemory();
        server.close();
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void start_withoutNodeModules_saysToRunNpmCi(@TempDir Path emptyRoot) {
        assertThatThrownBy(() -> DynaliteServer.start(emptyRoot, 0, null))
                .isInstanceOf(DynaliteUnavailableException.class)
                .hasMessageContaining("npm ci");
    }

    @Test
    void start_withDataDirectory_persistsThere(@TempDir Path data) {
        try (DynaliteServer server = DynaliteServer.start(ProjectRoot.locate(), 0, data.resolve("db"))) {
            assertThat(server.dataDirectory()).isEqualTo(data.resolve("db"));
            assertThat(Files.isDirectory(data.resolve("db"))).isTrue();
        }
    }

    @Test
    void start_onAPortInUse_saysSo() {
        try (DynaliteServer first = DynaliteServer.startInMemory()) {
            assertThatThrownBy(() -> DynaliteServer.start(ProjectRoot.locate(), first.port(), null))
                    .isInstanceOf(DynaliteUnavailableException.class)
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void killingTheJvmWithSigkill_stopsItsDynaliteToo() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dcountersign.root=" + ProjectRoot.locate(), DynaliteChildMain.class.getName())
                .redirectErrorStream(true).start();
        int port;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("child output").startsWith("port ");
            port = Integer.parseInt(line.substring(5).trim());
            assertThat(accepts(port)).isTrue();

            child.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs in the child

            // Guards against orphaned dynalite servers holding ports and LevelDB locks after a crash.
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (accepts(port) && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertThat(accepts(port)).as("dynalite still listening on %d after its JVM was killed", port).isFalse();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
