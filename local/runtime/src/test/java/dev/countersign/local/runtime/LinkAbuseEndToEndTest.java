package dev.countersign.local.runtime;

import static dev.countersign.local.runtime.RuntimeUnderTest.APPROVER;
import static dev.countersign.local.runtime.RuntimeUnderTest.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.link.IssuedLink;
import dev.countersign.link.LinkSecrets;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** What must not decide: link scanners, racing clicks, and links that are not this approver's to use. */
class LinkAbuseEndToEndTest {
    /** User agents of the mail security scanners and link previewers that open links before people do. */
    private static final List<String> SCANNERS = List.of(
            "Microsoft Office Existence Discovery",
            "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0) Barracuda Sentinel",
            "Proofpoint URL Defense/1.0",
            "Mimecast URL Protect",
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
            "facebookexternalhit/1.1",
            "Googlebot/2.1 (+http://www.google.com/bot.html)",
            "Outlook-iOS/709.2189947.prod.iphone (4.36.0)",
            "curl/8.5.0",
            "python-requests/2.31.0");

    @TempDir
    Path data;
    RuntimeUnderTest runtime;

    @BeforeEach
    void start() {
        runtime = RuntimeUnderTest.start(data);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void linkScanners_fiftyGetsAndHeadsWithoutCookies_decideNothing() {
        String execution = runtime.startRefund(RuntimeUnderTest.order("ORD-S"));
        String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER));

        for (int i = 0; i < 50; i++) {
            String agent = SCANNERS.get(i % SCANNERS.size());
            HttpResponse<String> response = i % 2 == 0 ? runtime.get(link, agent) : runtime.head(link, agent);
            assertThat(response.statusCode()).as("request %d by %s", i, agent).isEqualTo(200);
            if (i % 2 == 1) {
                assertThat(response.body()).as("HEAD has no body").isEmpty();
            }
        }
        runtime.idle();

        ApprovalRecord approval = runtime.approval(execution);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).isZero();
        assertThat(runtime.local.stepFunctionsCalls("SendTaskFailure")).isZero();
        // Opening a link may be recorded once per recipient and level; it never approves or rejects.
        assertThat(runtime.auditTypes(approval)).containsExactly("REQUESTED", "ROUTED", "NOTIFIED", "VIEWED");
        // ...and the link still works for the person afterwards.
        assertThat(runtime.decide(RuntimeUnderTest.secretOf(link), "approve", "").statusCode()).isEqualTo(200);
    }

    @Test
    void twentyConcurrentPosts_mixedApproveAndReject_deliverExactlyOneDecision() throws Exception {
        ObjectNode order = RuntimeUnderTest.order("ORD-C");
        order.putArray("approvers").add("alice@shop.example").add("bob@shop.example");
        String execution = runtime.startRefund(order);
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String person : List.of("alice@shop.example", "bob@shop.example")) {
            secrets.put(person, RuntimeUnderTest.secretOf(RuntimeUnderTest.reviewLink(runtime.requestEmail(person, "ORD-C"))));
        }

        record Attempt(String person, String verdict, HttpResponse<String> response) {
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(20);
        List<Future<Attempt>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                String person = i % 2 == 0 ? "alice@shop.example" : "bob@shop.example";
                String verdict = i % 3 == 0 ? "reject" : "approve";
                Callable<Attempt> post = () -> {
                    go.await();
                    return new Attempt(person, verdict, runtime.decide(secrets.get(person), verdict,
                            verdict.equals("reject") ? "No: " + person : "Yes: " + person));
                };
                futures.add(threads.submit(post));
            }
            go.countDown();
            List<Attempt> attempts = new ArrayList<>();
            for (Future<Attempt> future : futures) {
                attempts.add(future.get(120, TimeUnit.SECONDS));
            }
            runtime.idle();

            List<Attempt> winners = attempts.stream().filter(a -> a.response().statusCode() == 200).toList();
            assertThat(winners).as("exactly one POST decides").hasSize(1);
            Attempt winner = winners.get(0);
            String outcome = winner.verdict().equals("approve") ? "APPROVED" : "REJECTED";
            for (Attempt loser : attempts) {
                if (loser == winner) {
                    continue;
                }
                assertThat(loser.response().statusCode()).isEqualTo(409);
                String page = RuntimeUnderTest.text(loser.response().body());
                // Every later attempt is told who decided (or that it was them) and what.
                if (loser.person().equals(winner.person())) {
                    assertThat(page).contains("You already decided");
                } else {
                    assertThat(page).contains(winner.person());
                }
                assertThat(page).contains(outcome.toLowerCase(java.util.Locale.ROOT));
            }

            // One callback reached the engine, one task result, one decision event.
            assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).isEqualTo(1);
            assertThat(runtime.history(execution)).filteredOn(e -> e.type() == HistoryEventType.TaskSucceeded
                    && e.details().get("resource").asText().equals("invoke.waitForTaskToken")).hasSize(1);
            ApprovalRecord approval = runtime.approval(execution);
            assertThat(runtime.auditTypes(approval)).filteredOn(t -> t.equals("APPROVED") || t.equals("REJECTED"))
                    .containsExactly(outcome);
            assertThat(approval.decision().decidedBy()).isEqualTo(winner.person());
            assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(runtime.output(execution).at("/decision/outcome").asText()).isEqualTo(outcome);
            assertThat(runtime.statesEntered(execution)).last()
                    .isEqualTo(outcome.equals("APPROVED") ? "IssueRefund" : "NotifyRejection");
        } finally {
            threads.shutdownNow();
        }
    }

    /** A paused approval, its approver's secret, and its trail so far. */
    private record Paused(String execution, ApprovalRecord approval, String secret, int trailLength) {
    }

    private Paused paused(String orderId) {
        String execution = runtime.startRefund(RuntimeUnderTest.order(orderId));
        ApprovalRecord approval = runtime.approval(execution);
        String secret = RuntimeUnderTest.secretOf(RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER,
                orderId)));
        return new Paused(execution, approval, secret, runtime.auditTypes(approval).size());
    }

    private void assertNothingChanged(Paused paused) {
        runtime.idle();
        ApprovalRecord now = runtime.approval(paused.execution());
        assertThat(now.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(runtime.auditTypes(now)).hasSize(paused.trailLength());
        assertThat(runtime.describe(paused.execution()).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).isZero();
    }

    /** Issues a link the way the request function does, for someone or something it would never email. */
    private String grant(String approvalId, String recipient) {
        IssuedLink issued = new LinkSecrets(new CountersignLocal.EngineTime(runtime.clock)).issue(
                new ApprovalId(approvalId), recipient, 1, runtime.clock.now().plus(Duration.ofDays(1)));
        runtime.store.saveLink(issued.grant());
        return issued.secret().reveal();
    }

    @Test
    void tamperedTruncatedAndMissingSecrets_getTheOneGeneric404_andChangeNothing() {
        Paused paused = paused("ORD-T");
        String secret = paused.secret();
        char last = secret.charAt(secret.length() - 1);
        String tampered = secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');
        String truncated = secret.substring(0, secret.length() - 1);

        List<HttpResponse<String>> responses = List.of(
                runtime.decide(tampered, "approve", ""),
                runtime.decide(truncated, "approve", ""),
                runtime.post(Map.of("decision", "approve", "comment", "no secret at all")),
                runtime.post(Map.of("secret", "", "decision", "approve")),
                runtime.get(runtime.local.reviewBaseUrl() + "/review/" + tampered),
                runtime.get(runtime.local.reviewBaseUrl() + "/review/" + truncated));

        String generic = responses.get(0).body();
        for (HttpResponse<String> response : responses) {
            assertThat(response.statusCode()).isEqualTo(404);
            // One page for every bad link: its bytes cannot tell which kind of bad it was.
            assertThat(response.body()).isEqualTo(generic);
        }
        assertNothingChanged(paused);
    }

    @Test
    void otherRecipientAndOtherApprovalSecrets_decideNothingHere() {
        Paused paused = paused("ORD-O");
        // A real grant, but for someone this approval never asked.
        String otherRecipient = grant(paused.approval().approvalId().value(), "mallory@elsewhere.example");
        // A real grant for an approval that does not exist here.
        String otherApproval = grant(RuntimeUnderTest.approvalId(paused.execution(), "another-gate").value(),
                APPROVER);

        for (String secret : List.of(otherRecipient, otherApproval)) {
            HttpResponse<String> posted = runtime.decide(secret, "approve", "");
            assertThat(posted.statusCode()).isEqualTo(404);
            assertThat(runtime.get(runtime.local.reviewBaseUrl() + "/review/" + secret).statusCode()).isEqualTo(404);
        }
        assertNothingChanged(paused);

        // Another paused approval's own link decides that one only.
        Paused other = paused("ORD-P");
        assertThat(runtime.decide(other.secret(), "approve", "").statusCode()).isEqualTo(200);
        runtime.idle();
        assertThat(runtime.approval(other.execution()).status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(runtime.approval(paused.execution()).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(runtime.describe(paused.execution()).status()).isEqualTo(ExecutionStatus.RUNNING);
    }

    @Test
    void theRequester_isRefusedWith403_evenHoldingALink() {
        Paused paused = paused("ORD-R");
        // Routing never emails the requester; a link in their hands (a forwarded email, a bad rule) must not work.
        String requesterSecret = grant(paused.approval().approvalId().value(), REQUESTER);

        HttpResponse<String> posted = runtime.decide(requesterSecret, "approve", "Approving my own request");

        assertThat(posted.statusCode()).isEqualTo(403);
        assertThat(RuntimeUnderTest.text(posted.body())).contains(REQUESTER);
        assertThat(runtime.get(runtime.local.reviewBaseUrl() + "/review/" + requesterSecret).statusCode())
                .isEqualTo(403);
        assertNothingChanged(paused);
    }

    @Test
    void aPostAfterExpiry_isALateDecision_thatChangesNeitherTheOutcomeNorTheWorkflow() {
        Paused paused = paused("ORD-E");
        runtime.advance(Duration.ofSeconds(86_401));
        assertThat(runtime.approval(paused.execution()).status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(runtime.describe(paused.execution()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        HttpResponse<String> late = runtime.decide(paused.secret(), "approve", "Sorry, I was away");
        runtime.idle();

        assertThat(late.statusCode()).isEqualTo(409);
        ApprovalRecord approval = runtime.approval(paused.execution());
        assertThat(approval.status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(runtime.auditTypes(approval)).contains("LATE_DECISION").doesNotContain("APPROVED");
        assertThat(runtime.output(paused.execution()).at("/decision/outcome").asText()).isEqualTo("TIMED_OUT");
        assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).isZero();
        // The page does not invite a retry: the link shows the same honest state afterwards.
        assertThat(runtime.get(runtime.local.reviewBaseUrl() + "/review/" + paused.secret()).statusCode())
                .isEqualTo(410);
    }
}
