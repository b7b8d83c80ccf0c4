package dev.countersign.mail.ses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.aws.internal.AwsCallException;
import dev.countersign.aws.internal.AwsJsonClient;
import dev.countersign.core.json.Json;
import dev.countersign.mail.EmailMessage;
import dev.countersign.mail.Mailer;
import dev.countersign.mail.SendResult;
import java.util.Objects;

/**
 * {@link Mailer} on SES v2 {@code SendEmail} (simple content: subject, HTML and text parts, UTF-8), as a signed
 * REST-JSON request ({@link AwsJsonClient}; the SDK's client would cost the request function's cold start more than
 * the rest of it). One attempt per {@link #send}: the callers retry, and audit every failed attempt.
 */
public final class SesMailer implements Mailer {
    private final AwsJsonClient client;

    /** @param client a client for {@link AwsJsonClient.Protocol#SES_V2} */
    public SesMailer(AwsJsonClient client) {
        this.client = Objects.requireNonNull(client, "client").withAttempts(1);
    }

    @Override
    public SendResult send(EmailMessage message) {
        JsonNode response;
        try {
            response = client.call("SendEmail", request(message));
        } catch (AwsCallException e) {
            return new SendResult.Failed(e.errorName(), e.detail(), e.transientFailure());
        }
        String id = response.path("MessageId").asText("");
        if (id.isEmpty()) {
            return new SendResult.Failed("InvalidResponse", "SES accepted the request but returned no MessageId",
                    false);
        }
        return new SendResult.Sent(id);
    }

    /** SendEmail's request document: the addresses and the simple content, each part in UTF-8. */
    static ObjectNode request(EmailMessage message) {
        ObjectNode request = Json.object();
        request.put("FromEmailAddress", message.from());
        request.putObject("Destination").putArray("ToAddresses").add(message.to());
        ObjectNode simple = request.putObject("Content").putObject("Simple");
        part(simple.putObject("Subject"), message.content().subject());
        ObjectNode body = simple.putObject("Body");
        part(body.putObject("Html"), message.content().html());
        part(body.putObject("Text"), message.content().text());
        return request;
    }

    private static void part(ObjectNode part, String data) {
        part.put("Data", data).put("Charset", "UTF-8");
    }
}
