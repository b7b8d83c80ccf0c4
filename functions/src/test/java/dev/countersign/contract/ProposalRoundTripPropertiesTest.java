package dev.countersign.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.countersign.core.Proposal;
import dev.countersign.core.RiskLevel;
import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.Json;
import dev.countersign.core.json.JsonSpelling;
import dev.countersign.testing.Case;
import dev.countersign.testing.Generator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProposalRoundTripPropertiesTest {
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String LETTERS = LOWER + LOWER.toUpperCase();
    private static final String EMOJI = "\uD83D\uDE00";

    private final ProposalValidator validator = ProposalValidator.instance();

    @ParameterizedTest(name = "{0}")
    @MethodSource("proposals")
    void toJson_ofAnyProposal_isValid_andMapsBackToTheSameProposal(Case<Proposal> proposal) {
        ObjectNode json = proposal.value().toJson();

        assertThat(validator.validate(json)).as("%s", proposal).isEmpty();
        assertThat(Proposal.fromJson(json)).as("%s", proposal).isEqualTo(proposal.value());
        assertThat(Proposal.fromJson(json).hash()).as("%s", proposal).isEqualTo(proposal.value().hash());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("proposals")
    void check_ofRespelledText_acceptsTheSameProposalWithTheSameHash(Case<Proposal> proposal) {
        // Key order, whitespace, escapes and number spelling change the bytes, never the hash.
        String respelled = JsonSpelling.spell(proposal.value().toJson(), new Random(proposal.seed()));

        ProposalCheck check = validator.check(respelled);

        assertThat(check).as("%s, respelled as %.2000s", proposal, respelled)
                .isInstanceOfSatisfying(ProposalCheck.Accepted.class,
                        accepted -> assertThat(accepted.proposalHash()).isEqualTo(proposal.value().hash()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("proposals")
    void hash_isSha256OfTheCanonicalNormalisedJson(Case<Proposal> proposal) {
        assertThat(proposal.value().hash()).as("%s", proposal)
                .isEqualTo(CanonicalJson.sha256Hex(proposal.value().toJson()));
    }

    static Stream<Case<Proposal>> proposals() {
        return Stream.concat(Stream.of(Case.fixed("minimal", minimal()), Case.fixed("at every limit", atEveryLimit())),
                Generator.cases(0x9A0905A1L, 300, ProposalRoundTripPropertiesTest::proposal));
    }

    static Proposal proposal(Generator g) {
        return new Proposal(
                g.orNull(0.5, () -> token(g)),
                line(g, 128),
                new Proposal.Action(token(g), line(g, 300), params(g)),
                text(g, 8000),
                g.list(0, 4, () -> new Proposal.Evidence(line(g, 200), text(g, 4000), g.orNull(0.4, () -> url(g)))),
                new Proposal.Risk(g.oneOf(RiskLevel.values()), g.orNull(0.3, () -> score(g)),
                        g.list(0, 3, () -> line(g, 500))),
                new Proposal.ProposedBy(line(g, 200), g.orNull(0.5, () -> line(g, 200)),
                        g.orNull(0.5, () -> line(g, 200))),
                new Proposal.Requester(email(g), g.orNull(0.5, () -> line(g, 200))),
                new Proposal.Routing(g.distinctList(3, () -> email(g)), g.distinctList(2, () -> token(g))));
    }

    /** Every optional member absent, every list empty, the lowest score. */
    private static Proposal minimal() {
        return new Proposal(null, "w", new Proposal.Action("t", "s", Json.object()), "r", List.of(),
                new Proposal.Risk(RiskLevel.LOW, 0.0, List.of()), new Proposal.ProposedBy("a", null, null),
                new Proposal.Requester("a@b", null), Proposal.Routing.NONE);
    }

    /**
     * Every string at its longest counted in code points (each ends in an emoji, so it is one UTF-16 unit longer
     * than the limit: a validator counting chars would refuse it), every list at its longest, params at its depth
     * and entry limits.
     */
    private static Proposal atEveryLimit() {
        ObjectNode params = Json.object();
        params.put("k".repeat(127) + EMOJI, "v".repeat(3999) + EMOJI);
        ObjectNode deep = params.putObject("deep"); // level 2
        for (int level = 3; level < 8; level++) {
            deep = deep.putObject("d");
        }
        deep.putArray("d").add(true); // level 8
        ArrayNode many = params.putArray("many");
        // 3 members of params, 6 members and 1 item in the deep chain: 990 more make the 1000 allowed.
        IntStream.range(0, 990).forEach(i -> many.add(i));
        String email = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        List<String> approvers = IntStream.range(0, 20).mapToObj(i -> "approver" + i + "@example.com").toList();
        List<String> teams = IntStream.range(0, 10).mapToObj(i -> i + "t".repeat(63)).toList();
        List<Proposal.Evidence> evidence = IntStream.range(0, 20).mapToObj(i -> new Proposal.Evidence(
                longest(200), i == 0 ? "V\r\n\t" + longest(3996) : "v",
                i == 0 ? "https://a.example/" + "p".repeat(2048 - 18) : null)).toList();
        return new Proposal("p".repeat(128), longest(128), new Proposal.Action("T".repeat(128), longest(300), params),
                "R\r\n\t" + longest(7996), evidence,
                new Proposal.Risk(RiskLevel.CRITICAL, 100.0,
                        IntStream.range(0, 10).mapToObj(i -> longest(500)).toList()),
                new Proposal.ProposedBy(longest(200), longest(200), longest(200)),
                new Proposal.Requester(email, longest(200)), new Proposal.Routing(approvers, teams));
    }

    private static String longest(int codePoints) {
        return "x".repeat(codePoints - 1) + EMOJI;
    }

    // One line: a letter, then printable characters from several scripts (an emoji comes whole: half a surrogate
    // pair is refused by the contract), never blank.
    private static String line(Generator g, int maxLength) {
        String tail = g.string(0, Math.min(maxLength - 2, 40), " !\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~"
                + LETTERS + "éßøΩ€中文\u00a0\ufb33");
        return (char) g.charOf(LETTERS) + tail + g.oneOf("", "", EMOJI);
    }

    // Up to three lines, broken by any line break the contract allows in text (and tabs).
    private static String text(Generator g, int maxLength) {
        StringBuilder out = new StringBuilder(line(g, maxLength));
        int more = g.between(0, 2);
        for (int i = 0; i < more; i++) {
            out.append(g.oneOf("\n", "\r\n", "\t")).append(line(g, maxLength));
        }
        return out.toString();
    }

    private static String token(Generator g) {
        return (char) g.charOf(LETTERS) + g.string(0, 20, LOWER + "0123456789._:/+=@-");
    }

    private static String email(Generator g) {
        return g.string(1, 8, LOWER) + "@" + g.string(1, 8, LOWER) + "." + g.oneOf("com", "example", "co.uk");
    }

    private static String url(Generator g) {
        return g.oneOf("http", "https") + "://" + g.string(1, 8, LOWER) + ".example/" + g.string(1, 8, LOWER)
                + "?q=1#f";
    }

    private static double score(Generator g) {
        return g.chance(0.8) ? Math.round(g.between(0.0, 100.0) * 100) / 100.0 : g.oneOf(0.0, 0.01, 99.99, 100.0);
    }

    private static ObjectNode params(Generator g) {
        return object(g, g.between(0, 3));
    }

    private static JsonNode value(Generator g, int depth) {
        if (depth == 0 || g.chance(0.3)) {
            return switch (g.between(0, 3)) {
                case 0 -> TextNode.valueOf(line(g, 100));
                case 1 -> LongNode.valueOf(g.between(-CanonicalJson.MAX_SAFE_INTEGER, CanonicalJson.MAX_SAFE_INTEGER));
                case 2 -> DoubleNode.valueOf(g.finiteDouble());
                default -> g.oneOf(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.instance);
            };
        }
        if (g.chance(0.5)) {
            ArrayNode array = Json.array();
            g.list(0, 3, () -> value(g, depth - 1)).forEach(array::add);
            return array;
        }
        return object(g, depth - 1);
    }

    private static ObjectNode object(Generator g, int depth) {
        ObjectNode object = Json.object();
        int members = g.between(0, 4);
        for (int i = 0; i < members; i++) {
            object.set(token(g), value(g, depth));
        }
        return object;
    }
}
