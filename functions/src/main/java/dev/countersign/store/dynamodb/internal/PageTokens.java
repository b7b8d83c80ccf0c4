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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Page tokens: where a list stopped (DynamoDB's LastEvaluatedKey, and for lists that span partitions the partition
 * it stopped in), as a string that works only for the list that issued it.
 *
 * <p>Two forms. {@link #sealedWith sealed} tokens are encrypted and authenticated with AES-256-GCM under a key derived
 * from the audit key: opaque, uneditable, for anyone who may read a list but not the table. {@link #readable} tokens
 * are the position in base64url JSON, bound to their list by a digest of its name: for readers who can query the
 * table themselves anyway (an operator's {@code countersign pending} with the table's credentials), so that listing
 * what waits never needs the audit key, which can sign audit events.
 */
public final class PageTokens {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int LIST_DIGEST_BYTES = 8;

    /** Null for readable tokens. */
    private final SecretKeySpec key;
    // A nonce must never repeat under one key: after a SnapStart restore the generator is a new one.
    private final RestoreSafeRandom random;

    private PageTokens(SecretKeySpec key) {
        this.key = key;
        this.random = key == null ? null : RestoreSafeRandom.process();
    }

    /** Opaque tokens sealed with a key derived from the audit key. */
    public static PageTokens sealedWith(AuditKey auditKey) {
        return new PageTokens(new SecretKeySpec(auditKey.derive("page-token/v1"), "AES"));
    }

    /** Readable tokens, bound to their list but not secret: for readers with the table's own credentials. */
    public static PageTokens readable() {
        return new PageTokens(null);
    }

    /** A token for {@code position} in {@code list}; null when there is no position (the last page). */
    public String seal(Map<String, String> position, String list) {
        if (position == null || position.isEmpty()) {
            return null;
        }
        ObjectNode plain = Json.object();
        position.forEach(plain::put);
        byte[] text = Json.write(plain).getBytes(StandardCharsets.UTF_8);
        if (key == null) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(LIST_DIGEST_BYTES + text.length).put(listDigest(list)).put(text).array());
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.get().nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(list.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(text);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a page token", e);
        }
    }

    /** A DynamoDB LastEvaluatedKey (string attributes only, as all our keys are) as a token of {@code list}. */
    public String seal(JsonNode lastEvaluatedKey, String list) {
        return seal(position(lastEvaluatedKey), list);
    }

    /**
     * The position a token of {@code list} stands for; null for no token (the first page).
     *
     * @throws InvalidPageTokenException when the token is not one of this list's
     */
    public Map<String, String> open(String token, String list) {
        if (token == null) {
            return null;
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token);
            byte[] plain;
            if (key == null) {
                if (raw.length <= LIST_DIGEST_BYTES || !MessageDigest.isEqual(listDigest(list),
                        Arrays.copyOf(raw, LIST_DIGEST_BYTES))) {
                    throw new InvalidPageTokenException(list);
                }
                plain = Arrays.copyOfRange(raw, LIST_DIGEST_BYTES, raw.length);
            } else {
                if (raw.length <= NONCE_BYTES + TAG_BITS / 8) {
                    throw new InvalidPageTokenException(list);
                }
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
                cipher.updateAAD(list.getBytes(StandardCharsets.UTF_8));
                plain = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
            }
            JsonNode node = Json.parse(plain);
            if (!node.isObject() || node.isEmpty()) {
                throw new InvalidPageTokenException(list);
            }
            Map<String, String> position = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getValue().isTextual()) {
                    throw new InvalidPageTokenException(list);
                }
                position.put(field.getKey(), field.getValue().asText());
            }
            return position;
        } catch (InvalidPageTokenException e) {
            throw e;
        } catch (IllegalArgumentException | GeneralSecurityException | java.io.UncheckedIOException e) {
            throw new InvalidPageTokenException(list);
        }
    }

    /** Opens a token of {@code list} into an ExclusiveStartKey document; null for the first page. */
    public ObjectNode openKey(String token, String list) {
        return exclusiveStartKey(open(token, list));
    }

    /** A LastEvaluatedKey's string attributes as a position. */
    public static Map<String, String> position(JsonNode lastEvaluatedKey) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
            return null;
        }
        Map<String, String> position = new LinkedHashMap<>();
        lastEvaluatedKey.properties().forEach(field -> position.put(field.getKey(),
                field.getValue().path("S").asText()));
        return position;
    }

    /** A position's attributes as an ExclusiveStartKey document of string attributes; null for none. */
    public static ObjectNode exclusiveStartKey(Map<String, String> position) {
        if (position == null || position.isEmpty()) {
            return null;
        }
        ObjectNode key = Json.object();
        position.forEach((name, value) -> key.set(name, StoredJson.s(value)));
        return key;
    }

    private static byte[] listDigest(String list) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(list.getBytes(StandardCharsets.UTF_8)),
                    LIST_DIGEST_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
