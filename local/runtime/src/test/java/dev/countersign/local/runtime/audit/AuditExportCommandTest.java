package dev.countersign.local.runtime.audit;

import static dev.countersign.local.runtime.readers.ReaderFixture.capture;
import static dev.countersign.local.runtime.readers.ReaderFixture.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.IsoMillis;
import dev.countersign.core.RiskLevel;
import dev.countersign.local.runtime.readers.ReaderFixture;
import dev.countersign.store.dynamodb.CountersignTables;
import dev.countersign.store.dynamodb.DyingWriters;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ./countersign audit export} against dynalite with anchors published through the local EventBridge endpoint:
 * approvals of several approvers and workflows over three days, exported whole and by window, actor and workflow, as
 * JSON lines and CSV; then trails tampered with (each in a window of its own), an approval deleted, and approvals
 * whose list rows a dying writer never wrote.
 */
class AuditExportCommandTest {
    private static final String ALICE = "alice@shop.example";
    private static final String BOB = "bob@shop.example";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    static ReaderFixture fixture;
    static ApprovalRecord refund;
    static ApprovalRecord payout;
    static ApprovalRecord shared;
    static ApprovalRecord waiting;
    static Instant start;
    static Instant end;

    @BeforeAll
    static void writeThreeDays() {
        fixture = new ReaderFixture(data);
        fixture.clock.set(Instant.parse("2026-10-30T16:00:00Z"));
        start = fixture.clock.instant();
        refund = fixture.ask("refunds", "Refund EUR 40.00 to order ORD-1", RiskLevel.LOW, ALICE);
        fixture.later(Duration.ofHours(20));
        refund = fixture.decide(refund, ALICE, Verdict.APPROVE, "Parcel lost, tracking attached");
        payout = fixture.ask("payouts", "=HYPERLINK(\"http://evil.example\",\"Pay\") EUR 900", RiskLevel.HIGH, BOB);
        fixture.later(Duration.ofDays(1));
        payout = fixture.decide(payout, BOB, Verdict.REJECT, "Supplier, not \"us\", must send the invoice");
        shared = fixture.ask("refunds", "Refund EUR 75.00 to order ORD-4", RiskLevel.MEDIUM, ALICE, BOB);
        fixture.later(Duration.ofMinutes(5));
        shared = fixture.decide(shared, BOB, Verdict.APPROVE, null);
        waiting = fixture.ask("refunds", "Refund EUR 12.00 to order ORD-5", RiskLevel.LOW, ALICE);
        end = fixture.clock.instant();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static ReaderFixture.Run export(String... args) {
        return capture((out, err) -> AuditExport.run(with(fixture.localOptions(), args), Map.of(), out, err, 1_000));
    }

    private static List<JsonNode> lines(String out) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            try {
                lines.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }
        return lines;
    }

    private static List<JsonNode> events(String out) {
        return lines(out).stream().filter(l -> l.get("record").asText().equals("event")).toList();
    }

    private static JsonNode summaryLine(String out) {
        List<JsonNode> all = lines(out);
        JsonNode last = all.get(all.size() - 1);
        assertThat(last.get("record").asText()).isEqualTo("summary");
        return last;
    }

    private static String window(Instant at) {
        return IsoMillis.format(at);
    }

    @Test
    void export_writesEveryEventOfTheWindowOnce_withItsApproval_andEveryChainCheckedAgainstItsAnchor() {
        ReaderFixture.Run run = export("--from", "2026-10-30", "--to", "2026-11-01");

        assertThat(run.status()).as(run.err()).isZero();
        List<JsonNode> rows = events(run.out());
        int total = refund.auditTrail().size() + payout.auditTrail().size() + shared.auditTrail().size()
                + fixture.store.get(waiting.approvalId()).orElseThrow().auditTrail().size();
        assertThat(rows).hasSize(total);
        // Each approval's events together and in order, the approvals in the order of their first event.
        assertThat(rows).extracting(r -> r.get("approvalId").asText() + "/" + r.get("seq").asInt()).startsWith(
                refund.approvalId().value() + "/1", refund.approvalId().value() + "/2",
                payout.approvalId().value() + "/1", payout.approvalId().value() + "/2");
        JsonNode decision = rows.get(1);
        assertThat(decision.get("type").asText()).isEqualTo("APPROVED");
        assertThat(decision.get("actor").asText()).isEqualTo(ALICE);
        assertThat(decision.at("/details/comment").asText()).isEqualTo("Parcel lost, tracking attached");
        assertThat(decision.get("summary").asText()).isEqualTo("Refund EUR 40.00 to order ORD-1");
        assertThat(decision.get("proposalHash").asText()).isEqualTo(refund.proposalHash());
        assertThat(decision.get("workflow").asText()).isEqualTo("refunds");
        assertThat(decision.get("chain").asText()).isEqualTo("intact");
        assertThat(decision.get("anchoredSeq").asInt()).isEqualTo(2);
        assertThat(rows).allSatisfy(r -> assertThat(r.get("chain").asText()).isEqualTo("intact"));
        JsonNode summary = summaryLine(run.out());
        assertThat(summary.get("events").asInt()).isEqualTo(total);
        assertThat(summary.get("approvals").asInt()).isEqualTo(4);
        assertThat(summary.get("allIntact").asBoolean()).isTrue();
        assertThat(run.err()).contains(total + " events of 4 approvals, 2026-10-30T00:00:00.000Z to"
                + " 2026-11-01T23:59:59.999Z", "chains intact: 4 (4 checked against their newest published anchor)");
    }

    @Test
    void export_rows_carryEverythingTheHmacCovers_soAHolderOfTheKeyCanRecomputeIt() throws IOException {
        ReaderFixture.Run run = export("--from", window(start), "--to", window(end));

        AuditChain chain = new AuditChain(fixture.key);
        for (JsonNode row : events(run.out())) {
            AuditEvent event = new AuditEvent(row.get("approvalId").asText(), row.get("seq").asInt(),
                    IsoMillis.parse(row.get("at").asText()), row.get("type").asText(), row.get("actor").asText(),
                    dev.countersign.core.json.CanonicalJson.canonicalize(row.get("details")),
                    row.get("prevHash").asText(), null);
            assertThat(chain.hashOf(event)).as(row.toString()).isEqualTo(row.get("hash").asText());
        }
    }

    @Test
    void export_ofAWindowActorOrWorkflow_holdsOnlyTheirEvents() {
        Instant dayTwo = refund.auditTrail().get(1).at();
        ReaderFixture.Run day = export("--from", window(dayTwo), "--to", window(dayTwo.plus(Duration.ofHours(1))));
        ReaderFixture.Run alice = export("--from", "2026-10-01", "--to", "2026-12-31", "--actor", "ALICE@shop.example");
        ReaderFixture.Run payouts = export("--from", "2026-10-01", "--to", "2026-12-31", "--workflow", "payouts");

        // The refund's decision and the payout's request fall in that hour; the refund's request does not.
        assertThat(events(day.out())).extracting(r -> r.get("type").asText() + " " + r.get("approvalId").asText())
                .containsExactlyInAnyOrder("APPROVED " + refund.approvalId(), "REQUESTED " + payout.approvalId());
        assertThat(events(alice.out())).extracting(r -> r.get("actor").asText()).containsOnly(ALICE);
        assertThat(events(alice.out())).extracting(r -> r.get("approvalId").asText())
                .containsExactly(refund.approvalId().value());
        assertThat(events(payouts.out())).extracting(r -> r.get("approvalId").asText())
                .containsOnly(payout.approvalId().value()).hasSize(payout.auditTrail().size());
        assertThat(summaryLine(payouts.out()).get("workflow").asText()).isEqualTo("payouts");
    }

    @Test
    void export_csv_hasAHeaderAndOneQuotedRowPerEvent_andDefusesSpreadsheetFormulas() {
        ReaderFixture.Run run = export("--from", window(start), "--to", window(end), "--format", "csv",
                "--workflow", "payouts");

        assertThat(run.status()).as(run.err()).isZero();
        List<List<String>> rows = Csv.parse(run.out());
        assertThat(rows.get(0)).containsExactly("at", "approvalId", "seq", "type", "actor", "details", "prevHash",
                "hash", "workflow", "summary", "proposalHash", "chain", "anchoredSeq");
        assertThat(rows).hasSize(1 + payout.auditTrail().size());
        List<String> rejected = rows.get(2);
        assertThat(rejected.get(3)).isEqualTo("REJECTED");
        assertThat(rejected.get(5)).contains("\"comment\":\"Supplier, not \\\"us\\\", must send the invoice\"");
        // A summary a spreadsheet would run as a formula is shown as text.
        assertThat(rejected.get(9)).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"Pay\") EUR 900");
        assertThat(rejected.get(11)).isEqualTo("intact");
        assertThat(run.out()).doesNotContain("\"record\"");
        assertThat(run.err()).contains("chains intact: 1");
    }

    @Test
    void export_reportsAnEditedEvent_onItsRowsAndInTheSummary_andExits1() {
        ApprovalRecord edited = inAWindowOfItsOwn("2026-12-01T10:00:00Z");
        // Someone with table access makes it look as if alice, not bob, approved.
        fixture.tamper(edited.approvalId(), "SET trail[1].actor = :who", Map.of(":who", AttributeValue.fromS(ALICE)));

        ReaderFixture.Run run = export("--from", "2026-12-01", "--to", "2026-12-01");

        assertThat(run.status()).isEqualTo(1);
        assertThat(events(run.out())).extracting(r -> r.get("chain").asText()).containsOnly("broken at seq 2");
        assertThat(summaryLine(run.out()).at("/broken/0/approvalId").asText())
                .isEqualTo(edited.approvalId().value());
        assertThat(run.err()).contains("BROKEN: 1", edited.approvalId().value() + " BROKEN at seq 2");
    }

    @Test
    void export_catchesATruncatedTrailWithItsAnchorRewound_byThePublishedAnchor() {
        ApprovalRecord truncated = inAWindowOfItsOwn("2026-12-02T10:00:00Z");
        // Drop the decision and rewind the item's own anchor: only the published anchor still knows seq 2.
        fixture.tamper(truncated.approvalId(), "REMOVE trail[1] SET auditCount = :one, lastHash = :hash",
                Map.of(":one", AttributeValue.fromN("1"), ":hash",
                        AttributeValue.fromS(truncated.auditTrail().get(0).hash())));

        ReaderFixture.Run run = export("--from", "2026-12-02", "--to", "2026-12-02");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains(truncated.approvalId().value() + " BROKEN at seq 2").contains("truncated");
    }

    @Test
    void export_namesAnApprovalThatWasDeleted_byItsPublishedAnchor_andExits1() {
        ApprovalRecord deleted = inAWindowOfItsOwn("2026-12-03T10:00:00Z");
        fixture.clients.dynamoDb().deleteItem(r -> r.tableName(CountersignTables.DEFAULT_APPROVALS_TABLE)
                .key(Map.of("pk", AttributeValue.fromS("APPROVAL#" + deleted.approvalId().value()),
                        "sk", AttributeValue.fromS("#APPROVAL"))));

        ReaderFixture.Run run = export("--from", "2026-12-03", "--to", "2026-12-03");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains(deleted.approvalId().value() + " is not in table countersign-approvals, but an"
                + " anchor for its seq 2 was published").contains("the approval was deleted");
        assertThat(summaryLine(run.out()).get("deleted")).hasSize(1);
    }

    @Test
    void export_readsApprovalsWhoseListRowsADyingWriterNeverWrote() {
        fixture.clock.set(Instant.parse("2026-12-04T10:00:00Z"));
        // The writer dies after the approval write: no event rows, only the item's projectionDue mark.
        DynamoDbApprovalStore dying = DyingWriters.neverProjecting(fixture.clients.dynamoDb(),
                CountersignTables.defaults(), fixture.key, fixture.clock);
        ApprovalRecord lagging = fixture.ask(dying, "refunds", "Refund EUR 5.00 to order ORD-9", RiskLevel.LOW, ALICE);

        ReaderFixture.Run run = export("--from", "2026-12-04", "--to", "2026-12-04");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(events(run.out())).extracting(r -> r.get("approvalId").asText())
                .containsExactly(lagging.approvalId().value());
        assertThat(run.err()).contains("read by id, not found through the lists: 1",
                lagging.approvalId().value() + ": its list rows were not written yet");
    }

    @Test
    void export_streamsWithProgressOnStandardError() {
        ReaderFixture.Run run = capture((out, err) -> AuditExport.run(with(fixture.localOptions(), "--from",
                window(start), "--to", window(end)), Map.of(), out, err, 2));

        assertThat(run.err().lines().filter(l -> l.contains("events of") && l.contains("so far")))
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(run.err()).contains("so far (at 2026-");
    }

    @Test
    void export_readsADeployedStacksTable_withTheKeyFromTheEnvironmentAndAnchorsFromAFile() {
        ReaderFixture.Run run = capture((out, err) -> AuditExport.run(new String[] {"--from", window(start), "--to",
                window(end), "--anchors", data.resolve("events.jsonl").toString(), "--actor", BOB},
                fixture.deployedEnvironment(true), out, err, 1_000));

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(events(run.out())).extracting(r -> r.get("type").asText()).containsExactly("REJECTED",
                "APPROVED");
        assertThat(events(run.out())).allSatisfy(r -> assertThat(r.get("anchoredSeq").isNumber()).isTrue());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--to 2026-10-01                          | --from is missing",
            "--from 2026-10-01                        | --to is missing",
            "--from 2026-10-02 --to 2026-10-01        | --to 2026-10-01T23:59:59.999Z is before --from",
            "--from 2026-13-01 --to 2026-12-01        | --from '2026-13-01' is neither a day",
            "--from 2026-10-01T10:00 --to 2026-12-01  | --from '2026-10-01T10:00' is neither a day",
            "--from 2026-10-01 --to 2026-12-01 --format xml | --format 'xml' is not jsonl or csv"})
    void export_namesTheMistake_andExits2(String arguments, String message) {
        ReaderFixture.Run run = capture((out, err) -> AuditExport.run(arguments.trim().split(" +"), Map.of(), out,
                err, 1_000));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("countersign audit export: " + message)
                .contains("./countersign audit export --help");
    }

    @Test
    void theAuditCommand_handsExportOn() {
        ReaderFixture.Run run = capture((out, err) -> CountersignAudit.run(with(List.of("export"), "--help"),
                Map.of(), out, err));

        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("usage: ./countersign audit export --from TIME --to TIME");
    }

    /** An approval asked and decided at {@code at}, alone on that day. */
    private static ApprovalRecord inAWindowOfItsOwn(String at) {
        fixture.clock.set(Instant.parse(at));
        ApprovalRecord approval = fixture.ask("refunds", "Refund EUR 9.00 to order ORD-" + at.substring(8, 10),
                RiskLevel.LOW, ALICE, BOB);
        fixture.later(Duration.ofMinutes(2));
        return fixture.decide(approval, BOB, Verdict.APPROVE, "fine");
    }

    /** A small RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF rows. */
    static final class Csv {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i++;
                } else {
                    field.append(c);
                }
            }
            return rows;
        }
    }
}
