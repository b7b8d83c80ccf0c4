package dev.countersign.mail.ses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.ses.CapturedEmail;
import dev.countersign.local.ses.SesFailure;
import dev.countersign.mail.EmailMessage;
import dev.countersign.mail.SendResult;
import dev.countersign.testing.LocalSes;
import dev.countersign.views.RenderedEmail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The SES adapter through the real SesV2Client against the local SES v2 endpoint. */
class SesMailerTest {
    static final LocalSes ses = new LocalSes();
    private static final EmailMessage MESSAGE = new EmailMessage("Countersign <approvals@example.com>",
            "lee@shop.example", new RenderedEmail("Approval needed: Refund — by Tue", "<p>Hëllo</p>", "Hëllo"));

    @AfterAll
    static void stop() {
        ses.close();
    }

    @Test
    void send_deliversSubjectHtmlAndText_andReturnsTheMessageId() {
        SendResult result = ses.mailer().send(MESSAGE);

        assertThat(result).isInstanceOf(SendResult.Sent.class);
        String id = ((SendResult.Sent) result).messageId();
        CapturedEmail email = ses.mailbox().byId(id).orElseThrow();
        assertThat(email.from()).isEqualTo("Countersign <approvals@example.com>");
        assertThat(email.to()).containsExactly("lee@shop.example");
        assertThat(email.subject()).isEqualTo("Approval needed: Refund — by Tue");
        assertThat(email.html()).isEqualTo("<p>Hëllo</p>");
        assertThat(email.text()).isEqualTo("Hëllo");
    }

    @Test
    void oneCallIsOneAttempt_throttlingIsTransient() {
        ses.endpoint().failNextSends(1, SesFailure.THROTTLED);
        int attempts = ses.endpoint().attempts();

        SendResult result = ses.mailer().send(MESSAGE);

        // The SDK's retries are off: the caller sees (and audits) every failed attempt.
        assertThat(ses.endpoint().attempts()).isEqualTo(attempts + 1);
        assertThat(result).isEqualTo(new SendResult.Failed("TooManyRequestsException",
                SesFailure.THROTTLED.message(), true));
    }

    @Test
    void serverFaultsAreTransient_refusedMessagesAreNot() {
        ses.endpoint().failNextSends(1, SesFailure.INTERNAL);
        ses.endpoint().failNextSends(1, SesFailure.REJECTED);

        SendResult fault = ses.mailer().send(MESSAGE);
        SendResult refused = ses.mailer().send(MESSAGE);

        assertThat(fault).isInstanceOfSatisfying(SendResult.Failed.class,
                f -> assertThat(f.transientFailure()).isTrue());
        assertThat(refused).isEqualTo(new SendResult.Failed("MessageRejected", SesFailure.REJECTED.message(),
                false));
    }

    @Test
    void theMessagesStringForm_neverShowsItsBody() {
        assertThat(MESSAGE.toString()).doesNotContain("Hëllo").contains("lee@shop.example");
    }
}
