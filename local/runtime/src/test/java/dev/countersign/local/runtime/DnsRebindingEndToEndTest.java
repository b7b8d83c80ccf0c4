package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.approval.ApprovalRecord;
import dev.countersign.local.ses.CapturedEmail;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A web page on another site that points its own DNS name at 127.0.0.1 (DNS rebinding) makes the browser send the
 * local servers requests that carry that name as Host — and lets the page read the answers. With an approval waiting,
 * none of the runtime's ports gives it anything: not the mailbox with its approve links, not the review page behind
 * a link, not the console, not the engine's histories (which hold task tokens), not dynalite's tables. Each answers
 * 421 and nothing is recorded; the same requests addressed to 127.0.0.1 or localhost work.
 */
class DnsRebindingEndToEndTest {
    private static final String REBOUND = "attacker.example";

    @TempDir
    static Path data;
    static RuntimeUnderTest runtime;
    static String execution;
    static String reviewPath;

    @BeforeAll
    static void start() {
        runtime = RuntimeUnderTest.start(data);
        execution = runtime.startRefund(RuntimeUnderTest.order("ORD-REBIND"));
        CapturedEmail email = runtime.requestEmail(RuntimeUnderTest.APPROVER);
        reviewPath = URI.create(RuntimeUnderTest.reviewLink(email)).getRawPath();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void theWebPort_refusesEveryPath_toAReboundName_andGivesAwayNoLink() throws IOException {
        URI web = runtime.local.webEndpoint();
        for (String path : List.of("/mailbox", "/mailbox/", reviewPath, "/console", "/", "/favicon.ico")) {
            String answer = get(web, path, REBOUND + ":" + web.getPort());
            assertThat(answer).as(path).startsWith("HTTP/1.1 421")
                    .contains("answers only requests addressed to 127.0.0.1, localhost or [::1]")
                    .doesNotContain("/review/").doesNotContain("ORD-REBIND");
            // The refusal still carries the pages' security headers.
            assertThat(answer.toLowerCase(java.util.Locale.ROOT)).as(path).contains("x-content-type-options: nosniff");
        }
        String post = post(web, reviewPath, REBOUND, "application/x-www-form-urlencoded", "decision=APPROVED");
        assertThat(post).startsWith("HTTP/1.1 421");

        ApprovalRecord approval = runtime.approval(execution);
        assertThat(runtime.auditTypes(approval)).as("nothing viewed or decided through the rebound name")
                .doesNotContain("VIEWED", "APPROVED", "REJECTED");
        assertThat(runtime.sfn.describeExecution(r -> r.executionArn(execution)).statusAsString())
                .isEqualTo("RUNNING");

        // The same pages, asked for by their own names.
        assertThat(get(web, "/mailbox", "127.0.0.1:" + web.getPort())).startsWith("HTTP/1.1 200")
                .contains("ORD-REBIND");
        assertThat(get(web, "/console", "localhost:" + web.getPort())).startsWith("HTTP/1.1 200");
    }

    @Test
    void theStepFunctionsApi_refusesAReboundName_beforeReadingAnyHistory() throws IOException {
        URI engine = runtime.local.stepFunctionsEndpoint();
        String body = "{\"executionArn\":\"" + execution + "\"}";

        String rebound = post(engine, "/", REBOUND + ":" + engine.getPort(), "application/x-amz-json-1.0", body,
                "X-Amz-Target: AWSStepFunctions.GetExecutionHistory");
        assertThat(rebound).startsWith("HTTP/1.1 421").doesNotContain("taskToken").doesNotContain("TaskScheduled");

        String own = post(engine, "/", "127.0.0.1:" + engine.getPort(), "application/x-amz-json-1.0", body,
                "X-Amz-Target: AWSStepFunctions.GetExecutionHistory");
        assertThat(own).startsWith("HTTP/1.1 200").contains("TaskScheduled");
    }

    @Test
    void dynalite_refusesAReboundName_evenWithAnAuthorizationHeader() throws IOException {
        URI dynamoDb = runtime.local.dynamoDbEndpoint();
        String authorization = "Authorization: AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=00";
        // dynalite wants a signature's parts, not a valid one: anything a page's script can set.
        String date = "X-Amz-Date: 20260101T000000Z";

        String rebound = post(dynamoDb, "/", REBOUND + ":" + dynamoDb.getPort(), "application/x-amz-json-1.0", "{}",
                "X-Amz-Target: DynamoDB_20120810.ListTables", authorization, date);
        assertThat(rebound).startsWith("HTTP/1.1 421").contains("MisdirectedRequest")
                .doesNotContain("TableNames");

        String own = post(dynamoDb, "/", "127.0.0.1:" + dynamoDb.getPort(), "application/x-amz-json-1.0", "{}",
                "X-Amz-Target: DynamoDB_20120810.ListTables", authorization, date);
        assertThat(own).startsWith("HTTP/1.1 200").contains("TableNames");
    }

    private static String get(URI server, String path, String host) throws IOException {
        return exchange(server, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n", null);
    }

    private static String post(URI server, String path, String host, String contentType, String body,
                               String... headers) throws IOException {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ")
                .append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        return exchange(server, head.toString(), body);
    }

    /** One request on a raw socket (an HTTP client will not send a Host of our choosing); the whole answer. */
    private static String exchange(URI server, String head, String body) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
