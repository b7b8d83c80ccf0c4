package dev.countersign.functions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.audit.AuditChain;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEventType;
import dev.countersign.audit.AuditKey;
import dev.countersign.aws.internal.RequestSigner;
import dev.countersign.contract.ProposalCheck;
import dev.countersign.contract.ProposalValidator;
import dev.countersign.core.json.Json;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What each handler runs before a SnapStart snapshot ({@link SnapStartHooks}): its hot path on sample data, in this
 * process only — no request leaves it, nothing is stored or sent — so the snapshot holds loaded, initialised and
 * compiled code. The route function primes itself through its own pure {@code handle} method.
 */
public final class Priming {
    private Priming() {
    }

    /** The review page's path (the decision function): the same work as its cold-start priming. */
    public static void reviewPage() {
        ColdStart.prime();
    }

    /** A route function input for priming: the sample proposal of an example gate. */
    public static JsonNode routeInput() {
        return Json.object().put("executionArn", "arn:aws:states:us-east-1:123456789012:execution:priming:priming")
                .put("gate", "priming").set("proposal", Json.parse(ColdStart.PROPOSAL));
    }

    /** The request and escalate functions: validating a proposal, JSON, request signing and the audit chain. */
    public static void gateStep() {
        ProposalCheck check = ProposalValidator.instance().check(ColdStart.PROPOSAL);
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
