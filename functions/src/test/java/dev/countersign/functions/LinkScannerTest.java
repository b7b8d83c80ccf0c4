package dev.countersign.functions;

import static dev.countersign.testing.HandlerFixture.APPROVER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.LocalSes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mail security scanners and chat unfurlers open every link; none of that may decide anything. */
class LinkScannerTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();
    static final LocalSes ses = new LocalSes();
    static final ExecutorService POOL = Executors.newFixedThreadPool(25);

    static final List<String> SCANNERS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"
                    + " Safari/537.36 Microsoft Office Protection / SafeLinks",
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
            "curl/8.5.0",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; Microsoft Teams URL Preview)",
            "facebookexternalhit/1.1",
            "python-requests/2.31.0",
            "Mimecast-URL-Protect/1.0",
            "");

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
        ses.close();
    }

    @Test
    void fiftyGetsAndHeads_fromScanners_leaveItPending_sendNoCallback_andRecordAtMostOneView() throws Exception {
        SplittableRandom random = new SplittableRandom(20261124L);
        HandlerFixture fixture = new HandlerFixture(dynalite, ses);
        ApprovalId id = fixture.requestApproval(HandlerFixture.proposal());
        String secret = fixture.linkSecretFor(APPROVER);
        DecisionHandler handler = fixture.decisionHandler();
        List<Callable<ObjectNode>> visits = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String method = random.nextBoolean() ? "GET" : "HEAD";
            // No cookie header, as scanners send: the page needs none.
            ObjectNode event = HandlerFixture.httpEvent(method, "/review/" + secret,
                    Map.of("user-agent", SCANNERS.get(random.nextInt(SCANNERS.size())), "accept", "*/*"), null);
            visits.add(() -> handler.handle(event, "scan"));
        }

        CountDownLatch start = new CountDownLatch(1);
        List<Future<ObjectNode>> futures = new ArrayList<>();
        for (Callable<ObjectNode> visit : visits) {
            futures.add(POOL.submit(() -> {
                start.await();
                return visit.call();
            }));
        }
        start.countDown();
        for (Future<ObjectNode> future : futures) {
            assertThat(future.get().get("statusCode").asInt()).isEqualTo(200);
        }

        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(fixture.callback.calls()).isEmpty();
        // 50 racing views, recorded once: the "once" check is part of the conditional write.
        assertThat(fixture.trailTypes(id).stream().filter("VIEWED"::equals)).hasSizeLessThanOrEqualTo(1);
        assertThat(fixture.trailTypes(id)).doesNotContain("APPROVED", "REJECTED", "LATE_DECISION");
    }
}
