package dev.countersign.testing;

import dev.countersign.aws.AwsClients;
import dev.countersign.local.ses.LocalSesEndpoint;
import dev.countersign.local.ses.Mailbox;
import dev.countersign.mail.ses.SesMailer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The local SES v2 endpoint on a free port, and a real {@link SesV2Client} pointed at it (built by {@link AwsClients},
 * as the handlers build theirs: SDK retries off). Close it after the test class.
 */
public final class LocalSes implements AutoCloseable {
    private final LocalSesEndpoint endpoint;
    private final LocalSesEndpoint.Server server;
    private final AwsClients clients;

    public LocalSes() {
        endpoint = new LocalSesEndpoint(Mailbox.inMemory(), Clock.systemUTC());
        try {
            server = endpoint.start(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local SES endpoint", e);
        }
        clients = AwsClients.fromEnvironment(Map.of("AWS_ENDPOINT_URL", server.endpoint().toString()));
    }

    public LocalSesEndpoint endpoint() {
        return endpoint;
    }

    public Mailbox mailbox() {
        return endpoint.mailbox();
    }

    public SesV2Client client() {
        return clients.sesV2();
    }

    /** The production mailer on the real SES v2 client. */
    public SesMailer mailer() {
        return new SesMailer(clients::sesV2);
    }

    @Override
    public void close() {
        clients.close();
        server.close();
    }
}
