package dev.countersign.functions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalTransitions;
import dev.countersign.approval.InformationalEvents;
import dev.countersign.approval.DecideResult;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.Transition;
import dev.countersign.approval.Verdict;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEventType;
import dev.countersign.audit.AuditKey;
import dev.countersign.aws.internal.RequestSigner;
import dev.countersign.contract.ProposalCheck;
import dev.countersign.contract.ProposalValidator;
import dev.countersign.core.Channel;
import dev.countersign.core.EmailAddress;
import dev.countersign.core.Proposal;
import dev.countersign.core.json.Json;
import dev.countersign.link.LinkSecret;
import dev.countersign.store.dynamodb.internal.ProjectionRequests;
import dev.countersign.store.dynamodb.internal.StoredJson;
import dev.countersign.views.DecisionRecordedView;
import dev.countersign.views.PageRenderer;
import dev.countersign.views.ReviewFormState;
import dev.countersign.views.ReviewPageView;
import dev.countersign.views.WorkflowResumption;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * What each handler runs before a SnapStart snapshot ({@link SnapStartHooks}): its hot path on sample data, in this
 * process only — no request leaves it, nothing is stored or sent — so the snapshot holds loaded, initialised and
 * compiled code. The route function primes itself through its own pure {@code handle} method.
 *
 * <p>Priming runs only for a snapshot. An ordinary cold start does not prime on a second thread: on Lambda's one vCPU
 * (1,769 MB) that thread only competes with the request, and on a busy two-core machine it made both the review page
 * and the decision slower (docs/handlers.md, "Cold start").
 */
public final class Priming {
    private Priming() {
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
            + "\"requester\":{\"S\":\"r@example.com\"},\"proposedBy\":{\"S\":\"a\"},"
            + "\"proposalHash\":{\"S\":\"" + "0".repeat(64) + "\"},"
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

    /**
     * The review page's path (the decision function's GET): signing a request, an unconnected connection, decoding
     * a sample approval and link item, the VIEWED rule and chain, the projection requests and the page.
     */
    public static void reviewPage() {
        Clock clock = Clock.systemUTC();
        Instant now = clock.instant();
        // What the HTTP client does for each call: sign, open a connection object (no I/O), check the CRC.
        new RequestSigner("us-east-1", "dynamodb").sign("POST", URI.create("http://127.0.0.1:8000/"),
                Map.of("Content-Type", "application/x-amz-json-1.0", "X-Amz-Target", "DynamoDB_20120810.GetItem"),
                new byte[] {'{', '}'}, now, new RequestSigner.Credentials("AKID", "secret", "token"));
        try {
            new URL("http://127.0.0.1:9/").openConnection();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        new CRC32().update(new byte[] {1});
        // Reading the items the page reads, deciding and signing the VIEWED append, building its writes.
        StoredJson.link(Json.parse(LINK_ITEM));
        StoredJson.ApprovalSnapshot snapshot = StoredJson.approval(Json.parse(APPROVAL_ITEM));
        ApprovalRecord record = snapshot.record();
        AuditEntry viewed = new AuditEntry(AuditEventType.VIEWED, "p@example.com", Json.object().put("level", 1));
        InformationalEvents.appendOnce(record, viewed);
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

    /**
     * The decision's path (the decision function's POST): the form, the decide rule on the sample approval, the
     * Decision the workflow gets, the callback's request and the confirmation page.
     */
    public static void decision() {
        Clock clock = Clock.systemUTC();
        Instant now = clock.instant();
        FormBody form = FormBody.parse("secret=" + "A".repeat(LinkSecret.LENGTH) + "&decision=approve&comment=ok");
        StoredJson.ApprovalSnapshot snapshot = StoredJson.approval(Json.parse(APPROVAL_ITEM));
        ApprovalRecord record = snapshot.record();
        StoredJson.tokens(Json.parse(APPROVAL_ITEM));
        Transition<DecideResult> decide = ApprovalTransitions.decide(record, new DecisionRequest(record.approvalId(), 1,
                "p@example.com", Verdict.APPROVE, form.get("comment"), Channel.EMAIL_LINK, null), now);
        if (!(decide instanceof Transition.Write<DecideResult> write)) {
            throw new IllegalStateException("priming: the sample approval did not take the decision: " + decide);
        }
        ApprovalRecord after = write.next().afterWrite(new AuditChain(new AuditKey(new byte[AuditKey.MIN_BYTES],
                "priming")).extend(record.approvalId().value(), record.auditCount(), record.lastHash(), now,
                write.entries()), 100, now);
        ObjectNode output = after.decisionJson().orElseThrow();
        Json.writeUtf8(Json.object().put("taskToken", "t").put("output", Json.write(output)));
        ProjectionRequests.eventPuts("prime", after, snapshot.marks());
        ProjectionRequests.inboxPuts("prime", after, snapshot.marks(), now);
        new PageRenderer(clock).decisionRecorded(new DecisionRecordedView(ApprovalPresentation.ref(after,
                Proposal.fromJson(Json.parse(PROPOSAL))), ApprovalPresentation.outcome(after.decision().outcome()),
                "p@example.com", now, "ok", WorkflowResumption.RESUMED, List.of()));
    }

    /** The decision function's priming: the review page, then the decision. */
    public static void decisionFunction() {
        reviewPage();
        decision();
    }

    /** A route function input for priming: the sample proposal of an example gate. */
    public static JsonNode routeInput() {
        return Json.object().put("executionArn", "arn:aws:states:us-east-1:123456789012:execution:priming:priming")
                .put("gate", "priming").set("proposal", Json.parse(PROPOSAL));
    }

    /** The request and escalate functions: validating a proposal, JSON, request signing and the audit chain. */
    public static void gateStep() {
        ProposalCheck check = ProposalValidator.instance().check(PROPOSAL);
        if (check instanceof ProposalCheck.Accepted accepted) {
            Json.write(accepted.proposal().toJson());
        }
        Instant now = Instant.now();
        new RequestSigner("us-east-1", "dynamodb").sign("POST", URI.create("http://127.0.0.1:8000/"),
                Map.of("Content-Type", "application/x-amz-json-1.0", "X-Amz-Target", "DynamoDB_20120810.PutItem"),
                new byte[] {'{', '}'}, now, new RequestSigner.Credentials("AKID", "secret", "token"));
        new AuditChain(new AuditKey(new byte[AuditKey.MIN_BYTES], "priming")).extend("ap_priming", 0, null, now,
                List.of(new AuditEntry(AuditEventType.REQUESTED, "countersign:priming", Json.object())));
    }
}
