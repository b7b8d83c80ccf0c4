package dev.countersign.store.dynamodb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.InvalidPageTokenException;
import dev.countersign.audit.AuditKey;
import dev.countersign.core.crypto.RestoreSafeRandom;
import dev.countersign.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Page tokens: DynamoDB's LastEvaluatedKey sealed with AES-256-GCM. Callers see an opaque string that reveals no key
 * (so nothing about other approvals), cannot be edited, and only works for the list (and partition) that issued it.
 */
public final class PageTokens {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    // A nonce must never repeat under one key: after a SnapStart restore the generator is a new one.
    private final RestoreSafeRandom random = RestoreSafeRandom.process();

    public PageTokens(AuditKey auditKey) {
        this.key = new SecretKeySpec(auditKey.derive("page-token/v1"), "AES");
    }

    /** Seals a LastEvaluatedKey (string attributes only, as all our keys are) for one list. */
    public String seal(JsonNode lastEvaluatedKey, String list) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
            return null;
        }
        ObjectNode plain = Json.object();
        lastEvaluatedKey.properties().forEach(field -> plain.put(field.getKey(), field.getValue().path("S").asText()));
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.get().nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(list.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(Json.write(plain).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a page token", e);
        }
    }

    /** Opens a token of {@code list} into an ExclusiveStartKey document; null for the first page. */
    public ObjectNode open(String token, String list) {
        if (token == null) {
            return null;
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token);
            if (raw.length <= NONCE_BYTES + TAG_BITS / 8) {
                throw new InvalidPageTokenException(list);
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(list.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
            JsonNode node = Json.parse(plain);
            ObjectNode key = Json.object();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                key.set(field.getKey(), StoredJson.s(field.getValue().asText()));
            }
            return key;
        } catch (IllegalArgumentException | GeneralSecurityException | java.io.UncheckedIOException e) {
            if (e instanceof InvalidPageTokenException invalid) {
                throw invalid;
            }
            throw new InvalidPageTokenException(list);
        }
    }
}
