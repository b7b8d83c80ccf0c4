package dev.countersign.local.runtime.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.AuditWindow;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.ChainVerification;
import dev.countersign.audit.IsoMillis;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The rows of {@code audit export}: one per audit event, the event exactly as its HMAC covers it (so that a holder of
 * the key can recompute every hash from a row), its approval's workflow, summary and proposal hash, and the verdict of
 * the approval's chain. JSON lines (each line {@code "record":"event"}, then one {@code "record":"summary"}) or CSV
 * with a header row.
 */
abstract class ExportRows {
    /** The CSV header; the JSON lines use the same names. */
    static final List<String> COLUMNS = List.of("at", "approvalId", "seq", "type", "actor", "details", "prevHash",
            "hash", "workflow", "summary", "proposalHash", "chain", "anchoredSeq");
    private static final ObjectMapper JSON = new ObjectMapper();

    final PrintStream out;

    private ExportRows(PrintStream out) {
        this.out = out;
    }

    static ExportRows jsonl(PrintStream out) {
        return new Jsonl(out);
    }

    static ExportRows csv(PrintStream out) {
        return new Csv(out);
    }

    abstract void event(ApprovalRecord approval, AuditEvent event, AuditReport check);

    abstract void summary(AuditWindow window, AuditExport.Tally tally);

    /** The event's own fields, as hashed, then its approval's and the check's. */
    static ObjectNode row(ApprovalRecord approval, AuditEvent event, AuditReport check) {
        ObjectNode row = JSON.createObjectNode();
        row.put("record", "event");
        ObjectNode hashed = event.toJson(true);
        row.put("at", hashed.path("at").asText(null));
        row.put("approvalId", event.approvalId());
        row.put("seq", event.seq());
        row.put("type", event.type());
        row.put("actor", event.actor());
        row.set("details", hashed.get("details"));
        row.put("prevHash", event.prevHash());
        row.put("hash", event.hash());
        row.put("workflow", approval.workflow());
        row.put("summary", approval.summary());
        row.put("proposalHash", approval.proposalHash());
        row.put("chain", AuditExport.chainColumn(check));
        if (check.published().isPresent()) {
            row.put("anchoredSeq", check.published().get().seq());
        } else {
            row.putNull("anchoredSeq");
        }
        return row;
    }

    private static final class Jsonl extends ExportRows {
        Jsonl(PrintStream out) {
            super(out);
        }

        @Override
        void event(ApprovalRecord approval, AuditEvent event, AuditReport check) {
            out.println(write(row(approval, event, check)));
        }

        @Override
        void summary(AuditWindow window, AuditExport.Tally tally) {
            ObjectNode summary = JSON.createObjectNode();
            summary.put("record", "summary");
            summary.put("from", IsoMillis.format(window.from()));
            summary.put("to", IsoMillis.format(window.to()));
            summary.put("actor", window.actor());
            summary.put("workflow", window.workflow());
            summary.put("events", tally.events);
            summary.put("approvals", tally.checked.size());
            summary.put("intact", tally.intact());
            summary.put("checkedAgainstPublishedAnchor", tally.matchedAnchor());
            summary.put("anchorsFrom", tally.anchorsFrom);
            ArrayNode broken = summary.putArray("broken");
            for (AuditReport report : tally.broken()) {
                ChainVerification.Broken b = (ChainVerification.Broken) report.verification();
                broken.addObject().put("approvalId", report.approval().approvalId().value()).put("seq", b.seq())
                        .put("problem", b.problem());
            }
            ArrayNode gone = summary.putArray("deleted");
            tally.gone.forEach(gone::add);
            ObjectNode outside = summary.putObject("readOutsideTheLists");
            tally.outsideLists.forEach(outside::put);
            summary.put("allIntact", tally.allIntact());
            out.println(write(summary));
        }

        private static String write(JsonNode node) {
            try {
                return JSON.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * RFC 4180: every field quoted, quotes doubled, line breaks kept inside the quotes. A text cell that starts with
     * {@code = + - @}, a tab or a carriage return gets a leading {@code '}, so that a spreadsheet shows it rather than
     * running it as a formula (the JSON lines keep every value exactly).
     */
    private static final class Csv extends ExportRows {
        private boolean headed;

        Csv(PrintStream out) {
            super(out);
        }

        @Override
        void event(ApprovalRecord approval, AuditEvent event, AuditReport check) {
            if (!headed) {
                out.print(String.join(",", COLUMNS) + "\r\n");
                headed = true;
            }
            ObjectNode row = row(approval, event, check);
            StringBuilder line = new StringBuilder();
            for (String column : COLUMNS) {
                if (line.length() > 0) {
                    line.append(',');
                }
                JsonNode value = row.get(column);
                String text = value == null || value.isNull() ? "" : value.isValueNode() ? value.asText()
                        : value.toString();
                line.append(cell(text, value != null && value.isTextual()));
            }
            out.print(line.append("\r\n"));
        }

        @Override
        void summary(AuditWindow window, AuditExport.Tally tally) {
            if (!headed) {
                out.print(String.join(",", COLUMNS) + "\r\n");
                headed = true;
            }
        }

        static String cell(String text, boolean textual) {
            String safe = textual && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
    }
}
