package dev.countersign.mail;

/**
 * Sends one email. One call is one attempt: the caller decides about retries, so that every failed attempt can be
 * audited. Implementations never log the message body (it carries the recipient's link secret).
 */
public interface Mailer {

    SendResult send(EmailMessage message);
}
