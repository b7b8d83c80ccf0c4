package dev.countersign.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.NextLevel;
import dev.countersign.approval.TaskToken;
import dev.countersign.store.dynamodb.DynamoDbApprovalStore;
import dev.countersign.testing.ApprovalRequests;
import dev.countersign.testing.Case;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.Generator;
import dev.countersign.testing.MutableClock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class LinkSecretsTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private final MutableClock clock = MutableClock.at("2026-11-24T09:00:00Z");
    private final DynamoDbApprovalStore store = dynalite.store(clock);
    private final LinkSecrets links = new LinkSecrets(clock);

    private IssuedLink issueFor(ApprovalRecord approval, String recipient) {
        IssuedLink link = links.issue(approval.approvalId(), recipient, approval.currentLevel(),
                approval.current().deadline());
        store.saveLink(link.grant());
        return link;
    }

    @Test
    void secret_has256BitsFromTheCsprng_inUrlSafeBase64WithoutPadding() {
        ApprovalRecord approval = store.create(ApprovalRequests.request(clock, "refunds", "alice@example.com")).approval();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String secret = links.issue(approval.approvalId(), "alice@example.com", 1, approval.current().deadline())
                    .secret().reveal();
            assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
            seen.add(secret);
        }
        assertThat(seen).hasSize(1000);
        // Every base64url character shows up: the secrets are not drawn from a narrow alphabet.
        Set<Character> alphabet = seen.stream().flatMap(s -> s.chars().mapToObj(c -> (char) c))
                .collect(Collectors.toSet());
        assertThat(alphabet).hasSize(64);
    }

    @Test
    void onlyTheHashIsStored_andTheGrantIsFoundByIt() {
        ApprovalRecord approval = store.create(ApprovalRequests.request(clock, "refunds", "alice@example.com")).approval();
        IssuedLink link = issueFor(approval, "Alice@Example.com");

        assertThat(store.findLink(link.secret().hash())).contains(link.grant());
        assertThat(link.grant().recipient()).isEqualTo("alice@example.com");
        assertThat(link.secret().toString()).doesNotContain(link.secret().reveal());
        List<Map<String, AttributeValue>> everything = dynalite.client()
                .scan(r -> r.tableName(dynalite.tables().approvals().tableName())).items();
        assertThat(everything.toString()).contains(link.secret().hash().value())
                .doesNotContain(link.secret().reveal());
    }

    @Test
    void check_acceptsAFreshLinkForTheCurrentLevel() {
        ApprovalRecord approval = store.create(ApprovalRequests.request(clock, "refunds", "alice@example.com")).approval();
        IssuedLink link = issueFor(approval, "alice@example.com");

        LinkCheck check = links.check(link.secret().reveal(), approval.approvalId(), store, store);

        assertThat(check).isInstanceOfSatisfying(LinkCheck.Accepted.class, accepted -> {
            assertThat(accepted.grant()).isEqualTo(link.grant());
            assertThat(accepted.approval().approvalId()).isEqualTo(approval.approvalId());
        });
    }

    @Test
    void check_refusesMalformedUnknownAndOtherApprovalsSecrets() {
        ApprovalRecord approval = store.create(ApprovalRequests.request(clock, "refunds", "alice@example.com")).approval();
        ApprovalRecord other = store.create(ApprovalRequests.request(clock, "refunds", "alice@example.com")).approval();
        IssuedLink link = issueFor(approval, "alice@example.com");
        String unknown = links.issue(approval.approvalId(), "alice@example.com", 1, approval.current().deadline())
                .secret().reveal();

        assertThat(links.check("short", approval.approvalId(), store, store)).isInstanceOf(LinkCheck.Unknown.class);
        assertThat(links.check(null, approval.approvalId(), store, store)).isInstanceOf(LinkCheck.Unknown.class);
        assertThat(links.check(unknown, approval.approvalId(), store, store)).isInstanceOf(LinkCheck.Unknown.class);
        // A valid secret presented on another approval's page is bound to its own approval only.
        assertThat(links.check(link.secret().reveal(), other.approvalId(), store, store))
                .isInstanceOf(LinkCheck.Unknown.class);
    }

    @Test
    void check_afterTheDeadline_isExpired_andCarriesTheApprovalForALateRecord() {
        ApprovalRecord approval = store.create(ApprovalRequests.request(clock, "refunds", "alice@example.com")).approval();
        IssuedLink link = issueFor(approval, "alice@example.com");
        clock.set(approval.current().deadline());

        assertThat(links.check(link.secret().reveal(), approval.approvalId(), store, store))
                .isInstanceOfSatisfying(LinkCheck.Expired.class,
                        e -> assertThat(e.approval().approvalId()).isEqualTo(approval.approvalId()));
    }

    @Test
    void check_ofAnEarlierLevelsLink_afterEscalation_isOtherLevel() {
        ApprovalRecord approval = store.create(ApprovalRequests.request(clock, "refunds", "alice@example.com")).approval();
        IssuedLink link = issueFor(approval, "alice@example.com");
        store.escalate(approval.approvalId(), 1, new NextLevel(List.of("alice@example.com", "erin@example.com"), 1,
                clock.instant().plus(Duration.ofDays(1)), new TaskToken("t2"), null), "countersign:escalate");
        clock.advance(Duration.ofMinutes(1));

        // Even a recipient who is asked again at level 2 cannot act with the level-1 link.
        assertThat(links.check(link.secret().reveal(), approval.approvalId(), store, store))
                .isInstanceOf(LinkCheck.OtherLevel.class);
    }

    @Test
    void check_ofAReassignedRecipientsLink_isRevoked() {
        ApprovalRecord approval = store.create(ApprovalRequests.request(clock, "refunds", "alice@example.com")).approval();
        IssuedLink link = issueFor(approval, "alice@example.com");
        store.reassign(approval.approvalId(), 1, "alice@example.com", "frank@example.com", "alice@example.com",
                null);

        assertThat(links.check(link.secret().reveal(), approval.approvalId(), store, store))
                .isInstanceOf(LinkCheck.Revoked.class);
    }

    @Test
    void grant_mustExpireAfterItIsIssued() {
        ApprovalRecord approval = store.create(ApprovalRequests.request(clock, "refunds", "alice@example.com")).approval();

        assertThatThrownBy(() -> links.issue(approval.approvalId(), "alice@example.com", 1, clock.instant()))
                .hasMessageContaining("expiresAt");
    }

    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** Mostly near misses of an issued secret (one length off, one character foreign), some fits, some noise. */
    static Stream<Case<String>> presentedSecrets() {
        String a42 = "A".repeat(42);
        Stream<Case<String>> fixed = Stream.of(
                Case.fixed("empty", ""),
                Case.fixed("43 letters", a42 + "A"),
                Case.fixed("42 letters", a42),
                Case.fixed("44 letters", a42 + "AA"),
                Case.fixed("43 letters and a line feed", a42 + "A\n"),
                Case.fixed("a line feed and 43 letters", "\n" + a42 + "A"),
                Case.fixed("padded", a42 + "="),
                Case.fixed("standard base64 plus", a42 + "+"),
                Case.fixed("standard base64 slash", a42 + "/"),
                Case.fixed("fullwidth digit", a42 + "\uFF10"),
                Case.fixed("Arabic-Indic digit", a42 + "\u0663"),
                Case.fixed("long s, which folds to s", a42 + "\u017F"),
                Case.fixed("Kelvin sign, which folds to k", a42 + "\u212A"),
                Case.fixed("lone high surrogate", a42 + "\uD83D"),
                Case.fixed("43 UTF-16 units holding an emoji", "A".repeat(41) + "\uD83D\uDE00"),
                Case.fixed("NUL", a42 + "\u0000"));
        return Stream.concat(fixed, Generator.cases(0x11AB5L, 1000, g -> switch (g.weighted(2, 1, 1, 3, 1)) {
            case 0 -> g.anyText(60);
            case 1 -> g.string(43, 43, BASE64URL);
            case 2 -> g.string(0, 100, BASE64URL);
            case 3 -> {
                StringBuilder secret = new StringBuilder(g.string(43, 43, BASE64URL));
                int at = g.between(0, 42);
                secret.replace(at, at + 1, g.chance(0.5) ? g.anyText(2) : g.oneOf("+", "/", "=", " ", ".", "\t",
                        "\u00e9", "\uFF21"));
                yield secret.toString();
            }
            default -> g.oneOf(" ", "\n", "\r\n", "%3D", "#") + g.string(43, 43, BASE64URL)
                    + g.oneOf("", " ", "\n");
        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presentedSecrets")
    void parse_refusesAnythingNotShapedLikeAnIssuedSecret(Case<String> presented) {
        String text = presented.value();
        // Spelled out without a regex, so a loose pattern in LinkSecret (\w, find, a trailing $) cannot agree with it.
        boolean issuedShape = text.length() == LinkSecret.LENGTH
                && text.chars().allMatch(c -> BASE64URL.indexOf(c) >= 0);

        assertThat(LinkSecret.parse(text).isPresent()).as("%s: '%s'", presented, text).isEqualTo(issuedShape);
    }

    static Stream<Case<String>> issuedShapes() {
        Stream<Case<String>> fixed = "-_AZaz09".chars()
                .mapToObj(c -> Case.fixed("43 times " + (char) c, String.valueOf((char) c).repeat(43)));
        return Stream.concat(fixed, Generator.cases(0x155EDL, 300, g -> g.string(43, 43, BASE64URL)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("issuedShapes")
    void parse_acceptsEveryIssuedShape_andHashesItTo43Base64UrlCharacters(Case<String> presented) {
        LinkSecretHash hash = LinkSecret.parse(presented.value()).orElseThrow().hash();

        assertThat(hash.value()).as("%s: '%s'", presented, presented.value()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(hash).as("%s: '%s'", presented, presented.value())
                .isEqualTo(LinkSecret.parse(presented.value()).orElseThrow().hash());
    }

    @Test
    void hashes_compareInConstantTime_andOnlyEqualValuesMatch() {
        LinkSecret secret = LinkSecret.parse("A".repeat(43)).orElseThrow();
        LinkSecretHash hash = secret.hash();

        assertThat(hash.matches(LinkSecret.parse("A".repeat(43)).orElseThrow().hash())).isTrue();
        assertThat(hash.matches(LinkSecret.parse("B".repeat(43)).orElseThrow().hash())).isFalse();
        assertThat(hash.matches(null)).isFalse();
    }
}
