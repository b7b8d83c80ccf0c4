package dev.countersign.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.audit.ChainVerification;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.LocalSes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many clicks at once, from several approvers: exactly one decision, one callback, everyone else told who won. */
class ConcurrentDecisionsTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();
    static final LocalSes ses = new LocalSes();
    static final ExecutorService POOL = Executors.newFixedThreadPool(20);
    static final String[] APPROVERS = {"ann@shop.example", "bob@shop.example", "cy@shop.example", "di@shop.example"};

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
        ses.close();
    }

    @RepeatedTest(3)
    void twentyConcurrentPosts_mixedApproveAndReject_decideOnce_callBackOnce_andNameTheDecider(RepetitionInfo run)
            throws Exception {
        long seed = 4711L * run.getCurrentRepetition();
        SplittableRandom random = new SplittableRandom(seed);
        HandlerFixture fixture = new HandlerFixture(dynalite, ses);
        ApprovalId id = fixture.requestApproval(HandlerFixture.proposalFor(APPROVERS));
        List<String> secrets = new ArrayList<>();
        for (String approver : APPROVERS) {
            secrets.add(fixture.linkSecretFor(approver));
        }
        DecisionHandler handler = fixture.decisionHandler();
        List<ObjectNode> posts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String secret = secrets.get(random.nextInt(secrets.size()));
            posts.add(random.nextBoolean() ? HandlerFixture.approve(secret)
                    : HandlerFixture.reject(secret, "reject #" + i));
        }

        List<ObjectNode> responses = atOnce(posts.stream()
                .map(p -> (Callable<ObjectNode>) () -> handler.handle(p, "r")).toList());

        ApprovalRecord approval = fixture.approval(id);
        String decider = approval.decision().decidedBy();
        String outcome = approval.decision().outcome().name();
        List<Integer> statuses = responses.stream().map(r -> r.get("statusCode").asInt()).toList();
        assertThat(statuses).as("seed %d", seed).containsOnly(200, 409);
        assertThat(statuses.stream().filter(s -> s == 200).count()).as("seed %d", seed).isEqualTo(1);
        for (ObjectNode response : responses) {
            if (response.get("statusCode").asInt() == 409) {
                String text = Jsoup.parse(response.get("body").asText()).text();
                // Every loser is told the winner by address, also a second click on the winner's own link.
                assertThat(text).as("seed %d", seed).contains(decider);
                assertThat(text).as("seed %d", seed).contains(outcome.toLowerCase(java.util.Locale.ROOT));
            }
        }
        assertThat(fixture.callback.calls()).as("seed %d", seed).hasSize(1);
        assertThat(fixture.callback.calls().get(0).output().get("decidedBy").asText()).isEqualTo(decider);
        assertThat(fixture.trailTypes(id).stream().filter(t -> t.equals("APPROVED") || t.equals("REJECTED")))
                .as("seed %d", seed).hasSize(1);
        assertThat(fixture.store.verifyChain(id)).containsInstanceOf(ChainVerification.Intact.class);
    }

    @RepeatedTest(2)
    void twentyConcurrentClicksOnOneLink_decideOnce_andEveryOtherAnswerNamesTheDecider(RepetitionInfo run)
            throws Exception {
        long seed = 815L * run.getCurrentRepetition();
        SplittableRandom random = new SplittableRandom(seed);
        HandlerFixture fixture = new HandlerFixture(dynalite, ses);
        ApprovalId id = fixture.requestApproval(HandlerFixture.proposalFor("solo@shop.example"));
        String secret = fixture.linkSecretFor("solo@shop.example");
        DecisionHandler handler = fixture.decisionHandler();

        List<ObjectNode> responses = atOnce(java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> random.nextBoolean() ? HandlerFixture.approve(secret)
                        : HandlerFixture.reject(secret, "no #" + i))
                .map(p -> (Callable<ObjectNode>) () -> handler.handle(p, "r")).toList());

        assertThat(responses.stream().filter(r -> r.get("statusCode").asInt() == 200)).as("seed %d", seed)
                .hasSize(1);
        assertThat(responses.stream().filter(r -> r.get("statusCode").asInt() == 409)).as("seed %d", seed)
                .hasSize(19).allSatisfy(r -> assertThat(Jsoup.parse(r.get("body").asText()).text())
                        .contains("solo@shop.example"));
        assertThat(fixture.callback.calls()).as("seed %d", seed).hasSize(1);
        assertThat(fixture.approval(id).decision().decidedBy()).isEqualTo("solo@shop.example");
    }

    private static <T> List<T> atOnce(List<Callable<T>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(POOL.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }
}
