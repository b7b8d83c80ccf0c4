package dev.countersign.local.runtime;

import dev.countersign.audit.AuditKey;
import dev.countersign.aws.AwsClients;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * What the runtime hands to the code that builds the handlers: the environment a deployed function would get
 * (pointing at the local endpoints), real SDK clients built from it, the audit key, the runtime's clock and where
 * handler logs go.
 *
 * @param environment {@code AWS_REGION}, {@code AWS_ENDPOINT_URL[_<SERVICE>]}, {@code COUNTERSIGN_*}: what
 *                    {@code AwsSettings.fromEnvironment} and the handlers' settings read
 * @param clients     built with {@code AwsSettings.fromEnvironment(environment)}; shared by every handler instance
 */
public record HandlerWiring(Map<String, String> environment, AwsClients clients, AuditKey auditKey, Clock clock,
                            PrintStream log) {
    public HandlerWiring {
        environment = Map.copyOf(environment);
    }
}
