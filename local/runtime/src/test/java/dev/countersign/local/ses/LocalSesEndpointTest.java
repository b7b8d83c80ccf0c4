package dev.countersign.local.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

class LocalSesEndpointTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path mailDir;

    private LocalSesEndpoint endpoint;
    private LocalSesEndpoint.Server server;
    private SesV2Client ses;

    @BeforeEach
    void start() throws Exception {
        endpoint = new LocalSesEndpoint(Mailbox.persistentIn(mailDir), CLOCK);
        server = endpoint.start(0);
        ses = SesV2Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .build();
    }

    @AfterEach
    void stop() {
        ses.close();
        server.close();
    }

    private static SendEmailRequest message(String to) {
        return SendEmailRequest.builder()
                .fromEmailAddress("countersign@example.com")
                .destination(d -> d.toAddresses(to))
                .content(c -> c.simple(m -> m.subject(s -> s.data("Approve refund R-1 by Friday"))
                        .body(b -> b.html(h -> h.data("<p>Review</p>")).text(t -> t.data("Review")))))
                .build();
    }

    @Test
    void sendEmail_throughTheRealSdk_isCapturedWithEveryPart() {
        String messageId = ses.sendEmail(message("ana@example.com")).messageId();

        CapturedEmail email = endpoint.mailbox().byId(messageId).orElseThrow();
        assertThat(email.from()).isEqualTo("countersign@example.com");
        assertThat(email.to()).containsExactly("ana@example.com");
        assertThat(email.subject()).isEqualTo("Approve refund R-1 by Friday");
        assertThat(email.html()).isEqualTo("<p>Review</p>");
        assertThat(email.text()).isEqualTo("Review");
        assertThat(email.sentAt()).isEqualTo(CLOCK.instant());
        assertThat(endpoint.mailbox().to("ANA@example.com")).containsExactly(email);
    }

    @Test
    void failNextSends_failsExactlyThatManyThenRecovers() {
        endpoint.failNextSends(2, SesFailure.THROTTLED);

        assertThatThrownBy(() -> ses.sendEmail(message("ana@example.com"))).isInstanceOf(TooManyRequestsException.class);
        assertThatThrownBy(() -> ses.sendEmail(message("ana@example.com"))).isInstanceOf(TooManyRequestsException.class);
        ses.sendEmail(message("ana@example.com"));

        assertThat(endpoint.attempts()).isEqualTo(3);
        assertThat(endpoint.mailbox().size()).isEqualTo(1);
    }

    @Test
    void failNextSends_reportsEachFailureKindAsSesDoes() {
        endpoint.failNextSends(1, SesFailure.REJECTED);
        endpoint.failNextSends(1, SesFailure.INTERNAL);

        assertThatThrownBy(() -> ses.sendEmail(message("ana@example.com"))).isInstanceOf(MessageRejectedException.class);
        assertThatThrownBy(() -> ses.sendEmail(message("ana@example.com")))
                .isInstanceOfSatisfying(SesV2Exception.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThat(endpoint.mailbox().size()).isZero();
    }

    @Test
    void sendEmail_withoutRecipientsOrBody_isRefusedWithEveryProblem() {
        SendEmailRequest empty = SendEmailRequest.builder()
                .fromEmailAddress("countersign@example.com")
                .content(c -> c.simple(m -> m.subject(s -> s.data("x")).body(b -> b.build())))
                .build();

        assertThatThrownBy(() -> ses.sendEmail(empty))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Destination needs at least one")
                .hasMessageContaining("Body needs Html or Text");
        assertThat(endpoint.mailbox().size()).isZero();
    }

    @Test
    void persistentMailbox_keepsMessagesAcrossRestarts() {
        String messageId = ses.sendEmail(message("ana@example.com")).messageId();

        Mailbox reopened = Mailbox.persistentIn(mailDir);

        assertThat(reopened.all()).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo(messageId);
            assertThat(m.html()).isEqualTo("<p>Review</p>");
        });
    }
}
