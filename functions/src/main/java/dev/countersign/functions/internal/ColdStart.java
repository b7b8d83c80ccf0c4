package dev.countersign.functions.internal;

import dev.countersign.audit.IsoMillis;
import dev.countersign.core.Proposal;
import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.Json;
import dev.countersign.link.LinkSecret;
import dev.countersign.store.dynamodb.internal.Items;
import dev.countersign.views.ApprovalView;
import dev.countersign.views.HistoryRow;
import dev.countersign.views.PageRenderer;
import dev.countersign.views.ReviewFormState;
import dev.countersign.views.ReviewPageView;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Cold-start priming: loads and initialises, on a second thread, the classes a function's first request needs that do
 * not depend on the AWS client (JSON, page templates, table schemas, crypto, request models), while the constructor's
 * own thread builds the DynamoDB client. Class initialisation is thread-safe, so whichever thread gets to a class
 * first initialises it and the other waits; nothing here has side effects beyond that. On a single core it costs
 * nothing measurable; with two (Lambda's init phase, a laptop) the two halves overlap.
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
    private static final String SAMPLE = "{\"workflow\":\"w\",\"action\":{\"type\":\"t\",\"summary\":\"s\","
            + "\"params\":{\"a\":1,\"b\":[2.5,\"x\"]}},\"reasoning\":\"r\",\"evidence\":[{\"label\":\"l\","
            + "\"value\":\"v\",\"url\":\"https://example.com/e\"}],\"risk\":{\"level\":\"low\",\"score\":1.5,"
            + "\"reasons\":[\"x\"]},\"proposedBy\":{\"agent\":\"a\"},\"requester\":{\"email\":\"r@example.com\"}}";

    static void prime() {
        try {
            Clock clock = Clock.systemUTC();
            Instant now = clock.instant();
            Json.write(Json.parse("{\"a\":[1,2.5,\"x\",true,null,{\"b\":-3}]}"));
            Object schemas = Items.ApprovalItem.SCHEMA.itemType().rawClass() == null ? null : Items.LinkItem.SCHEMA;
            AttributeValue key = AttributeValue.fromS(String.valueOf(schemas != null));
            GetItemRequest.builder().tableName("prime").key(Map.of("pk", key, "sk", key)).consistentRead(true)
                    .projectionExpression("pk").build();
            UpdateItemRequest.builder().tableName("prime").key(Map.of("pk", key)).updateExpression("SET a = :a")
                    .expressionAttributeValues(Map.of(":a", AttributeValue.fromL(List.of(AttributeValue.fromM(
                            Map.of("n", AttributeValue.fromN("1"))))))).build();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            mac.doFinal(CanonicalJson.canonicalBytes(Json.parse("{\"b\":1.5,\"a\":\"x\"}")));
            MessageDigest.getInstance("SHA-256").digest(new byte[1]);
            LinkSecret.parse("A".repeat(LinkSecret.LENGTH)).map(LinkSecret::hash);
            IsoMillis.parse(IsoMillis.format(now));
            PageRenderer pages = new PageRenderer(clock);
            pages.linkNotValid();
            Proposal proposal = Proposal.fromJson(Json.parse(SAMPLE));
            pages.review(new ReviewPageView("p@example.com", new ApprovalView("ap_primingprimingprimingpri", 1, now,
                    now.plusSeconds(3600)), ApprovalPresentation.proposal(proposal), null,
                    List.of(new HistoryRow(now, "REQUESTED", "countersign:request", "asked at level 1")), "/review",
                    "A".repeat(LinkSecret.LENGTH), List.of(), ReviewFormState.EMPTY));
        } catch (Exception | LinkageError e) {
            // Priming is an optimisation only: the request path loads whatever is missing itself.
        }
    }
}
