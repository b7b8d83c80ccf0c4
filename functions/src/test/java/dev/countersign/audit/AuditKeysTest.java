package dev.countersign.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeysTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
        30, 31, 32});

    @Test
    void localDefault_isGeneratedOnceUnderDotCountersign_withMode0600_andReused(@TempDir Path dir) throws Exception {
        AuditKey first = AuditKeys.resolve(Map.of(), dir, SecretReader.NONE);
        AuditKey second = AuditKeys.resolve(Map.of(), dir, SecretReader.NONE);

        Path file = dir.resolve(".countersign").resolve("audit-key");
        assertThat(file).exists();
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);
        assertThat(second).isEqualTo(first);
        assertThat(first.toString()).doesNotContain(Files.readString(file).trim());
    }

    @Test
    void localDefault_createdByManyProcessesAtOnce_isOneKey(@TempDir Path dir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<AuditKey>> keys = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                keys.add(pool.submit(() -> {
                    start.await();
                    return AuditKeys.localKey(dir.resolve("audit-key"));
                }));
            }
            start.countDown();
            AuditKey first = keys.get(0).get();
            for (Future<AuditKey> key : keys) {
                // A racing creator must never end up signing with a key that lost the race.
                assertThat(key.get()).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("audit-key");
        }
    }

    @Test
    void countersignHome_movesTheLocalKey(@TempDir Path dir) {
        AuditKeys.resolve(Map.of(AuditKeys.HOME_VARIABLE, dir.resolve("home").toString()), dir, SecretReader.NONE);

        assertThat(dir.resolve("home").resolve("audit-key")).exists();
    }

    @Test
    void keyFromTheEnvironment_acceptsStandardAndUrlSafeBase64(@TempDir Path dir) {
        String urlSafe = KEY.replace('+', '-').replace('/', '_').replace("=", "");

        assertThat(AuditKeys.resolve(Map.of(AuditKeys.KEY_VARIABLE, urlSafe), dir, SecretReader.NONE))
                .isEqualTo(AuditKeys.resolve(Map.of(AuditKeys.KEY_VARIABLE, KEY), dir, SecretReader.NONE));
        assertThat(dir.resolve(".countersign")).doesNotExist();
    }

    @Test
    void shortKey_isRefused_withHowToMakeOne(@TempDir Path dir) {
        assertThatThrownBy(() -> AuditKeys.resolve(Map.of(AuditKeys.KEY_VARIABLE, "c2hvcnQ="), dir,
                SecretReader.NONE))
                .hasMessageContaining("has 5 bytes; it needs at least 32")
                .hasMessageContaining("/dev/urandom");
    }

    @Test
    void inLambdaWithoutConfiguration_failsInsteadOfInventingAKeyPerContainer(@TempDir Path dir) {
        assertThatThrownBy(() -> AuditKeys.resolve(Map.of("AWS_LAMBDA_FUNCTION_NAME", "decide"), dir,
                SecretReader.NONE))
                .hasMessageContaining(AuditKeys.SECRET_VARIABLE);
        assertThat(dir.resolve(".countersign")).doesNotExist();
    }

    @Test
    void bothKeyAndSecret_isAmbiguous(@TempDir Path dir) {
        assertThatThrownBy(() -> AuditKeys.resolve(Map.of(AuditKeys.KEY_VARIABLE, KEY,
                AuditKeys.SECRET_VARIABLE, "s"), dir, SecretReader.NONE))
                .hasMessageContaining("set only one");
    }

    @Test
    void secretWithoutASecretStore_saysToUseTheKeyVariable(@TempDir Path dir) {
        assertThatThrownBy(() -> AuditKeys.resolve(Map.of(AuditKeys.SECRET_VARIABLE, "s"), dir, SecretReader.NONE))
                .hasMessageContaining(AuditKeys.KEY_VARIABLE);
    }

    @Test
    void keyFiles_areNotWorldReadable_evenBeforeTheyAreComplete(@TempDir Path dir) throws Exception {
        AuditKeys.localKey(dir.resolve("k"));
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir.resolve("k"));
        assertThat(permissions).doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    }
}
