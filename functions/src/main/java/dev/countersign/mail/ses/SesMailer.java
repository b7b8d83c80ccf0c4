package dev.countersign.mail.ses;

import dev.countersign.aws.TransientErrors;
import dev.countersign.mail.EmailMessage;
import dev.countersign.mail.Mailer;
import dev.countersign.mail.SendResult;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/**
 * {@link Mailer} on SES v2 {@code SendEmail} (simple content: subject, HTML and text parts, UTF-8). The client comes
 * from a supplier so that a function that never sends email never builds it (cold start).
 */
public final class SesMailer implements Mailer {
    private final Supplier<SesV2Client> client;

    public SesMailer(Supplier<SesV2Client> client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public SendResult send(EmailMessage message) {
        try {
            SendEmailResponse response = client.get().sendEmail(r -> r
                    .fromEmailAddress(message.from())
                    .destination(d -> d.toAddresses(message.to()))
                    .content(c -> c.simple(m -> m
                            .subject(s -> s.data(message.content().subject()).charset("UTF-8"))
                            .body(b -> b
                                    .html(h -> h.data(message.content().html()).charset("UTF-8"))
                                    .text(t -> t.data(message.content().text()).charset("UTF-8"))))));
            return new SendResult.Sent(response.messageId());
        } catch (SdkException e) {
            return new SendResult.Failed(TransientErrors.errorCode(e), TransientErrors.message(e),
                    TransientErrors.isTransient(e));
        }
    }
}
