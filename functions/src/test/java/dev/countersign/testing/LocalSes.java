package dev.countersign.testing;

import dev.countersign.aws.AwsJsonClients;
import dev.countersign.local.ses.LocalSesEndpoint;
import dev.countersign.local.ses.Mailbox;
import dev.countersign.mail.ses.SesMailer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * The local SES v2 endpoint on a free port, and the production mailer pointed at it (a signed SES v2 client from
 * {@link AwsJsonClients}, as the handlers build theirs). Close it after the test class.
 */
public final class LocalSes implements AutoCloseable {
    private final LocalSesEndpoint endpoint;
    private final LocalSesEndpoint.Server server;

    public LocalSes() {
        endpoint = new LocalSesEndpoint(Mailbox.inMemory(), Clock.systemUTC());
        try {
            server = endpoint.start(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local SES endpoint", e);
        }
    }

    public LocalSesEndpoint endpoint() {
        return endpoint;
    }

    public Mailbox mailbox() {
        return endpoint.mailbox();
    }

    /** Where it listens: the value for {@code AWS_ENDPOINT_URL_SESV2}. */
    public URI url() {
        return server.endpoint();
    }

    /** The production mailer, pointed at this endpoint. */
    public SesMailer mailer() {
        return new SesMailer(AwsJsonClients.fromEnvironment(Map.of("AWS_ENDPOINT_URL", url().toString()),
                Clock.systemUTC()).sesV2());
    }

    @Override
    public void close() {
        server.close();
    }
}
