package dev.countersign.contract;

import static dev.countersign.contract.Proposals.full;
import static dev.countersign.contract.Proposals.minimal;
import static dev.countersign.contract.Proposals.remove;
import static dev.countersign.contract.Proposals.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.Proposal;
import dev.countersign.core.json.Json;
import java.math.BigInteger;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProposalValidatorTest {
    private final ProposalValidator validator = ProposalValidator.instance();

    @Test
    void check_acceptsFullProposal_withItsHash() {
        ProposalCheck check = validator.check(full());

        assertThat(check).isInstanceOfSatisfying(ProposalCheck.Accepted.class, accepted -> {
            assertThat(accepted.proposal().proposalId()).isEqualTo("refund-4711");
            assertThat(accepted.proposal().evidence()).hasSize(2);
            assertThat(accepted.proposalHash()).isEqualTo(accepted.proposal().hash()).hasSize(64);
        });
    }

    @Test
    void check_acceptsMinimalProposal() {
        assertThat(validator.check(minimal())).isInstanceOf(ProposalCheck.Accepted.class);
    }

    @Test
    void check_acceptsRawText_andReportsHashOfTheNormalisedProposal() {
        ProposalCheck check = validator.check(Json.write(minimal()));

        // The hash covers the normalised form (evidence: [] written out), not the bytes that came in.
        Proposal expected = Proposal.fromJson(minimal());
        assertThat(check).isEqualTo(new ProposalCheck.Accepted(expected, expected.hash()));
    }

    static Stream<Arguments> badProposals() {
        return Stream.of(
                bad("missing required fields", () -> {
                    ObjectNode p = full();
                    remove(p, "$.workflow");
                    remove(p, "$.action.summary");
                    remove(p, "$.requester.email");
                    remove(p, "$.evidence[0].value");
                    return p;
                },
                        "$.action.summary: is missing; add it — one line a person can decide on: it is the email"
                                + " subject and the review page's title",
                        "$.evidence[0].value: is missing; add it",
                        "$.requester.email: is missing; add it",
                        "$.workflow: is missing; add it — which workflow or use case this proposal belongs to (for"
                                + " example refunds)"),
                bad("wrong types", () -> {
                    ObjectNode p = full();
                    set(p, "$.workflow", IntNode.valueOf(42));
                    set(p, "$.action.params", "orderId=4711");
                    set(p, "$.evidence", Json.object());
                    set(p, "$.risk.score", "high");
                    set(p, "$.proposedBy", "support-agent");
                    set(p, "$.routing.approvers", "lee@shop.example");
                    set(p, "$.requester.name", NullNode.getInstance());
                    return p;
                },
                        "$.action.params: must be an object; got a string \"orderId=4711\"",
                        "$.evidence: must be an array; got an object",
                        "$.proposedBy: must be an object; got a string \"support-agent\"",
                        "$.requester.name: must be a string; got null — leave an optional field out instead of"
                                + " sending null",
                        "$.risk.score: must be a number; got a string \"high\"",
                        "$.routing.approvers: must be an array; got a string \"lee@shop.example\"",
                        "$.workflow: must be a string; got a number (42)"),
                bad("oversized strings", () -> {
                    ObjectNode p = full();
                    set(p, "$.action.summary", "s".repeat(301));
                    set(p, "$.reasoning", "r".repeat(12_345));
                    set(p, "$.evidence[1].label", "l".repeat(201));
                    set(p, "$.evidence[1].value", "v".repeat(4_001));
                    set(p, "$.requester.email", "a".repeat(250) + "@x.example");
                    return p;
                },
                        "$.action.summary: is 301 characters; the limit is 300 — shorten it and put detail into"
                                + " reasoning",
                        "$.evidence[1].label: is 201 characters; the limit is 200 — shorten it",
                        "$.evidence[1].value: is 4,001 characters; the limit is 4,000 — shorten it, or link to the"
                                + " full source with url",
                        "$.reasoning: is 12,345 characters; the limit is 8,000 — shorten it or move detail into"
                                + " evidence",
                        "$.requester.email: is 260 characters; the limit is 254 — shorten it"),
                bad("300 KB payload", () -> set(full(), "$.reasoning", "r".repeat(300_000)),
                        "$: is 300,748 bytes as canonical JSON; the limit is 65,536 — shorten the text, or link to"
                                + " bulky material from evidence instead of including it",
                        "$.reasoning: is 300,000 characters; the limit is 8,000 — shorten it or move detail into"
                                + " evidence"),
                bad("URLs with a backslash", () -> {
                    ObjectNode p = full();
                    set(p, "$.evidence[0].url", "https:\\\\evil.example/x");
                    set(p, "$.evidence[1].url", "https://bank.example\\@evil.example/");
                    return p;
                },
                        "$.evidence[0].url: must not contain a backslash (character 7); write the URL with / only,"
                                + " e.g. https://host/path",
                        "$.evidence[1].url: must not contain a backslash (character 21); write the URL with / only,"
                                + " e.g. https://host/path"),
                bad("display hints that do not fit the params", () -> {
                    ObjectNode p = full();
                    ObjectNode display = ((ObjectNode) p.get("action")).putObject("display");
                    display.putObject("amout").put("as", "money").put("currency", "EUR");
                    display.putObject("orderId").put("as", "money");
                    display.putObject("currency").put("as", "datetime").put("unit", "kg");
                    return p;
                },
                        "$.action.display.amout: names no parameter: action.params has nothing at \"amout\"; did"
                                + " you mean \"amount\"? (keys are paths as the review page shows them, e.g. amount,"
                                + " customer.name, items[0].price)",
                        "$.action.display.currency: shows a date-time, which needs an RFC 3339 time with a zone"
                                + " such as \"2026-11-27T17:00:00Z\"; action.params has a string \"EUR\"",
                        "$.action.display.currency.unit: applies only to \"as\": \"number\" — remove it",
                        "$.action.display.orderId: shows money without its currency: add \"currency\", e.g."
                                + " \"currency\": \"EUR\""),
                bad("javascript: and other non-http URLs", () -> {
                    ObjectNode p = full();
                    set(p, "$.evidence[0].url", "javascript:alert(document.cookie)");
                    set(p, "$.evidence[1].url", "JaVaScRiPt:alert(1)");
                    ((ArrayNode) p.get("evidence")).addObject().put("label", "c").put("value", "d")
                            .put("url", "data:text/html;base64,PHNjcmlwdD4=");
                    ((ArrayNode) p.get("evidence")).addObject().put("label", "e").put("value", "f")
                            .put("url", "//evil.example/x");
                    return p;
                },
                        "$.evidence[0].url: must be an http or https URL; got a javascript: URL",
                        "$.evidence[1].url: must be an http or https URL; got a javascript: URL",
                        "$.evidence[2].url: must be an http or https URL; got a data: URL",
                        "$.evidence[3].url: must be an absolute http or https URL, starting with https://; got"
                                + " \"//evil.example/x\""),
                bad("URLs that hide where they go", () -> {
                    ObjectNode p = full();
                    set(p, "$.evidence[0].url", "https://carrier.example@evil.example/claims");
                    set(p, "$.evidence[1].url", "https://carrier.example/a b");
                    return p;
                },
                        "$.evidence[0].url: must not have a user name before the host:"
                                + " \"https://carrier.example@evil.example/claims\" leads to \"evil.example\", whatever"
                                + " comes before the @ — link to the host directly",
                        "$.evidence[1].url: must not contain white space (a space at character 26); percent-encode"
                                + " it, for example a space as %20"),
                bad("unknown risk level", () -> set(full(), "$.risk.level", "severe"),
                        "$.risk.level: must be one of low, medium, high or critical; got a string \"severe\""),
                bad("risk level in the wrong case", () -> set(full(), "$.risk.level", "High"),
                        "$.risk.level: must be one of low, medium, high or critical; got a string \"High\" — did you"
                                + " mean \"high\"?"),
                bad("unknown fields, with suggestions", () -> {
                    ObjectNode p = full();
                    p.put("riskLevel", "high");
                    p.put("priority", 1);
                    ((ObjectNode) p.get("action")).put("sumary", "typo");
                    return p;
                },
                        "$.action.sumary: is not a known field; did you mean \"summary\"? (known here: type,"
                                + " summary, params, display)",
                        "$.priority: is not a known field; remove it (known here: proposalId, workflow, action,"
                                + " reasoning, evidence, risk, proposedBy, requester, routing)",
                        "$.riskLevel: is not a known field; did you mean \"risk\"? (known here: proposalId,"
                                + " workflow, action, reasoning, evidence, risk, proposedBy, requester, routing)"),
                bad("deeply nested params (10,000 levels)", () -> {
                    ObjectNode p = full();
                    set(p, "$.action.params", Proposals.nested(10_000));
                    set(p, "$.risk.level", "extreme");
                    return p;
                },
                        "$.action.params.a.a.a.a.a.a.a.a: nests deeper than params allows: it is level 9 and the"
                                + " limit is 8 (params itself is level 1) — flatten the structure; an approver cannot"
                                + " review deeply nested data",
                        "$.risk.level: must be one of low, medium, high or critical; got a string \"extreme\""),
                bad("params with too many entries", () -> {
                    ObjectNode params = Json.object();
                    for (int i = 0; i < 5_000; i++) {
                        params.put("k" + i, i);
                    }
                    return set(full(), "$.action.params", params);
                },
                        "$.action.params: has more than 1,000 entries (object members and array items, counted at"
                                + " every level); the limit is 1,000 — pass a reference (an ID or a URL) instead of the"
                                + " data"),
                bad("long strings and names inside params", () -> {
                    ObjectNode p = full();
                    set(p, "$.action.params.note", "n".repeat(4_001));
                    ((ObjectNode) p.get("action").get("params")).put("k".repeat(129), 1);
                    return p;
                },
                        "$.action.params: has a member name of 129 characters (\"" + "k".repeat(80) + "\"… (129"
                                + " characters)); names inside params are limited to 128",
                        "$.action.params.note: is 4,001 characters; strings inside params are limited to 4,000 —"
                                + " pass a reference (an ID or a URL) instead of the content"),
                bad("numbers a hash cannot carry", () -> {
                    ObjectNode p = full();
                    set(p, "$.action.params.orderId", BigIntegerNode.valueOf(new BigInteger("12345678901234567890")));
                    return p;
                },
                        "$.action.params.orderId: is the integer 12345678901234567890, which a JSON number (an IEEE"
                                + " 754 double) cannot hold exactly — it would become 12345678901234567000; send it as"
                                + " a string"),
                bad("text that is not what it looks like", () -> {
                    ObjectNode p = full();
                    set(p, "$.action.summary", "Refund \u202Egnp.exe");
                    set(p, "$.action.params.note", "ok \uD800 lone");
                    set(p, "$.reasoning", "bell\u0007");
                    set(p, "$.workflow", "refunds\n");
                    return p;
                },
                        "$.action.params.note: contains an unpaired UTF-16 surrogate (U+D800 at character 4), which"
                                + " has no UTF-8 form; send valid Unicode text",
                        "$.action.summary: must be one line of plain text; it contains a bidirectional-text control"
                                + " (U+202E) at character 8 — remove it",
                        "$.reasoning: contains a control character (U+0007) at character 5; only printable text,"
                                + " tabs and line breaks are allowed — remove it",
                        "$.workflow: must be one line of plain text; it contains a line feed (U+000A) at character"
                                + " 8 — remove it"),
                bad("blank and malformed identifiers", () -> {
                    ObjectNode p = full();
                    set(p, "$.reasoning", "  \n ");
                    set(p, "$.proposedBy.agent", "");
                    set(p, "$.action.type", "refund issue");
                    set(p, "$.proposalId", "-starts-with-dash");
                    return p;
                },
                        "$.action.type: must start with a letter or digit and use only letters, digits and . _ : /"
                                + " + = @ -; got \"refund issue\" (a space at character 7)",
                        "$.proposalId: must start with a letter or digit and use only letters, digits and . _ : /"
                                + " + = @ -; got \"-starts-with-dash\" ('-' (U+002D) at character 1)",
                        "$.proposedBy.agent: is empty or only white space; give a value",
                        "$.reasoning: is empty or only white space; give a value"),
                bad("routing hints", () -> {
                    ObjectNode p = full();
                    set(p, "$.routing.approvers", Json.array().add("lee@shop.example").add("lee@shop.example")
                            .add("not-an-address"));
                    set(p, "$.routing.teams", Json.array());
                    set(p, "$.requester.email", "dana at shop");
                    return p;
                },
                        "$.requester.email: must be an email address such as name@example.com; got \"dana at shop\"",
                        "$.routing.approvers: lists \"lee@shop.example\" more than once; give each value once",
                        "$.routing.approvers[2]: must be an email address such as name@example.com; got"
                                + " \"not-an-address\"",
                        "$.routing.teams: is an empty list; leave the field out instead, or give at least 1 item(s)"),
                bad("too much evidence and too many reasons", () -> {
                    ObjectNode p = full();
                    ArrayNode evidence = Json.array();
                    for (int i = 0; i < 21; i++) {
                        evidence.addObject().put("label", "e" + i).put("value", "v");
                    }
                    set(p, "$.evidence", evidence);
                    ArrayNode reasons = Json.array();
                    for (int i = 0; i < 11; i++) {
                        reasons.add("r" + i);
                    }
                    set(p, "$.risk.reasons", reasons);
                    set(p, "$.risk.score", IntNode.valueOf(-1));
                    return p;
                },
                        "$.evidence: has 21 items; the limit is 20 — keep the items that matter most for the"
                                + " decision",
                        "$.risk.reasons: has 11 items; the limit is 10 — remove some",
                        "$.risk.score: must be at least 0; got a number (-1)"),
                bad("not an object at all", () -> Json.array().add(1),
                        "$: must be an object; got an array"));
    }

    private static Arguments bad(String name, Supplier<JsonNode> proposal, String... violations) {
        return Arguments.of(name, proposal, List.of(violations));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProposals")
    void validate_reportsEveryViolationWithItsPath(String name, Supplier<JsonNode> proposal, List<String> expected) {
        List<Violation> violations = validator.validate(proposal.get());

        assertThat(violations).extracting(Violation::toString).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProposals")
    void check_rejectsTheSameAsRawText(String name, Supplier<JsonNode> proposal, List<String> expected) {
        // Text that Json can print must give the same verdict when it comes in raw (the Lambda path).
        JsonNode tree = proposal.get();
        if (name.startsWith("deeply nested") || name.startsWith("text that is not") || name.startsWith("numbers")) {
            return; // covered by dedicated raw-text tests below: the parser itself stops these earlier
        }
        ProposalCheck check = validator.check(Json.write(tree));

        assertThat(check).isInstanceOfSatisfying(ProposalCheck.Rejected.class, rejected ->
                assertThat(rejected.violations()).extracting(Violation::toString).containsExactlyElementsOf(expected));
    }

    @Test
    void check_rawTextTenThousandLevelsDeep_isOneViolationAtTheParamsLimit_withoutStackOverflow() {
        String raw = Json.write(minimal()).replace("\"params\":{}", "\"params\":" + Proposals.nestedText(10_000));

        ProposalCheck check = validator.check(raw);

        // Jackson stops at 1,000 levels; the path is cut where the params limit breaks, not 1,000 steps down.
        assertThat(check).isInstanceOfSatisfying(ProposalCheck.Rejected.class, rejected ->
                assertThat(rejected.violations()).extracting(Violation::toString).containsExactly(
                        "$.action.params.a.a.a.a.a.a.a.a: nests deeper than 1,000 levels, so the proposal was not read"
                                + " any further — params may nest at most 8 levels; flatten the structure"));
    }

    @Test
    void check_rawTextNineHundredLevelsDeep_isReadAndReportsEverything() {
        String raw = Json.write(set(minimal(), "$.risk.level", "extreme"))
                .replace("\"params\":{}", "\"params\":" + Proposals.nestedText(900));

        ProposalCheck check = validator.check(raw);

        assertThat(check).isInstanceOfSatisfying(ProposalCheck.Rejected.class, rejected ->
                assertThat(rejected.violations()).extracting(Violation::toString).containsExactly(
                        "$.action.params.a.a.a.a.a.a.a.a: nests deeper than params allows: it is level 9 and the"
                                + " limit is 8 (params itself is level 1) — flatten the structure; an approver cannot"
                                + " review deeply nested data",
                        "$.risk.level: must be one of low, medium, high or critical; got a string \"extreme\""));
    }

    @Test
    void check_rawIntegerBeyondDoublePrecision_isReportedWithItsPath() {
        String raw = Json.write(minimal()).replace("\"params\":{}", "\"params\":{\"id\":9007199254740993}");

        ProposalCheck check = validator.check(raw);

        assertThat(check).isInstanceOfSatisfying(ProposalCheck.Rejected.class, rejected ->
                assertThat(rejected.violations()).extracting(Violation::toString).containsExactly(
                        "$.action.params.id: is the integer 9007199254740993, which a JSON number (an IEEE 754"
                                + " double) cannot hold exactly — it would become 9007199254740992; send it as a"
                                + " string"));
    }

    @Test
    void check_duplicateKey_isRejectedNotSilentlyMerged() {
        String raw = Json.write(minimal()).replace("\"risk\":{\"level\":\"low\"}",
                "\"risk\":{\"level\":\"low\",\"level\":\"critical\"}");

        ProposalCheck check = validator.check(raw);

        // A validator that saw "low" while a consumer used "critical" would be a hole.
        assertThat(check).isInstanceOfSatisfying(ProposalCheck.Rejected.class, rejected -> {
            assertThat(rejected.violations()).hasSize(1);
            assertThat(rejected.violations().get(0).path()).isEqualTo("$.risk.level");
            assertThat(rejected.violations().get(0).message())
                    .startsWith("is not valid JSON: Duplicate field 'level'")
                    .endsWith("— send one well-formed JSON object");
        });
    }

    @Test
    void check_malformedJson_saysWhere() {
        ProposalCheck check = validator.check("{\"workflow\": \"refunds\",\n \"action\": }");

        assertThat(check).isInstanceOfSatisfying(ProposalCheck.Rejected.class, rejected -> {
            assertThat(rejected.violations()).hasSize(1);
            assertThat(rejected.violations().get(0).message()).startsWith("is not valid JSON: Unexpected character")
                    .contains("(line 2, column 12)");
        });
    }

    @Test
    void check_emptyInput_isOneViolation() {
        ProposalCheck check = validator.check("  ");

        assertThat(check).isInstanceOfSatisfying(ProposalCheck.Rejected.class, rejected ->
                assertThat(rejected.violations()).extracting(Violation::toString).containsExactly(
                        "$: the input is empty; expected one JSON value (line 1, column 1) — send one well-formed"
                                + " JSON object"));
    }

    @Test
    void check_hugeRawInput_isRefusedUnread() {
        byte[] raw = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(raw, (byte) '[');

        ProposalCheck check = validator.check(raw);

        assertThat(check).isInstanceOfSatisfying(ProposalCheck.Rejected.class, rejected ->
                assertThat(rejected.violations()).extracting(Violation::toString).containsExactly(
                        "$: is 2,097,152 bytes, far over the limit of 65,536 bytes for a whole proposal, so it was not"
                                + " read — send a smaller proposal and link to bulky material from evidence"));
    }

    @Test
    void validate_hugeTree_isRefusedAfterBoundedWork() {
        ObjectNode p = full();
        ArrayNode reasons = Json.array();
        for (int i = 0; i < 200_000; i++) {
            reasons.add("reason number " + i);
        }
        set(p, "$.risk.reasons", reasons);

        List<Violation> violations = validator.validate(p);

        assertThat(violations).extracting(Violation::toString).containsExactly(
                "$: is more than 1,048,576 bytes as canonical JSON, far over the limit of 65,536, so it was not"
                        + " examined further — send a smaller proposal and link to bulky material from evidence");
    }

    @Test
    void validate_deepValueOutsideParams_isATypeViolation_withoutStackOverflow() {
        ObjectNode p = full();
        ArrayNode deep = Json.array();
        ArrayNode current = deep;
        for (int i = 0; i < 50_000; i++) {
            current = current.addArray();
        }
        set(p, "$.routing.approvers", Json.array().add(deep).add(((ArrayNode) Json.copy(deep)).add(1)));

        List<Violation> violations = validator.validate(p);

        // The schema library compares array items with a recursive equals; the validator prunes first.
        assertThat(violations).extracting(Violation::toString).containsExactly(
                "$: is 200,816 bytes as canonical JSON; the limit is 65,536 — shorten the text, or link to bulky"
                        + " material from evidence instead of including it",
                "$.routing.approvers[0]: must be a string; got an array",
                "$.routing.approvers[1]: must be a string; got an array");
    }

    @Test
    void rejected_cause_listsViolationsAsJson_andCountsWhatDoesNotFit() {
        ProposalCheck.Rejected rejected = new ProposalCheck.Rejected(List.of(
                new Violation("$.a", "first problem"), new Violation("$.b", "second problem")));

        assertThat(rejected.cause()).isEqualTo("{\"violations\":[{\"path\":\"$.a\",\"message\":\"first problem\"},"
                + "{\"path\":\"$.b\",\"message\":\"second problem\"}]}");
        assertThat(rejected.cause(70)).isEqualTo(
                "{\"violations\":[{\"path\":\"$.a\",\"message\":\"first problem\"}],\"omitted\":1}");
        assertThat(rejected.cause(10)).isEqualTo("{\"violations\":[],\"omitted\":2}");
        assertThat(ProposalCheck.ERROR_NAME).isEqualTo("Countersign.InvalidProposal");
    }

    @Test
    void limits_comeFromTheSchemaFile() {
        assertThat(validator.limits()).isEqualTo(new ProposalLimits(65_536, 8, 1_000, 4_000, 128));
        assertThat(validator.limits().maxInputBytes()).isEqualTo(1_048_576);
    }

}
