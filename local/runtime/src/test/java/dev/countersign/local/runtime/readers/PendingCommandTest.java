package dev.countersign.local.runtime.readers;

import static dev.countersign.local.runtime.readers.ReaderFixture.capture;
import static dev.countersign.local.runtime.readers.ReaderFixture.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.Verdict;
import dev.countersign.core.RiskLevel;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ./countersign pending} against dynalite: approvals of several approvers and workflows asked over two days,
 * one of them decided, listed with every filter, page by page, as text and as JSON, locally and as a deployed
 * stack's reader with credentials from the environment.
 */
class PendingCommandTest {
    private static final String ALICE = "alice@shop.example";
    private static final String BOB = "bob@shop.example";
    private static final String CAROL = "carol@shop.example";
    private static final Pattern NEXT = Pattern.compile("more: ./countersign pending (.*) --page-token (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    static ReaderFixture fixture;
    static Clock now;
    /** Every pending approval, newest first. */
    static List<ApprovalRecord> pending = new ArrayList<>();
    static ApprovalRecord decided;

    @BeforeAll
    static void askOverTwoDays() {
        fixture = new ReaderFixture(data);
        pending.add(0, fixture.ask("refunds", "Refund EUR 40.00 to order ORD-1", RiskLevel.LOW, ALICE));
        fixture.later(Duration.ofHours(1));
        pending.add(0, fixture.ask("payouts", "Pay EUR 9,000 to supplier S-7", RiskLevel.HIGH, ALICE, BOB));
        fixture.later(Duration.ofDays(1));
        pending.add(0, fixture.ask("refunds", "Refund EUR 12.50 to order ORD-2", RiskLevel.MEDIUM, BOB));
        fixture.later(Duration.ofMinutes(20));
        decided = fixture.ask("refunds", "Refund EUR 2,000 to order ORD-3", RiskLevel.CRITICAL, ALICE);
        fixture.later(Duration.ofMinutes(5));
        fixture.decide(decided, ALICE, Verdict.APPROVE, "ok");
        fixture.later(Duration.ofMinutes(10));
        pending.add(0, fixture.ask("refunds", "Refund EUR 75.00 to order ORD-4", RiskLevel.MEDIUM, ALICE));
        fixture.later(Duration.ofMinutes(3));
        ApprovalRecord content = fixture.ask("content", "Publish \"Spring sale\"", RiskLevel.LOW, CAROL);
        // The store refuses control characters; someone with table access writes them into the item directly.
        fixture.tamper(content.approvalId(), "SET summary = :s", Map.of(":s",
                AttributeValue.fromS("Publish \u001b[31m\"Spring sale\"\nchain intact: forged")));
        pending.add(0, fixture.store.get(content.approvalId()).orElseThrow());
        fixture.later(Duration.ofMinutes(90));
        now = Clock.fixed(fixture.clock.instant(), ZoneOffset.UTC);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static ReaderFixture.Run pending(String... args) {
        return capture((out, err) -> CountersignPending.run(with(fixture.localOptions(), args), Map.of(), out, err,
                now));
    }

    private static List<String> ids(List<ApprovalRecord> approvals) {
        return approvals.stream().map(a -> a.approvalId().value()).toList();
    }

    private static List<String> idsIn(String text) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\\b(ap_[a-z2-7]{26})\\b").matcher(text);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void pending_listsEveryWaitingApproval_newestFirst_withAgeDeadlineLevelRiskAndSummary() {
        ReaderFixture.Run run = pending();

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(idsIn(run.out())).containsExactlyElementsOf(ids(pending));
        assertThat(run.out()).doesNotContain(decided.approvalId().value());
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("pending approvals, newest first: 5");
        assertThat(lines.get(1)).containsSubsequence("AGE", "DEADLINE", "LEVEL", "RISK", "WORKFLOW", "SUMMARY",
                "APPROVAL");
        // The oldest: asked 1 day, 3 hours and 8 minutes ago, due a day after it was asked.
        String oldest = lines.stream().filter(l -> l.contains(pending.get(4).approvalId().value())).findFirst()
                .orElseThrow();
        assertThat(oldest).contains("1d 3h", "2026-11-03 09:00 UTC (passed 3h 8m ago)", "low", "refunds",
                "Refund EUR 40.00 to order ORD-1");
        String payout = lines.stream().filter(l -> l.contains(pending.get(3).approvalId().value())).findFirst()
                .orElseThrow();
        assertThat(payout).contains("1d 2h", "high", "payouts", "Pay EUR 9,000 to supplier S-7");
        assertThat(lines.stream().filter(l -> l.contains(pending.get(0).approvalId().value())).findFirst()
                .orElseThrow()).contains("1h 30m", "2026-11-04 10:38 UTC (in 22h 30m)", "  1  ");
    }

    @Test
    void pending_escapesControlCharacters_soASummaryCannotColourOrFakeLines() {
        ReaderFixture.Run run = pending("--workflow", "content");

        assertThat(run.out()).doesNotContain("\u001b").contains("Publish \\u001b[31m\"Spring sale\"\\nchain intact");
        assertThat(run.out().lines()).noneMatch(line -> line.startsWith("chain intact"));
    }

    @Test
    void pending_forOneApprover_pagesThroughTheList_printingTheNextCommand() {
        List<String> seen = new ArrayList<>();
        ReaderFixture.Run run = pending("--approver", "Alice@Shop.Example", "--limit", "1");
        int pages = 0;
        while (true) {
            assertThat(run.status()).as(run.err()).isZero();
            pages++;
            seen.addAll(idsIn(run.out()));
            Matcher next = NEXT.matcher(run.out());
            if (!next.find()) {
                break;
            }
            // The printed command repeats the filter and carries the next page's token.
            assertThat(next.group(1)).contains("--approver Alice@Shop.Example --limit 1");
            run = pending("--approver", "Alice@Shop.Example", "--limit", "1", "--page-token", next.group(2));
        }

        List<String> alices = ids(pending.stream().filter(a -> a.current().awaiting().stream()
                .anyMatch(r -> r.approver().equals(ALICE))).toList());
        assertThat(seen).containsExactlyElementsOf(alices);
        assertThat(pages).isGreaterThanOrEqualTo(alices.size());
    }

    @Test
    void pending_forOneWorkflow_andForOneApproverInOneWorkflow() {
        assertThat(idsIn(pending("--workflow", "refunds").out())).containsExactlyElementsOf(ids(pending.stream()
                .filter(a -> a.workflow().equals("refunds")).toList()));
        ReaderFixture.Run narrowed = pending("--approver", BOB, "--workflow", "refunds");
        assertThat(idsIn(narrowed.out())).containsExactly(pending.get(2).approvalId().value());
        assertThat(narrowed.out()).startsWith("pending approvals of bob@shop.example in workflow refunds");
        ReaderFixture.Run none = pending("--approver", "nobody@shop.example");
        assertThat(none.status()).isZero();
        assertThat(none.out()).isEqualTo("no pending approvals of nobody@shop.example\n");
    }

    @Test
    void pending_json_carriesEveryRowAndTheNextPagesToken() throws IOException {
        ReaderFixture.Run first = pending("--json", "--limit", "3");
        JsonNode page = JSON.readTree(first.out());

        assertThat(page.get("items")).hasSize(3);
        JsonNode newest = page.get("items").get(0);
        assertThat(newest.get("approvalId").asText()).isEqualTo(pending.get(0).approvalId().value());
        assertThat(newest.get("risk").asText()).isEqualTo("low");
        assertThat(newest.get("level").asInt()).isEqualTo(1);
        assertThat(newest.get("ageSeconds").asLong()).isEqualTo(90 * 60);
        assertThat(newest.get("secondsToDeadline").asLong()).isEqualTo(Duration.ofHours(22).plusMinutes(30)
                .toSeconds());
        assertThat(newest.get("summary").asText()).isEqualTo(pending.get(0).summary());
        ReaderFixture.Run second = pending("--json", "--limit", "3", "--page-token",
                page.get("nextPageToken").asText());
        JsonNode rest = JSON.readTree(second.out());
        assertThat(rest.get("items")).extracting(i -> i.get("approvalId").asText())
                .containsExactlyElementsOf(ids(pending.subList(3, 5)));
        assertThat(rest.get("nextPageToken").isNull()).isTrue();
    }

    @Test
    void pending_readsADeployedStacksTable_withCredentialsFromTheEnvironment() {
        ReaderFixture.Run run = capture((out, err) -> CountersignPending.run(new String[] {"--workflow", "payouts"},
                fixture.deployedEnvironment(false), out, err, now));

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(idsIn(run.out())).containsExactly(pending.get(3).approvalId().value());
    }

    @Test
    void pending_refusesAPageTokenOfAnotherList_namingTheOption() {
        ReaderFixture.Run first = pending("--approver", ALICE, "--limit", "1");
        Matcher next = NEXT.matcher(first.out());
        assertThat(next.find()).isTrue();

        ReaderFixture.Run replayed = pending("--approver", BOB, "--limit", "1", "--page-token", next.group(2));

        assertThat(replayed.status()).isEqualTo(2);
        assertThat(replayed.err()).startsWith("countersign pending: --page-token is not a token of pending"
                + " approvals of bob@shop.example").contains("first page again");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--limit 0              | --limit '0' is not a number from 1 to 100",
            "--limit many           | --limit 'many' is not a number from 1 to 100",
            "--approver alice       | --approver 'alice' is not an email address",
            "--colour               | unknown option '--colour'",
            "--workflow             | --workflow needs a value",
            "refunds                | unexpected 'refunds'",
            "--dynamodb-endpoint x  | --dynamodb-endpoint 'x' is not an http(s) URL"})
    void pending_namesTheMistake_andExits2(String arguments, String message) {
        ReaderFixture.Run run = capture((out, err) -> CountersignPending.run(arguments.split(" +"), Map.of(), out,
                err, now));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("countersign pending: " + message).contains("./countersign pending --help");
    }

    @Test
    void pending_saysToStartTheRuntime_whenNothingListens_andHelpExits0() throws IOException {
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        ReaderFixture.Run run = capture((out, err) -> CountersignPending.run(new String[] {"--dynamodb-endpoint",
                "http://127.0.0.1:" + free}, Map.of(), out, err, now));
        ReaderFixture.Run help = capture((out, err) -> CountersignPending.run(new String[] {"--help"}, Map.of(), out,
                err, now));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("nothing is listening at http://127.0.0.1:" + free);
        assertThat(help.status()).isZero();
        assertThat(help.out()).startsWith("usage: ./countersign pending [--approver EMAIL] [--workflow NAME]");
    }
}
