package dev.countersign.aws;

import dev.countersign.audit.SecretReader;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** Reads a secret's value from AWS Secrets Manager (string secrets as UTF-8, binary secrets as they are). */
public final class SecretsManagerSecretReader implements SecretReader {
    private final SecretsManagerClient client;

    public SecretsManagerSecretReader(SecretsManagerClient client) {
        this.client = client;
    }

    @Override
    public byte[] read(String secretId) {
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(r -> r.secretId(secretId));
        } catch (SecretsManagerException e) {
            throw new IllegalStateException("cannot read secret '" + secretId + "' from Secrets Manager: "
                    + e.awsErrorDetails().errorMessage() + " — check the secret exists and the function's role may"
                    + " call secretsmanager:GetSecretValue on it", e);
        }
        if (response.secretString() != null) {
            return response.secretString().getBytes(StandardCharsets.UTF_8);
        }
        if (response.secretBinary() != null) {
            return response.secretBinary().asByteArray();
        }
        throw new IllegalStateException("secret '" + secretId + "' has no value: store the base64 audit key in it");
    }
}
