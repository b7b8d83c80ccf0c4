package dev.countersign.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.aws.AwsJsonClients;
import dev.countersign.core.json.Json;
import dev.countersign.mail.EmailMessage;
import dev.countersign.mail.Mailer;
import dev.countersign.mail.SendResult;
import dev.countersign.mail.ses.SesMailer;
import dev.countersign.views.RenderedEmail;
import java.time.Clock;
import java.util.Objects;

/**
 * The customer-message example's action: sends the approved reply (the approver's edits applied, checked against the
 * approval) to the customer through SES v2, from the address in {@value #FROM_VARIABLE}. Locally it lands in the
 * mailbox of {@code countersign up}. A send that SES refuses fails the step with {@link IllegalStateException} (SES's
 * error in the message): the workflow then shows a failed execution, and nothing claims the reply went out.
 *
 * <p>Input {@code {"proposal", "decision"}}; output {@code {"record": "reply/<ticketId>", "ticketId", "to",
 * "subject", "messageId", "status": "SENT", "approvalId", "approvedBy"}}.
 */
public final class SendReplyFunction extends JsonStep {
    /** The From of the reply: a verified SES identity (the example stack passes the Countersign sender). */
    public static final String FROM_VARIABLE = "EXAMPLE_REPLY_FROM";

    private final Mailer mailer;
    private final String from;

    /**
     * What Lambda calls: SES v2's API from the environment (region, endpoint, credentials) as signed requests, as the
     * Countersign functions send; the From from {@value #FROM_VARIABLE}.
     */
    public SendReplyFunction() {
        this(new SesMailer(AwsJsonClients.fromEnvironment(System.getenv(), Clock.systemUTC()).sesV2()),
                System.getenv(FROM_VARIABLE));
    }

    public SendReplyFunction(Mailer mailer, String from) {
        this.mailer = Objects.requireNonNull(mailer, "mailer");
        if (from == null || from.isBlank()) {
            throw new IllegalStateException(FROM_VARIABLE + " is not set: set it to a verified SES identity, e.g."
                    + " Support <support@shop.example>");
        }
        this.from = from;
    }

    @Override
    public ObjectNode handle(JsonNode input) {
        ApprovedAction reply = ApprovedAction.read(input, "send-reply").requireApproved("send-reply");
        ObjectNode params = reply.approvedParams();
        String to = params.path("to").asText();
        String subject = params.path("subject").asText();
        String body = params.path("body").asText();
        SendResult sent = mailer.send(new EmailMessage(from, to, new RenderedEmail(subject, html(body), body)));
        if (!(sent instanceof SendResult.Sent ok)) {
            throw new IllegalStateException("send-reply: SES did not send the reply to " + to + ": " + sent);
        }
        ObjectNode result = Json.object();
        result.put("record", "reply/" + params.path("ticketId").asText());
        result.set("ticketId", params.get("ticketId"));
        result.put("to", to);
        result.put("subject", subject);
        result.put("messageId", ok.messageId());
        result.put("status", "SENT");
        result.put("approvalId", reply.decision().approvalId());
        result.put("approvedBy", reply.decision().decidedBy());
        return result;
    }

    /** The body as HTML paragraphs, every character escaped. */
    static String html(String body) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>");
        for (String paragraph : body.split("\\R\\s*\\R")) {
            html.append("<p>").append(escape(paragraph.strip()).replaceAll("\\R", "<br>")).append("</p>");
        }
        return html.append("</body></html>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
