package dev.countersign.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuditChainTest {
    private static final byte[] KEY_BYTES = "0123456789abcdef0123456789abcdef".getBytes();
    private final AuditChain chain = new AuditChain(new AuditKey(KEY_BYTES, "test"));
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00.123Z");

    private List<AuditEvent> trail(String approvalId, int n) {
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(new AuditEntry(AuditEventType.VIEWED, "alice@example.com", Json.object().put("n", i)));
        }
        return chain.extend(approvalId, 0, null, AT, entries);
    }

    @Test
    void hash_isHmacSha256OverTheCanonicalEventWithoutHash() throws Exception {
        AuditEvent event = trail("ap_aaaaaaaaaaaaaaaaaaaaaaaaaa", 1).get(0);
        String canonical = "{\"actor\":\"alice@example.com\",\"approvalId\":\"ap_aaaaaaaaaaaaaaaaaaaaaaaaaa\","
                + "\"at\":\"2026-11-24T10:00:00.123Z\",\"details\":{\"n\":0},\"prevHash\":\"genesis\",\"seq\":1,"
                + "\"type\":\"VIEWED\"}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY_BYTES, "HmacSHA256"));

        assertThat(CanonicalJson.canonicalize(event.toJson(false))).isEqualTo(canonical);
        assertThat(event.hash()).isEqualTo(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(canonical.getBytes())));
    }

    // Every chain of 1 to 30 events with every one of its events edited: 465 cases, few enough to try them all.
    static Stream<Arguments> chainsAndEditedEvents() {
        return IntStream.rangeClosed(1, 30).boxed()
                .flatMap(length -> IntStream.range(0, length).mapToObj(index -> Arguments.of(length, index)));
    }

    @ParameterizedTest(name = "{0} events, event {1} edited")
    @MethodSource("chainsAndEditedEvents")
    void anyChain_verifies_andAnyEditedEvent_breaksItAtThatSeq(int length, int index) {
        List<AuditEvent> events = trail("ap_bbbbbbbbbbbbbbbbbbbbbbbbbb", length);
        ChainAnchor anchor = new ChainAnchor(length, events.get(length - 1).hash());
        assertThat(chain.verify("ap_bbbbbbbbbbbbbbbbbbbbbbbbbb", events, anchor)).isInstanceOf(
                ChainVerification.Intact.class);

        List<AuditEvent> tampered = new ArrayList<>(events);
        AuditEvent e = events.get(index);
        tampered.set(index, new AuditEvent(e.approvalId(), e.seq(), e.at(), e.type(), e.actor(), "{\"n\":-1}",
                e.prevHash(), e.hash()));

        assertThat(chain.verify("ap_bbbbbbbbbbbbbbbbbbbbbbbbbb", tampered, anchor))
                .as("%d events, event %d edited", length, index)
                .isEqualTo(new ChainVerification.Broken(index + 1, "hash does not match the event's content: it was"
                        + " changed after it was written (or signed with another key)"));
    }

    @Test
    void eventMovedToAnotherApproval_doesNotVerifyThere() {
        List<AuditEvent> events = trail("ap_cccccccccccccccccccccccccc", 1);
        AuditEvent moved = new AuditEvent("ap_dddddddddddddddddddddddddd", 1, events.get(0).at(), events.get(0).type(),
                events.get(0).actor(), events.get(0).detailsJson(), events.get(0).prevHash(), events.get(0).hash());

        ChainVerification result = chain.verify("ap_dddddddddddddddddddddddddd", List.of(moved),
                new ChainAnchor(1, moved.hash()));

        assertThat(result).isInstanceOfSatisfying(ChainVerification.Broken.class,
                b -> assertThat(b.seq()).isEqualTo(1));
    }

    @Test
    void chainSignedWithAnotherKey_isBrokenAtSeqOne() {
        List<AuditEvent> events = trail("ap_eeeeeeeeeeeeeeeeeeeeeeeeee", 3);
        AuditChain other = new AuditChain(new AuditKey("another key of thirty-two bytes!".getBytes(), "other"));

        assertThat(other.verify("ap_eeeeeeeeeeeeeeeeeeeeeeeeee", events, new ChainAnchor(3, events.get(2).hash())))
                .isInstanceOfSatisfying(ChainVerification.Broken.class, b -> assertThat(b.seq()).isEqualTo(1));
    }

    @Test
    void extend_continuesFromTheLastHash() {
        List<AuditEvent> first = trail("ap_ffffffffffffffffffffffffff", 2);
        List<AuditEvent> more = chain.extend("ap_ffffffffffffffffffffffffff", 2, first.get(1).hash(), AT,
                List.of(AuditEntry.of(AuditEventType.REMINDED, "countersign:remind")));
        List<AuditEvent> all = new ArrayList<>(first);
        all.addAll(more);

        assertThat(more.get(0).seq()).isEqualTo(3);
        assertThat(more.get(0).prevHash()).isEqualTo(first.get(1).hash());
        assertThat(chain.verify("ap_ffffffffffffffffffffffffff", all, new ChainAnchor(3, more.get(0).hash())).intact())
                .isTrue();
    }
}
