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
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ProposalRoundTripPropertiesTest {
    private final ProposalValidator validator = ProposalValidator.instance();

    @Property(tries = 200)
    void toJson_ofAnyProposal_isValid_andMapsBackToTheSameProposal(@ForAll("proposals") Proposal proposal) {
        ObjectNode json = proposal.toJson();

        assertThat(validator.validate(json)).isEmpty();
        assertThat(Proposal.fromJson(json)).isEqualTo(proposal);
        assertThat(Proposal.fromJson(json).hash()).isEqualTo(proposal.hash());
    }

    @Property(tries = 200)
    void check_ofRespelledText_acceptsTheSameProposalWithTheSameHash(
            @ForAll("proposals") Proposal proposal, @ForAll long seed) {
        // Key order, whitespace, escapes and number spelling change the bytes, never the hash.
        String respelled = JsonSpelling.spell(proposal.toJson(), new Random(seed));

        ProposalCheck check = validator.check(respelled);

        assertThat(check).as("respelled as %s", respelled).isInstanceOfSatisfying(ProposalCheck.Accepted.class,
                accepted -> assertThat(accepted.proposalHash()).isEqualTo(proposal.hash()));
    }

    @Property(tries = 200)
    void hash_isSha256OfTheCanonicalNormalisedJson(@ForAll("proposals") Proposal proposal) {
        assertThat(proposal.hash()).isEqualTo(CanonicalJson.sha256Hex(proposal.toJson()));
    }

    @Provide
    Arbitrary<Proposal> proposals() {
        Arbitrary<Proposal.Action> actions = Combinators.combine(tokens(), lines(300), params())
                .as(Proposal.Action::new);
        Arbitrary<Proposal.Evidence> evidence = Combinators.combine(lines(200), texts(4000), urls().injectNull(0.4))
                .as(Proposal.Evidence::new);
        Arbitrary<Proposal.Risk> risks = Combinators.combine(
                        Arbitraries.of(RiskLevel.class),
                        Arbitraries.doubles().between(0, 100).ofScale(2).injectNull(0.3),
                        lines(500).list().ofMaxSize(3))
                .as(Proposal.Risk::new);
        Arbitrary<Proposal.ProposedBy> proposedBy = Combinators.combine(
                        lines(200), lines(200).injectNull(0.5), lines(200).injectNull(0.5))
                .as(Proposal.ProposedBy::new);
        Arbitrary<Proposal.Requester> requesters = Combinators.combine(emails(), lines(200).injectNull(0.5))
                .as(Proposal.Requester::new);
        Arbitrary<Proposal.Routing> routing = Combinators.combine(
                        emails().list().uniqueElements().ofMaxSize(3), tokens().list().uniqueElements().ofMaxSize(2))
                .as(Proposal.Routing::new);
        return Builders.withBuilder(() -> new Object[9])
                .use(tokens().injectNull(0.5)).in((b, v) -> set(b, 0, v))
                .use(lines(128)).in((b, v) -> set(b, 1, v))
                .use(actions).in((b, v) -> set(b, 2, v))
                .use(texts(8000)).in((b, v) -> set(b, 3, v))
                .use(evidence.list().ofMaxSize(4)).in((b, v) -> set(b, 4, v))
                .use(risks).in((b, v) -> set(b, 5, v))
                .use(proposedBy).in((b, v) -> set(b, 6, v))
                .use(requesters).in((b, v) -> set(b, 7, v))
                .use(routing).in((b, v) -> set(b, 8, v))
                .build(b -> new Proposal((String) b[0], (String) b[1], (Proposal.Action) b[2], (String) b[3],
                        cast(b[4]), (Proposal.Risk) b[5], (Proposal.ProposedBy) b[6], (Proposal.Requester) b[7],
                        (Proposal.Routing) b[8]));
    }

    private static Object[] set(Object[] builder, int i, Object value) {
        builder[i] = value;
        return builder;
    }

    @SuppressWarnings("unchecked")
    private static List<Proposal.Evidence> cast(Object list) {
        return (List<Proposal.Evidence>) list;
    }

    // One line: printable characters from several scripts, never blank.
    private static Arbitrary<String> lines(int maxLength) {
        Arbitrary<String> tail = Arbitraries.strings().withCharRange(' ', '~').withChars("éßøΩ€中文")
                .ofMaxLength(Math.min(maxLength - 2, 40));
        // A surrogate pair comes whole: single chars from it would be unpaired surrogates, which the contract refuses.
        Arbitrary<String> emoji = Arbitraries.of("", "", "😀");
        return Combinators.combine(Arbitraries.chars().alpha(), tail, emoji).as((first, rest, e) -> first + rest + e)
                .filter(s -> s.codePointCount(0, s.length()) <= maxLength);
    }

    private static Arbitrary<String> texts(int maxLength) {
        return lines(maxLength).list().ofMinSize(1).ofMaxSize(3).map(list -> String.join("\n", list))
                .filter(s -> s.codePointCount(0, s.length()) <= maxLength);
    }

    private static Arbitrary<String> tokens() {
        Arbitrary<String> tail = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars("._:/+=@-").ofMaxLength(20);
        return Combinators.combine(Arbitraries.chars().alpha(), tail).as((first, rest) -> first + rest);
    }

    private static Arbitrary<String> emails() {
        Arbitrary<String> part = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
        return Combinators.combine(part, part, Arbitraries.of("com", "example", "co.uk"))
                .as((local, host, tld) -> local + "@" + host + "." + tld);
    }

    private static Arbitrary<String> urls() {
        Arbitrary<String> part = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
        return Combinators.combine(Arbitraries.of("http", "https"), part, part)
                .as((scheme, host, path) -> scheme + "://" + host + ".example/" + path + "?q=1#f");
    }

    private static Arbitrary<ObjectNode> params() {
        Arbitrary<JsonNode> leaves = Arbitraries.oneOf(
                lines(100).map(TextNode::valueOf),
                Arbitraries.longs().between(-CanonicalJson.MAX_SAFE_INTEGER, CanonicalJson.MAX_SAFE_INTEGER)
                        .map(LongNode::valueOf),
                Arbitraries.doubles().filter(Double::isFinite).map(DoubleNode::valueOf),
                Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.instance));
        Arbitrary<JsonNode> values = Arbitraries.recursive(() -> leaves, element -> Arbitraries.oneOf(
                element.list().ofMaxSize(3).map(items -> {
                    ArrayNode array = Json.array();
                    array.addAll(items);
                    return array;
                }),
                objects(element)), 0, 3);
        return objects(values).map(node -> (ObjectNode) node);
    }

    private static Arbitrary<JsonNode> objects(Arbitrary<JsonNode> values) {
        return Arbitraries.maps(tokens(), values).ofMaxSize(4).map(members -> {
            ObjectNode object = Json.object();
            members.forEach(object::set);
            return object;
        });
    }
}
