package dev.countersign.local.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AuditChain;
import dev.countersign.core.RiskLevel;
import dev.countersign.local.events.EventLog;
import dev.countersign.local.runtime.readers.ReaderFixture;
import dev.countersign.store.dynamodb.DynamoDbApprovalLists;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The console's lists a page at a time, over real HTTP on the real store and dynalite: six pending approvals (one
 * with hostile text) and three decided ones, two rows a page, and an approval whose execution the engine does not know.
 */
class ConsolePagesTest {
    @TempDir
    static Path data;
    static ReaderFixture fixture;
    static HttpServer server;
    static URI base;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Newest first. */
    static final List<ApprovalRecord> PENDING = new ArrayList<>();
    /** Most recently ended first. */
    static final List<ApprovalRecord> DECIDED = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        fixture = new ReaderFixture(data);
        for (int i = 1; i <= 8; i++) {
            PENDING.add(0, fixture.ask(i % 2 == 0 ? "refunds" : "payouts", "Refund EUR " + i + ".00 to order ORD-" + i,
                    RiskLevel.LOW, "alice@shop.example"));
            fixture.later(Duration.ofMinutes(7));
        }
        for (int i = 0; i < 3; i++) {
            ApprovalRecord ended = PENDING.remove(PENDING.size() - 1);
            DECIDED.add(0, fixture.decide(ended, "alice@shop.example", i == 1 ? Verdict.REJECT : Verdict.APPROVE,
                    "reason " + i));
            fixture.later(Duration.ofMinutes(3));
        }
        // Through the store: the proposal contract would refuse the bidi override before it got here.
        ApprovalRecord hostile = fixture.ask("content", "Publish \u202Egnp.exe <b>now</b>", RiskLevel.HIGH,
                "carol@shop.example");
        // The store refuses control characters; someone with table access writes them into the item directly.
        fixture.tamper(hostile.approvalId(), "SET summary = :s", Map.of(":s",
                AttributeValue.fromS("Publish \u202Egnp.exe <b>now</b>\u001b[31m")));
        PENDING.add(0, fixture.store.get(hostile.approvalId()).orElseThrow());
        fixture.later(Duration.ofMinutes(7));
        ConsolePages console = new ConsolePages(DynamoDbApprovalLists.withReadableTokens(fixture.clients,
                Map.of("AWS_REGION", "us-east-1")), fixture.store::get, new AuditChain(fixture.key),
                data.resolve(EventLog.FILE), arn -> Optional.empty(), fixture.clock, 2);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(ConsolePages.CONTEXT, console);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        fixture.close();
    }

    private static Document get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return Jsoup.parse(response.body());
    }

    /** Follows a list's "older" links from the first page; the ids of every row, in order. */
    private static List<String> walk(String section, String olderLinkText) throws Exception {
        List<String> ids = new ArrayList<>();
        String path = ConsolePages.CONTEXT;
        for (int pages = 0; path != null; pages++) {
            assertThat(pages).as("pages of " + section).isLessThan(10);
            Document page = get(path);
            List<Element> rows = page.select("h2#" + section + " + table tbody tr");
            assertThat(rows.size()).isLessThanOrEqualTo(2);
            rows.forEach(r -> ids.add(r.selectFirst(".meta.mono").text()));
            Element older = page.selectFirst("a:containsOwn(" + olderLinkText + ")");
            path = older == null ? null : older.attr("href");
        }
        return ids;
    }

    @Test
    void thePendingList_pagesNewestFirst_throughItsOlderLinks() throws Exception {
        assertThat(walk("pending", "Older pending approvals")).containsExactlyElementsOf(PENDING.stream()
                .map(a -> a.approvalId().value()).toList());
    }

    @Test
    void theDecisionsList_pagesMostRecentlyEndedFirst_withOutcomeAndApprover() throws Exception {
        assertThat(walk("decided", "Older decisions")).containsExactlyElementsOf(DECIDED.stream()
                .map(a -> a.approvalId().value()).toList());
        Element newest = get(ConsolePages.CONTEXT).selectFirst("h2#decided + table tbody tr");
        assertThat(newest.text()).contains("APPROVED", "alice@shop.example", DECIDED.get(0).summary());
    }

    @Test
    void turningOneListsPage_keepsTheOthersPlace() throws Exception {
        Element older = get(ConsolePages.CONTEXT).selectFirst("a:containsOwn(Older decisions)");
        Document second = get(older.attr("href"));
        Element olderPending = second.selectFirst("a:containsOwn(Older pending approvals)");

        // The pending link of the decisions' second page keeps the decisions on their second page.
        assertThat(olderPending.attr("href")).contains("pending=", "decided=");
        assertThat(second.select("h2#pending + table tbody tr")).extracting(r -> r.selectFirst(".meta.mono").text())
                .containsExactly(PENDING.get(0).approvalId().value(), PENDING.get(1).approvalId().value());
    }

    @Test
    void controlAndBidiCharacters_areShownAsMarkers_andMarkupAsText() throws Exception {
        ApprovalRecord hostile = PENDING.get(0);
        for (String path : List.of("/console/approvals/" + hostile.approvalId().value(), walkTo(hostile))) {
            Document page = get(path);
            assertThat(page.text()).as(path).contains("Publish [U+202E]gnp.exe <b>now</b>")
                    .doesNotContain("\u202E", "\u001b");
            assertThat(page.select("b, script")).as(path).isEmpty();
        }
    }

    /** The pending page that lists {@code approval}. */
    private static String walkTo(ApprovalRecord approval) throws Exception {
        String path = ConsolePages.CONTEXT;
        while (path != null) {
            Document page = get(path);
            if (!page.select("a[href=/console/approvals/" + approval.approvalId().value() + "]").isEmpty()) {
                return path;
            }
            Element older = page.selectFirst("a:containsOwn(Older pending approvals)");
            path = older == null ? null : older.attr("href");
        }
        throw new AssertionError(approval.approvalId() + " is on no page of the pending list");
    }

    @Test
    void anApprovalWhoseExecutionTheEngineDoesNotKnow_saysSo_andStillShowsItsTrail() throws Exception {
        ApprovalRecord rejected = DECIDED.get(1);

        Document page = get("/console/approvals/" + rejected.approvalId().value());

        assertThat(page.text()).contains(rejected.executionArn(), "not known to the local engine", "REJECTED",
                "reason 1");
        assertThat(page.select("table.trail tbody tr")).hasSize(rejected.auditTrail().size());
        assertThat(page.selectFirst(".chain").text()).startsWith("Trail intact");
    }
}
