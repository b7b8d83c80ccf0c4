package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.runtime.web.HttpApiFront;
import dev.countersign.views.SecurityHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every response of the local web port carries the review pages' security headers, not only the pages the decision
 * function renders: the {@code /} redirect, {@code /favicon.ico}, a path with dot segments, the front's own 413, the
 * mailbox, a 64 KiB+ form (the function's clear refusal). Raw sockets where an HTTP client would normalise the path.
 */
class LocalFrontHeadersEndToEndTest {
    @TempDir
    static Path data;
    static RuntimeUnderTest runtime;

    @BeforeAll
    static void start() {
        runtime = RuntimeUnderTest.start(data);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** One raw request: the status line and the headers, names lower-cased. */
    private static Map<String, String> raw(String requestLine, String body) throws IOException {
        URI web = runtime.local.webEndpoint();
        try (Socket socket = new Socket(web.getHost(), web.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: " + web.getHost() + ":" + web.getPort() + "\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + body.length() + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body.getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            InputStream in = socket.getInputStream();
            String head = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            head = head.substring(0, Math.max(0, head.indexOf("\r\n\r\n")));
            Map<String, String> headers = new LinkedHashMap<>();
            String[] lines = head.split("\r\n");
            headers.put(":status", lines[0].split(" ")[1]);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            return headers;
        }
    }

    private static void assertSecure(Map<String, String> headers) {
        SecurityHeaders.ALL.forEach((name, value) -> {
            String key = name.toLowerCase(Locale.ROOT);
            assertThat(headers).as("%s on a %s response", name, headers.get(":status")).containsKey(key);
            if (!key.equals("content-security-policy") && !key.equals("x-frame-options")) {
                assertThat(headers.get(key)).isEqualTo(value);
            }
        });
    }

    @Test
    void theRootRedirect_carriesTheSecurityHeaders() throws IOException {
        Map<String, String> headers = raw("GET / HTTP/1.1", null);

        assertThat(headers.get(":status")).isEqualTo("303");
        assertThat(headers.get("location")).isEqualTo("/mailbox");
        assertSecure(headers);
    }

    @Test
    void theFavicon_andAnyUnknownPath_areA404_withTheSecurityHeaders() throws IOException {
        for (String path : new String[] {"/favicon.ico", "/nothing-here"}) {
            Map<String, String> headers = raw("GET " + path + " HTTP/1.1", null);

            assertThat(headers.get(":status")).as(path).isEqualTo("404");
            assertSecure(headers);
        }
    }

    @Test
    void aPathWithDotSegments_isA404_withTheSecurityHeaders() throws IOException {
        for (String path : new String[] {"/review/../mailbox", "/review/%2e%2e/mailbox", "/mailbox/../review/x",
                "/./review"}) {
            Map<String, String> headers = raw("GET " + path + " HTTP/1.1", null);

            assertThat(headers.get(":status")).as(path).isIn("404", "400");
            assertSecure(headers);
        }
    }

    @Test
    void theFrontsOwn413_carriesTheSecurityHeaders() throws IOException {
        // Larger than Lambda's 6 MiB payload: API Gateway (and the front) refuse it before the function runs.
        Map<String, String> headers = raw("POST /review HTTP/1.1", "x".repeat(HttpApiFront.MAX_BODY_BYTES + 1));

        assertThat(headers.get(":status")).isEqualTo("413");
        assertSecure(headers);
    }

    @Test
    void aFormOver64KiB_isRefusedClearly_withTheSecurityHeaders() {
        String body = "secret=abc&comment=" + "x".repeat(70 * 1024) + "&decision=reject";
        HttpResponse<String> response = runtime.send(HttpRequest.newBuilder(runtime.local.reviewBaseUrl()
                .resolve("/review")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(RuntimeUnderTest.text(response.body())).contains("Your form was too large to read",
                "Nothing was recorded", "at most 64 KiB").doesNotContain("This link is not valid");
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
        headers.put(":status", "413");
        assertSecure(headers);
    }

    @Test
    void theMailbox_andItsNotFound_carryTheSecurityHeaders() throws IOException {
        assertSecure(raw("GET /mailbox HTTP/1.1", null));
        assertSecure(raw("GET /mailbox/messages/none HTTP/1.1", null));
    }
}
