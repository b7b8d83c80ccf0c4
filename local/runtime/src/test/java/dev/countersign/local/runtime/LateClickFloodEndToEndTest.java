package dev.countersign.local.runtime;

import static dev.countersign.local.runtime.TestRoutingRules.CFO;
import static dev.countersign.local.runtime.TestRoutingRules.DEPUTY;
import static dev.countersign.local.runtime.TestRoutingRules.LEAD;
import static dev.countersign.local.runtime.TestRoutingRules.LEVEL_ONE_REMINDER;
import static dev.countersign.local.runtime.TestRoutingRules.LEVEL_ONE_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.ChainVerification;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A stale link flooded with late clicks cannot crowd the essential events out of the audit trail: a thousand POSTs
 * from an escalated level's link, each with a 2,000-character comment (before, about 70 of them filled the trail's
 * budget for informational events, after which views, notifications and the callback went unrecorded and every later
 * click re-sent the callback). Then the next level decides.
 */
class LateClickFloodEndToEndTest {
    private static final int CLICKS = 1000;

    @TempDir
    Path data;
    RuntimeUnderTest runtime;
    final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        Path rules = TestRoutingRules.write(data);
        runtime = RuntimeUnderTest.start(data.resolve("runtime"), options -> options.routingFile(rules)
                .log(new PrintStream(logged, true, StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void aThousandLateClicksOnAStaleLink_leaveEveryEssentialEvent_andTheCallbackIsSentOnce() throws Exception {
        ObjectNode order = RuntimeUnderTest.order("ORD-FLOOD");
        order.put("amount", new BigDecimal("1500.00"));
        order.put("orderTotal", new BigDecimal("1800.00"));
        String execution = runtime.startRefund(order);
        String leadSecret = RuntimeUnderTest.secretOf(RuntimeUnderTest.reviewLink(runtime.requestEmail(LEAD)));
        runtime.advance(Duration.ofSeconds(LEVEL_ONE_REMINDER)); // the leads are reminded
        runtime.advance(Duration.ofSeconds(LEVEL_ONE_SECONDS - LEVEL_ONE_REMINDER)); // level 1 escalates to the CFO
        ApprovalId id = runtime.approval(execution).approvalId();
        assertThat(runtime.approval(execution).currentLevel()).isEqualTo(2);

        String comment = "ä".repeat(2000); // the longest comment the form takes, of two-byte characters
        ExecutorService clickers = Executors.newFixedThreadPool(8);
        AtomicInteger escalatedPages = new AtomicInteger();
        List<Future<?>> clicks = new java.util.ArrayList<>();
        for (int i = 0; i < CLICKS; i++) {
            String verdict = i % 2 == 0 ? "approve" : "reject";
            clicks.add(clickers.submit(() -> {
                if (runtime.decide(leadSecret, verdict, comment).statusCode() == 410) {
                    escalatedPages.incrementAndGet();
                }
            }));
        }
        for (Future<?> click : clicks) {
            click.get();
        }
        clickers.shutdown();
        assertThat(escalatedPages.get()).as("every late click is told the level was escalated").isEqualTo(CLICKS);
        // One LATE_DECISION is kept for the lead's level; the other 999 are dropped, each with a warning.
        assertThat(count(id, "LATE_DECISION")).isEqualTo(1);
        assertThat(logged.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("audit event not recorded") && l.contains("LATE_DECISION")).count())
                .isEqualTo(CLICKS - 1);
        assertThat(logged.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"AuditEventsDropped\"")).count()).as("each counted").isEqualTo(CLICKS - 1);

        String cfoLink = RuntimeUnderTest.reviewLink(runtime.emailStartingWith(CFO, "Escalated to you"));
        assertThat(runtime.get(cfoLink).statusCode()).isEqualTo(200);
        assertThat(runtime.decide(RuntimeUnderTest.secretOf(cfoLink), "approve", "Fine by me.").statusCode())
                .isEqualTo(200);
        runtime.idle();
        // A repeated click of the decider finds the level settled: nothing is sent again.
        assertThat(runtime.decide(RuntimeUnderTest.secretOf(cfoLink), "approve", "again").statusCode())
                .isEqualTo(409);
        runtime.idle();

        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(runtime.local.stepFunctionsCalls("SendTaskSuccess")).as("the callback was sent once").isEqualTo(1);
        List<String> trail = runtime.auditTypes(runtime.approval(execution));
        assertThat(trail).containsSubsequence("REQUESTED", "ROUTED", "NOTIFIED", "NOTIFIED", "REMINDED", "TIMED_OUT",
                "ESCALATED", "ROUTED", "NOTIFIED", "VIEWED", "APPROVED", "CALLBACK_DELIVERED");
        assertThat(count(id, "VIEWED")).isEqualTo(1);
        assertThat(count(id, "CALLBACK_DELIVERED")).isEqualTo(1);
        // Every email went out once: the two leads' requests and reminders, the CFO's escalation.
        assertThat(runtime.countStartingWith(LEAD, "Approval needed")).isEqualTo(1);
        assertThat(runtime.countStartingWith(DEPUTY, "Approval needed")).isEqualTo(1);
        assertThat(runtime.countStartingWith(LEAD, "Reminder")).isEqualTo(1);
        assertThat(runtime.countStartingWith(CFO, "Escalated to you")).isEqualTo(1);
        assertThat(runtime.store.verifyChain(id)).get().isInstanceOf(ChainVerification.Intact.class);
    }

    private long count(ApprovalId id, String type) {
        return runtime.store.auditTrail(id).stream().map(AuditEvent::type).filter(type::equals).count();
    }
}
