package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The publishing example's agent step: drafts a short article from a brief (a topic and the facts to tell) and asks an
 * editor to edit and approve the draft ({@code content.edit}: the routing rules let the editor change the headline and
 * the body). A team's model goes here; the example writes the draft with fixed rules, so the same brief always gives
 * the same draft.
 *
 * <p>Input: {@code {"slug", "section", "headline", "facts": ["...", ...], "requester": {"email", "name"?}}}, or
 * {@code {"proposal": {...}}} (a ready proposal, checked by {@link ExampleWorkflow#ARTICLE}). Output: a Proposal.
 */
public final class ArticleAgentFunction extends JsonStep {
    public static final String WORKFLOW = "content";
    /** The draft an editor may edit; {@link PrepareSignOffFunction} turns the edited draft into {@link #PUBLISH}. */
    public static final String ACTION_TYPE = "content.edit";
    /** What two of three editors sign off: publishing exactly this text. */
    public static final String PUBLISH = "content.publish";
    public static final String AGENT = "content-agent";

    @Override
    public ObjectNode handle(JsonNode input) {
        java.util.Optional<ObjectNode> ready = ExampleWorkflow.ARTICLE.adopt(input);
        if (ready.isPresent()) {
            return ready.get();
        }
        RequestFields brief = RequestFields.of("article brief", input, "{\"slug\": \"winter-opening-hours\","
                + " \"section\": \"news\", \"headline\": \"...\", \"facts\": [\"...\"], \"requester\": {\"email\": ...}}");
        String slug = brief.text("slug", "\"slug\": \"winter-opening-hours\"");
        if (!slug.matches("[a-z0-9]+(-[a-z0-9]+)*") || slug.length() > 80) {
            throw new IllegalArgumentException("article brief field 'slug' is '" + slug + "': use lower-case words"
                    + " joined by '-', at most 80 characters, e.g. \"slug\": \"winter-opening-hours\"");
        }
        String section = brief.text("section", "\"section\": \"news\"");
        String headline = RequestFields.oneLine(brief.text("headline", "\"headline\": \"Longer opening hours\""));
        JsonNode factsNode = brief.node().path("facts");
        List<String> facts = new ArrayList<>();
        factsNode.forEach(f -> {
            if (f.isTextual() && !f.asText().isBlank()) {
                facts.add(RequestFields.sentence(f.asText()));
            }
        });
        if (facts.isEmpty()) {
            throw new IllegalArgumentException("article brief field 'facts' is missing or empty: list what the"
                    + " article must say, e.g. \"facts\": [\"The shop opens at 8 from 1 December\"]");
        }
        StringBuilder body = new StringBuilder();
        body.append(facts.get(0)).append("\n\n");
        if (facts.size() > 1) {
            body.append(String.join(" ", facts.subList(1, facts.size()))).append("\n\n");
        }
        body.append("We look forward to seeing you.");

        ProposalDraft draft = new ProposalDraft("article-" + slug, WORKFLOW, ACTION_TYPE,
                "Edit and approve the draft \"" + headline + "\" for the " + section + " section");
        ObjectNode params = draft.params();
        params.put("slug", slug);
        params.put("section", section);
        params.put("headline", RequestFields.clip(headline, 120));
        params.put("body", RequestFields.clip(body.toString(), 4000));
        List<String> reasons = List.of("published content is public and stays in search engines");
        draft.reasoning("I drafted this article from the brief: every sentence states one of its " + facts.size()
                        + " facts, and nothing else. Fix the headline and the body as you see fit, then approve: two"
                        + " of the three editors then sign the final text off before it is published.")
                .evidence("Brief: facts to tell", String.join("\n", facts))
                .evidence("Section", section)
                .evidence("Address once published", "/" + section + "/" + slug)
                .risk("medium", 40, reasons)
                .proposedBy(AGENT, "article-" + slug)
                .requestedBy(brief);
        return draft.build();
    }
}
