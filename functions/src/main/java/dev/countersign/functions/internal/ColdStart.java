package dev.countersign.functions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalTransitions;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEventType;
import dev.countersign.audit.AuditKey;
import dev.countersign.aws.internal.RequestSigner;
import dev.countersign.core.EmailAddress;
import dev.countersign.core.Proposal;
import dev.countersign.core.json.Json;
import dev.countersign.link.LinkSecret;
import dev.countersign.store.dynamodb.internal.ProjectionRequests;
import dev.countersign.store.dynamodb.internal.StoredJson;
import dev.countersign.views.PageRenderer;
import dev.countersign.views.ReviewFormState;
import dev.countersign.views.ReviewPageView;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Cold-start priming: loads and initialises, on a second thread, the classes a review page needs (JSON, DynamoDB JSON
 * decoding, request signing, the HTTP client, the audit chain, the page templates) while the constructor's own thread
 * reads the settings and the audit key and the first request's reads are on the wire. Class initialisation is
 * thread-safe, so whichever thread gets to a class first initialises it and the other waits; nothing here has side
 * effects beyond that, and nothing here touches the network or the SDK. On a single core it costs nothing
 * measurable; with two (a laptop, Lambda above 1,769 MB) the two halves overlap.
 */
public final class ColdStart {
    private ColdStart() {
    }

    /** Starts priming in the background and returns {@code env} unchanged (so a constructor can call it first). */
    public static Map<String, String> primeInBackground(Map<String, String> env) {
        Thread thread = new Thread(ColdStart::prime, "countersign-priming");
        thread.setDaemon(true);
        thread.start();
        return env;
    }

    /** A proposal like the ones reviewed: priming renders its page so the templates and views are loaded. */
    static final String PROPOSAL = "{\"workflow\":\"w\",\"action\":{\"type\":\"t\",\"summary\":\"s\","
            + "\"params\":{\"a\":1,\"b\":[2.5,\"x\"]}},\"reasoning\":\"r\",\"evidence\":[{\"label\":\"l\","
            + "\"value\":\"v\",\"url\":\"https://example.com/e\"}],\"risk\":{\"level\":\"low\",\"score\":1.5,"
            + "\"reasons\":[\"x\"]},\"proposedBy\":{\"agent\":\"a\"},\"requester\":{\"email\":\"r@example.com\"}}";

    /** An approval item as GetItem returns it: one pending level, one recipient, two events. */
    private static final String APPROVAL_ITEM = "{\"pk\":{\"S\":\"APPROVAL#ap_primingprimingprimingprimi\"},"
            + "\"sk\":{\"S\":\"#APPROVAL\"},\"approvalId\":{\"S\":\"ap_primingprimingprimingprimi\"},"
            + "\"executionArn\":{\"S\":\"arn:aws:states:us-east-1:1:execution:w:e\"},\"gate\":{\"S\":\"g\"},"
            + "\"workflow\":{\"S\":\"w\"},\"summary\":{\"S\":\"s\"},\"riskLevel\":{\"S\":\"low\"},"
            + "\"requester\":{\"S\":\"r@example.com\"},\"proposedBy\":{\"S\":\"a\"},\"proposalHash\":{\"S\":\"h\"},"
            + "\"status\":{\"S\":\"PENDING\"},\"currentLevel\":{\"N\":\"1\"},"
            + "\"currentDeadline\":{\"S\":\"2026-11-24T10:15:30.000Z\"},\"levels\":{\"L\":[{\"M\":{"
            + "\"number\":{\"N\":\"1\"},\"recipients\":{\"L\":[{\"M\":{\"approver\":{\"S\":\"p@example.com\"}}}]},"
            + "\"quorum\":{\"N\":\"1\"},\"deadline\":{\"S\":\"2026-11-24T10:15:30.000Z\"},"
            + "\"status\":{\"S\":\"PENDING\"},\"votes\":{\"L\":[]},\"reassignments\":{\"N\":\"0\"}}}]},"
            + "\"createdAt\":{\"S\":\"2026-11-24T10:15:30.000Z\"},\"updatedAt\":{\"S\":\"2026-11-24T10:15:30.000Z\"},"
            + "\"version\":{\"N\":\"2\"},\"auditCount\":{\"N\":\"1\"},\"lastHash\":{\"S\":\"x\"},"
            + "\"trailBytes\":{\"N\":\"200\"},\"trail\":{\"L\":[{\"M\":{\"seq\":{\"N\":\"1\"},"
            + "\"at\":{\"S\":\"2026-11-24T10:15:30.000Z\"},\"type\":{\"S\":\"REQUESTED\"},"
            + "\"actor\":{\"S\":\"countersign:request\"},\"details\":{\"S\":\"{\\\"level\\\":1}\"},"
            + "\"prevHash\":{\"S\":\"genesis\"},\"hash\":{\"S\":\"x\"}}}]},\"inboxVersion\":{\"N\":\"1\"},"
            + "\"projectedSeq\":{\"N\":\"1\"},\"projectedInboxVersion\":{\"N\":\"1\"}}";

    private static final String LINK_ITEM = "{\"pk\":{\"S\":\"LINK#n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg\"},"
            + "\"sk\":{\"S\":\"#LINK\"},"
            + "\"approvalId\":{\"S\":\"ap_primingprimingprimingprimi\"},\"recipient\":{\"S\":\"p@example.com\"},"
            + "\"level\":{\"N\":\"1\"},\"expiresAt\":{\"S\":\"2026-11-24T10:15:30.000Z\"},"
            + "\"issuedAt\":{\"S\":\"2026-11-24T10:15:29.000Z\"},\"ttl\":{\"N\":\"1\"}}";

    static void prime() {
        try {
            run();
        } catch (Exception | LinkageError e) {
            // Priming is an optimisation only: the request path loads whatever is missing itself.
        }
    }

    /** The priming itself; ColdStartTest runs it so that a change on the page's path cannot make it fail unseen. */
    static void run() throws Exception {
        Clock clock = Clock.systemUTC();
        Instant now = clock.instant();
        // What the HTTP client does for each call: sign, open a connection object (no I/O), check the CRC.
        new RequestSigner("us-east-1", "dynamodb").sign("POST", URI.create("http://127.0.0.1:8000/"),
                Map.of("Content-Type", "application/x-amz-json-1.0", "X-Amz-Target", "DynamoDB_20120810.GetItem"),
                new byte[] {'{', '}'}, now, new RequestSigner.Credentials("AKID", "secret", "token"));
        new URL("http://127.0.0.1:9/").openConnection();
        new CRC32().update(new byte[] {1});
        // Reading the items the page reads, deciding and signing the VIEWED append, building its writes.
        StoredJson.link(Json.parse(LINK_ITEM));
        StoredJson.ApprovalSnapshot snapshot = StoredJson.approval(Json.parse(APPROVAL_ITEM));
        ApprovalRecord record = snapshot.record();
        AuditEntry viewed = new AuditEntry(AuditEventType.VIEWED, "p@example.com", Json.object().put("level", 1));
        ApprovalTransitions.appendOnce(record, viewed);
        new AuditChain(new AuditKey(new byte[AuditKey.MIN_BYTES], "priming")).extend(
                record.approvalId().value(), record.auditCount(), record.lastHash(), now, List.of(viewed));
        ProjectionRequests.eventPuts("prime", record, snapshot.marks());
        ProjectionRequests.markProjected("prime", record, snapshot.marks());
        LinkSecret.parse("A".repeat(LinkSecret.LENGTH)).map(LinkSecret::hash);
        EmailAddress.sameMailbox("p@example.com", "r@example.com");
        // The page.
        Proposal proposal = Proposal.fromJson(Json.parse(PROPOSAL));
        PageRenderer pages = new PageRenderer(clock);
        pages.linkNotValid();
        pages.review(new ReviewPageView("p@example.com", ApprovalPresentation.approval(record, 1),
                ApprovalPresentation.proposal(proposal), ApprovalPresentation.escalation(record, 1),
                ApprovalPresentation.history(record.auditTrail()), "/review", "A".repeat(LinkSecret.LENGTH),
                List.of(), ReviewFormState.EMPTY));
        JsonNode response = Json.object().put("statusCode", 200).put("body", "x");
        Json.write(response);
    }
}
