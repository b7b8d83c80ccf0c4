package dev.countersign.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.audit.SecretReader;
import dev.countersign.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Reads a secret with Secrets Manager's {@code GetSecretValue} over {@link AwsJsonClient}: what the decision
 * function's init uses to fetch the audit key without building an SDK client. Same answers and messages as
 * {@link dev.countersign.aws.SecretsManagerSecretReader}.
 */
public final class HttpSecretReader implements SecretReader {
    private final AwsJsonClient client;

    /** @param client a client for {@link AwsJsonClient.Protocol#SECRETS_MANAGER} */
    public HttpSecretReader(AwsJsonClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public byte[] read(String secretId) {
        JsonNode response;
        try {
            response = client.call("GetSecretValue", Json.object().put("SecretId", secretId));
        } catch (AwsCallException e) {
            throw new IllegalStateException("cannot read secret '" + secretId + "' from Secrets Manager: "
                    + e.getMessage() + " — check the secret exists and the function's role may call"
                    + " secretsmanager:GetSecretValue on it", e);
        }
        if (response.hasNonNull("SecretString")) {
            return response.get("SecretString").asText().getBytes(StandardCharsets.UTF_8);
        }
        if (response.hasNonNull("SecretBinary")) {
            return Base64.getDecoder().decode(response.get("SecretBinary").asText());
        }
        throw new IllegalStateException("secret '" + secretId + "' has no value: store the base64 audit key in it");
    }
}
