package dev.countersign.local.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server bound to the loopback interface answers only requests addressed to a loopback name: a web page that
 * rebinds its own DNS name to 127.0.0.1 sends that name as Host and is refused with 421 before anything reaches the
 * engine (it could otherwise read execution histories, task tokens included, and answer them). Raw sockets: an HTTP
 * client will not send a Host of our choosing.
 */
class LoopbackHostTest {
    private static final String UNKNOWN_OPERATION = "Frobnicate";

    private final UntouchableEngine untouchable = new UntouchableEngine();
    private StepFunctionsServer server;

    @AfterEach
    void stop() {
        server.close();
        assertThat(untouchable.calls()).isEmpty();
    }

    @Test
    void aRequestAddressedToAnotherName_isRefusedWith421_andSaysWhereToGo() throws IOException {
        server = StepFunctionsServer.startOnLoopback(untouchable.engine(), 0);

        String answer = post("HTTP/1.1", "Host: attacker.example:" + server.port());

        assertThat(answer).startsWith("HTTP/1.1 421");
        assertThat(answer).contains("answers only requests addressed to 127.0.0.1, localhost or [::1]")
                .doesNotContain("attacker.example").doesNotContain("UnknownOperationException");
    }

    @Test
    void aRequestWithoutHost_isRefusedToo() throws IOException {
        server = StepFunctionsServer.startOnLoopback(untouchable.engine(), 0);

        assertThat(post("HTTP/1.0", null)).startsWith("HTTP/1.1 421");
    }

    @Test
    void everyLoopbackName_withOrWithoutPort_inAnyCase_reachesTheApi() throws IOException {
        server = StepFunctionsServer.startOnLoopback(untouchable.engine(), 0);

        for (String host : new String[] {"127.0.0.1:" + server.port(), "127.0.0.1", "localhost:" + server.port(),
                "LocalHost", "[::1]:" + server.port()}) {
            // An unknown operation is refused by the API itself (400), which is past the Host check.
            assertThat(post("HTTP/1.1", "Host: " + host)).as(host).startsWith("HTTP/1.1 400")
                    .contains("UnknownOperationException");
        }
    }

    @Test
    void aServerTheOperatorBoundToEveryInterface_answersTheNamesOthersUseForIt() throws IOException {
        server = StepFunctionsServer.start(untouchable.engine(), new InetSocketAddress("0.0.0.0", 0));

        assertThat(post("HTTP/1.1", "Host: engine.internal.example:" + server.port())).startsWith("HTTP/1.1 400")
                .contains("UnknownOperationException");
    }

    /** A POST of an operation the API does not know, with the given Host line (none when null). */
    private String post(String version, String hostLine) throws IOException {
        String body = "{}";
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST / " + version + "\r\n" + (hostLine == null ? "" : hostLine + "\r\n")
                    + "X-Amz-Target: AWSStepFunctions." + UNKNOWN_OPERATION + "\r\n"
                    + "Content-Type: application/x-amz-json-1.0\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
