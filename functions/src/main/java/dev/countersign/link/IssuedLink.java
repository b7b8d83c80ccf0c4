package dev.countersign.link;

/** A freshly issued link: the secret for the email, and the grant to store (which holds only the secret's hash). */
public record IssuedLink(LinkSecret secret, LinkGrant grant) {
}
