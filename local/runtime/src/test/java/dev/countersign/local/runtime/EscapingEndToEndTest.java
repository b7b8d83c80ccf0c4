package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.contract.Proposals;
import dev.countersign.local.ses.CapturedEmail;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A proposal whose every text field is hostile goes through the real gate: the email the request function sends
 * (as captured by the local SES endpoint), the review page the decision function serves (over HTTP, through the API
 * Gateway front) and the mailbox pages all show it as inert text. Parsed with jsoup, as a browser would.
 */
class EscapingEndToEndTest {
    private static final String EVIL = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";
    private static final String JS_LINK = "javascript:alert(document.cookie)";
    private static final String RLO = "\u202Efdp.exe";
    private static final String EVIDENCE_URL = "https://carrier.example/claims/991";
    private static final String APPROVER = "lee@shop.example";
    /** A word as long as the reasoning's 8,000-character limit leaves room for, beside the hostile text. */
    private static final String LONG_WORD = "W".repeat(7_000);

    @TempDir
    Path data;
    RuntimeUnderTest runtime;

    @BeforeEach
    void start() {
        runtime = RuntimeUnderTest.start(data);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    /**
     * Hostile text in every field that admits it. The contract already refuses bidi controls in one-line fields and
     * markup characters in the action type, so the right-to-left override rides in a params value.
     */
    private static ObjectNode hostileProposal() {
        ObjectNode p = Proposals.full();
        p.putObject("action").put("type", "refund.issue").put("summary", EVIL);
        ObjectNode params = ((ObjectNode) p.get("action")).putObject("params");
        params.put("note", EVIL);
        params.put("link", JS_LINK);
        params.put("direction", RLO);
        params.put("longWord", "W".repeat(4_000));
        params.put(EVIL.substring(0, 40), "key is hostile too");
        p.put("reasoning", "Because " + EVIL + "\n" + JS_LINK + "\n" + LONG_WORD);
        ArrayNode evidence = p.putArray("evidence");
        evidence.addObject().put("label", EVIL).put("value", JS_LINK).put("url", EVIDENCE_URL);
        evidence.addObject().put("label", "Direction").put("value", EVIL);
        p.putObject("risk").put("level", "high").putArray("reasons").add(EVIL);
        p.putObject("proposedBy").put("agent", "\"><svg onload=alert(1)>").put("model", EVIL).put("runId", "run-1");
        p.putObject("requester").put("email", "dana@shop.example").put("name", EVIL);
        p.putObject("routing").putArray("approvers").add(APPROVER);
        return p;
    }

    @Test
    void hostileProposal_isInertInTheEmail_theReviewPage_andTheMailbox() {
        String execution = runtime.startGate(hostileProposal());
        assertThat(runtime.describe(execution).status()).as(() -> "the gate is waiting, not failed: "
                + runtime.describe(execution).cause()).isEqualTo(ExecutionStatus.RUNNING);
        CapturedEmail email = runtime.requestEmail(APPROVER);
        String link = RuntimeUnderTest.reviewLink(email);

        assertInert("email HTML part", email.html(), Set.of(link, EVIDENCE_URL));
        assertShownAsText("email HTML part", Jsoup.parse(email.html()).body().text());
        assertThat(email.subject()).doesNotContain("\r", "\n", "\u202E");
        assertThat(email.text()).doesNotContain("\u202E").contains("<script>alert(1)</script>");
        assertWraps(Jsoup.parse(email.html()));

        HttpResponse<String> page = runtime.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
                .startsWith("default-src 'none'").doesNotContain("script-src");
        assertInert("review page", page.body(), Set.of(EVIDENCE_URL));
        assertShownAsText("review page", Jsoup.parse(page.body()).body().text());
        assertThat(Jsoup.parse(page.body()).selectFirst("style").data())
                .containsPattern("body\\{[^}]*overflow-wrap:anywhere");

        for (String mailboxPage : List.of("/mailbox", "/mailbox/messages/" + email.messageId())) {
            Document doc = Jsoup.parse(runtime.get(runtime.local.webEndpoint().resolve(mailboxPage).toString())
                    .body());
            assertThat(doc.select("script, img, svg, object, embed")).as(mailboxPage).isEmpty();
            assertNoHandlers(mailboxPage, doc);
        }
    }

    /** What the contract refuses before anything renders it: the gate fails, nothing is emailed. */
    static List<Arguments> refusedByTheContract() {
        return List.of(
                Arguments.of("$.action.summary", (UnaryOperator<ObjectNode>) p -> {
                    ((ObjectNode) p.get("action")).put("summary", "Refund " + RLO);
                    return p;
                }),
                Arguments.of("$.evidence[0].url", (UnaryOperator<ObjectNode>) p -> {
                    ((ObjectNode) p.get("evidence").get(0)).put("url", "javascript:alert(document.cookie)");
                    return p;
                }),
                Arguments.of("$.reasoning", (UnaryOperator<ObjectNode>) p -> p.put("reasoning", "W".repeat(10_000))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByTheContract")
    void contentTheContractRefuses_failsTheGateAsAnInvalidProposal_beforeAnyEmail(String path,
                                                                                  UnaryOperator<ObjectNode> edit) {
        String execution = runtime.startGate(edit.apply(hostileProposal()));

        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(runtime.describe(execution).error()).isEqualTo("Countersign.InvalidProposal");
        // The Route Task failed as on AWS: the cause is Lambda's error document for the thrown Countersign class,
        // whose message lists the violation at its path.
        JsonNode cause = dev.countersign.core.json.Json.parse(runtime.describe(execution).cause());
        assertThat(cause.get("errorType").asText()).isEqualTo("Countersign.InvalidProposal");
        JsonNode violations = dev.countersign.core.json.Json.parse(cause.get("errorMessage").asText())
                .get("violations");
        assertThat(violations).anySatisfy(v -> {
            assertThat(v.get("path").asText()).isEqualTo(path);
            assertThat(v.get("message").asText()).isNotBlank();
        });
        // Refused at Route itself: no Choice, no request step, nothing stored or emailed.
        assertThat(runtime.statesEntered(execution)).containsExactly("Route");
        assertThat(runtime.local.mailbox().all()).isEmpty();
    }

    /** Nothing that runs, loads or navigates anywhere but the allowed links. */
    private static void assertInert(String where, String html, Set<String> allowedHrefs) {
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("script, img, iframe, object, embed, svg, math, base, link, meta[http-equiv]"))
                .as(where + ": elements that run or load").isEmpty();
        assertNoHandlers(where, doc);
        for (Element a : doc.select("a[href]")) {
            String href = a.attr("href");
            if (href.startsWith("#")) {
                // A jump within the page (to the decision, to the field a problem is about) goes nowhere else.
                assertThat(doc.getElementById(href.substring(1))).as(where + ": target of " + href).isNotNull();
                continue;
            }
            assertThat(allowedHrefs).as(where + ": link " + href).contains(href);
        }
        for (Element e : doc.getAllElements()) {
            for (Attribute attribute : e.attributes()) {
                assertThat(attribute.getValue().toLowerCase(Locale.ROOT).replaceAll("\\s", ""))
                        .as(where + ": attribute " + attribute.getKey()).doesNotStartWith("javascript:");
                if (!(e.normalName().equals("input") || e.normalName().equals("textarea"))) {
                    assertThat(attribute.getValue()).as(where + ": raw bidi control in an attribute")
                            .doesNotContain("\u202E");
                }
            }
        }
        for (TextNode text : doc.select("body *:not(textarea)").textNodes()) {
            assertThat(text.getWholeText()).as(where + ": raw bidi control in text").doesNotContain("\u202E");
        }
    }

    private static void assertNoHandlers(String where, Document doc) {
        for (Element e : doc.getAllElements()) {
            for (Attribute attribute : e.attributes()) {
                assertThat(attribute.getKey().toLowerCase(Locale.ROOT)).as(where + ": event handler on <"
                        + e.normalName() + ">").doesNotStartWith("on");
            }
        }
    }

    /** The approver must see what the agent sent: escaped, not dropped. */
    private static void assertShownAsText(String where, String text) {
        assertThat(text).as(where).contains("<script>alert(1)</script>\"><img src=x onerror=alert(1)>")
                .contains(JS_LINK).contains("[U+202E]fdp.exe");
    }

    /** Email clients drop stylesheets: some ancestor of the long word must wrap it inline. */
    private static void assertWraps(Document email) {
        boolean seen = false;
        for (Element e : email.body().getAllElements()) {
            if (e.ownText().contains("WWWWWWWWWWWWWWWWWWWW")) {
                seen = true;
                assertThat(e.parents().stream().anyMatch(p -> p.attr("style").contains("overflow-wrap:anywhere"))
                        || e.attr("style").contains("overflow-wrap:anywhere"))
                        .as("<%s> holding the long word wraps", e.normalName()).isTrue();
            }
        }
        assertThat(seen).as("the long word is in the email").isTrue();
    }
}
