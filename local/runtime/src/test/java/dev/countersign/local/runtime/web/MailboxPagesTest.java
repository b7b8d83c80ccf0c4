package dev.countersign.local.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.countersign.local.ses.LocalSesEndpoint;
import dev.countersign.local.ses.Mailbox;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** The mailbox pages over real HTTP, with messages sent through the real SesV2Client to the local SES endpoint. */
class MailboxPagesTest {
    private static final String HOSTILE = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";

    final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T09:00:00Z").toEpochMilli());
    final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    };
    final HttpClient http = HttpClient.newHttpClient();
    HttpServer server;
    URI base;
    SesV2Client ses;

    @BeforeEach
    void start() throws Exception {
        Mailbox mailbox = Mailbox.inMemory();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(LocalSesEndpoint.CONTEXT, new LocalSesEndpoint(mailbox, clock));
        server.createContext(MailboxPages.CONTEXT, new MailboxPages(mailbox));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        ses = SesV2Client.builder().endpointOverride(base).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    @AfterEach
    void stop() {
        ses.close();
        server.stop(0);
    }

    private String send(String to, String subject, String html, String text) {
        millis.addAndGet(60_000);
        return ses.sendEmail(r -> r.fromEmailAddress("Countersign <approvals@countersign.local>")
                .destination(d -> d.toAddresses(to))
                .content(c -> c.simple(m -> {
                    m.subject(s -> s.data(subject));
                    m.body(b -> {
                        if (html != null) {
                            b.html(h -> h.data(html));
                        }
                        if (text != null) {
                            b.text(t -> t.data(text));
                        }
                    });
                }))).messageId();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theList_showsEveryMessageNewestFirst_withSubjectRecipientAndTime() throws Exception {
        send("first@example.com", "Approval needed: refund 1", "<p>one</p>", "one");
        String second = send("second@example.com", "Approval needed: refund 2", "<p>two</p>", "two");

        HttpResponse<String> response = get("/mailbox");

        assertThat(response.statusCode()).isEqualTo(200);
        Document page = Jsoup.parse(response.body());
        List<Element> items = page.select("ol.messages > li");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).text()).contains("Approval needed: refund 2", "second@example.com",
                "2026-01-01 09:02:00 UTC");
        assertThat(items.get(1).text()).contains("Approval needed: refund 1", "first@example.com");
        assertThat(items.get(0).selectFirst("a").attr("href")).isEqualTo("/mailbox/messages/" + second);
    }

    @Test
    void aMessage_rendersItsHtmlPartInASandboxedFrame_andItsTextPartAsText() throws Exception {
        String id = send("approver@example.com", "Approval needed: refund",
                "<html><head><title>x</title></head><body><a href=\"http://127.0.0.1/review/abc\">Review</a></body>"
                        + "</html>", "Review: http://127.0.0.1/review/abc\n<b>not bold</b>");

        HttpResponse<String> response = get("/mailbox/messages/" + id);

        assertThat(response.statusCode()).isEqualTo(200);
        Document page = Jsoup.parse(response.body());
        Element frame = page.selectFirst("iframe");
        assertThat(frame).isNotNull();
        assertThat(frame.attr("src")).isEqualTo("/mailbox/messages/" + id + "/html");
        // The frame must never run script: sandbox present, and no allow-scripts or allow-same-origin in it.
        assertThat(frame.hasAttr("sandbox")).isTrue();
        assertThat(frame.attr("sandbox")).doesNotContain("allow-scripts").doesNotContain("allow-same-origin");
        assertThat(page.selectFirst("pre.text-part").text()).contains("Review: http://127.0.0.1/review/abc",
                "<b>not bold</b>");
        assertThat(page.select("pre.text-part b")).isEmpty();
        assertThat(page.select("script")).isEmpty();
        String policy = response.headers().firstValue("content-security-policy").orElseThrow();
        assertThat(policy).startsWith("default-src 'none'").contains("frame-src 'self'")
                .contains("frame-ancestors 'none'").doesNotContain("script-src").doesNotContain("unsafe");
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(response.headers().firstValue("x-frame-options")).hasValue("DENY");
    }

    @Test
    void theHtmlPart_isServedSandboxedByItsOwnPolicy_withLinksOpeningATab() throws Exception {
        String id = send("approver@example.com", "s",
                "<html><HEAD lang=\"en\"><title>x</title></HEAD><body><a href=\"http://h/review/abc\">Review</a>"
                        + "</body></html>", null);

        HttpResponse<String> response = get("/mailbox/messages/" + id + "/html");

        assertThat(response.statusCode()).isEqualTo(200);
        String policy = response.headers().firstValue("content-security-policy").orElseThrow();
        // Opened on its own (not framed) it is still sandboxed without scripts.
        assertThat(policy).startsWith("sandbox allow-popups allow-popups-to-escape-sandbox;")
                .contains("default-src 'none'").contains("frame-ancestors 'self'").doesNotContain("allow-scripts")
                .doesNotContain("script-src");
        assertThat(response.headers().firstValue("x-frame-options")).hasValue("SAMEORIGIN");
        assertThat(response.body()).startsWith("<html><HEAD lang=\"en\"><base target=\"_blank\"><title>");
        assertThat(Jsoup.parse(response.body()).selectFirst("a").attr("href")).isEqualTo("http://h/review/abc");
    }

    @Test
    void hostileSubjectsAndRecipients_areShownAsText_neverAsMarkup() throws Exception {
        String id = send("approver@example.com", HOSTILE + "\u202Egnp.exe", "<p>x</p>", HOSTILE);

        for (String path : List.of("/mailbox", "/mailbox/messages/" + id)) {
            Document page = Jsoup.parse(get(path).body());
            assertThat(page.select("script")).as(path).isEmpty();
            assertThat(page.select("img")).as(path).isEmpty();
            assertThat(page.getAllElements()).as(path).allSatisfy(e -> e.attributes().forEach(a ->
                    assertThat(a.getKey()).doesNotStartWith("on")));
            assertThat(page.text()).as(path).contains("<script>alert(1)</script>");
            // A right-to-left override would reorder what follows it; it is shown as a marker instead.
            assertThat(page.text()).as(path).contains("[U+202E]gnp.exe").doesNotContain("\u202E");
        }
    }

    @Test
    void anUnknownMessage_isA404Page_andTheMailboxIsReadOnly() throws Exception {
        assertThat(get("/mailbox/messages/nope").statusCode()).isEqualTo(404);
        assertThat(get("/mailbox/messages/%2e%2e%2fetc").statusCode()).isEqualTo(404);
        assertThat(get("/mailbox/elsewhere").statusCode()).isEqualTo(404);

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(base.resolve("/mailbox"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void anEmptyMailbox_saysWhatWillArrive() throws Exception {
        assertThat(Jsoup.parse(get("/mailbox").body()).text()).contains("No email yet");
    }
}
