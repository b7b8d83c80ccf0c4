package dev.countersign.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Finds the audit key from configuration.
 *
 * <ol>
 *   <li>{@code COUNTERSIGN_AUDIT_KEY}: the key itself, base64 (standard or URL-safe) of at least 32 bytes;</li>
 *   <li>{@code COUNTERSIGN_AUDIT_KEY_SECRET}: the name or ARN of a secret whose value is that base64 text (the
 *       deployed stack);</li>
 *   <li>neither, outside Lambda: {@code <COUNTERSIGN_HOME or ./.countersign>/audit-key}, generated once (32 bytes
 *       from {@link SecureRandom}, file mode 0600) and reused after that.</li>
 * </ol>
 * In Lambda without either variable it fails: a key generated per container would make every chain unverifiable.
 */
public final class AuditKeys {
    public static final String KEY_VARIABLE = "COUNTERSIGN_AUDIT_KEY";
    public static final String SECRET_VARIABLE = "COUNTERSIGN_AUDIT_KEY_SECRET";
    public static final String HOME_VARIABLE = "COUNTERSIGN_HOME";
    public static final String KEY_FILE = "audit-key";

    private AuditKeys() {
    }

    public static AuditKey resolve(Map<String, String> env, Path workingDirectory, SecretReader secrets) {
        String inline = blankToNull(env.get(KEY_VARIABLE));
        String secretId = blankToNull(env.get(SECRET_VARIABLE));
        if (inline != null && secretId != null) {
            throw new IllegalArgumentException("both " + KEY_VARIABLE + " and " + SECRET_VARIABLE + " are set: set"
                    + " only one (the secret on AWS, the key itself for tests)");
        }
        if (inline != null) {
            return new AuditKey(decode(inline, KEY_VARIABLE), KEY_VARIABLE);
        }
        if (secretId != null) {
            byte[] value = secrets.read(secretId);
            return new AuditKey(decode(new String(value, StandardCharsets.UTF_8).trim(), "secret " + secretId),
                    "secret " + secretId);
        }
        if (blankToNull(env.get("AWS_LAMBDA_FUNCTION_NAME")) != null) {
            throw new IllegalStateException("no audit key configured in Lambda: set " + SECRET_VARIABLE + " to the"
                    + " Secrets Manager secret that holds it (the Countersign stack does this)");
        }
        String home = blankToNull(env.get(HOME_VARIABLE));
        Path dir = home != null ? Path.of(home) : workingDirectory.resolve(".countersign");
        return localKey(dir.resolve(KEY_FILE));
    }

    /** Reads the key file, or creates it once: racing processes all end up with the first one written. */
    public static AuditKey localKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".audit-key-", ".tmp",
                        PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ,
                                PosixFilePermission.OWNER_WRITE)));
                try {
                    Files.writeString(temp, Base64.getEncoder().encodeToString(key) + "\n");
                    // A hard link never replaces an existing file, so a concurrent creator cannot swap keys under us.
                    Files.createLink(file, temp);
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: use theirs
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return new AuditKey(decode(text, file.toString()), file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the local audit key " + file + ": " + e
                    + " — make the directory writable, or set " + KEY_VARIABLE, e);
        }
    }

    private static byte[] decode(String text, String source) {
        try {
            String normalised = text.replaceAll("\\s", "").replace('-', '+').replace('_', '/');
            return Base64.getDecoder().decode(normalised);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the audit key in " + source + " is not base64: store base64 of 32"
                    + " random bytes (for example `head -c 32 /dev/urandom | base64`)", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
