package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;

/**
 * The publishing example's action: publishes the signed-off article — only exactly the approved text, only after
 * APPROVED (otherwise {@link ActionRefusedException}). It returns the published article, which the workflow records in
 * the example records table (where the example shows what was published).
 *
 * <p>Input {@code {"proposal", "decision"}} (the sign-off's); output {@code {"record": "article/<slug>", "slug",
 * "section", "headline", "body", "path", "publishedAt", "status": "PUBLISHED", "approvalId", "approvedBy": [...]}}.
 */
public final class PublishArticleFunction extends JsonStep {

    @Override
    public ObjectNode handle(JsonNode input) {
        ApprovedAction article = ApprovedAction.read(input, "publish-article").requireApproved("publish-article");
        ObjectNode params = article.approvedParams();
        String slug = params.path("slug").asText();
        ObjectNode result = Json.object();
        result.put("record", "article/" + slug);
        result.put("slug", slug);
        result.set("section", params.get("section"));
        result.set("headline", params.get("headline"));
        result.set("body", params.get("body"));
        result.put("path", "/" + params.path("section").asText() + "/" + slug);
        result.put("publishedAt", article.decision().decidedAt().toString());
        result.put("status", "PUBLISHED");
        result.put("approvalId", article.decision().approvalId());
        ArrayNode approvedBy = result.putArray("approvedBy");
        article.approvers(input.get("decision")).forEach(approvedBy::add);
        return result;
    }
}
