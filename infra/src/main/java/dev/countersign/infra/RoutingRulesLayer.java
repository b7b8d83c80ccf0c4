package dev.countersign.infra;

import dev.countersign.routing.InvalidRoutingRulesException;
import dev.countersign.routing.RoutingRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.constructs.Construct;

/**
 * The deployment's routing rules file as a Lambda layer: the Route function reads it at {@value #MOUNTED_PATH}
 * ({@code COUNTERSIGN_ROUTING_FILE}). The file is checked with {@link RoutingRules#loadOrThrow} first, so an invalid
 * file fails the synth with every problem, as it would fail the Route function's init.
 *
 * <p>Why a layer: a rules change publishes a new layer version and updates one function's configuration, without
 * rebuilding or uploading the functions' jar again; an environment variable would hold at most 4 KB (all variables
 * together); S3 or Parameter Store would need a read permission and a network call on every cold start, and would let
 * the rules change outside a deploy, past this synth-time check.
 */
public final class RoutingRulesLayer {
    /** Where Lambda mounts the layer's {@code config/routing.json}: layers are extracted under {@code /opt}. */
    public static final String MOUNTED_PATH = "/opt/config/routing.json";

    private RoutingRulesLayer() {
    }

    /**
     * Checks {@code file} and packages it as {@code config/routing.json} in a layer for the Countersign functions'
     * runtime and architecture.
     *
     * @throws InvalidRoutingRulesException listing every problem of the file (a missing file is one of them)
     */
    public static LayerVersion create(Construct scope, String id, Path file) {
        RoutingRules.loadOrThrow(file);
        byte[] rules;
        Path staged;
        try {
            rules = Files.readAllBytes(file);
            // Only the file, under a fixed name: the asset's hash then depends on the rules alone.
            Path directory = Files.createTempDirectory("countersign-routing-");
            staged = Files.createDirectories(directory.resolve("config")).resolve("routing.json");
            Files.write(staged, rules);
            // Deleted in reverse order of registration: the file, then its folders (CDK has copied them by then).
            directory.toFile().deleteOnExit();
            staged.getParent().toFile().deleteOnExit();
            staged.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the routing rules " + file + " for the layer", e);
        }
        return LayerVersion.Builder.create(scope, id)
                .description("Countersign routing rules: " + file.getFileName() + " (sha256 " + sha256(rules)
                        .substring(0, 16) + ") at " + MOUNTED_PATH)
                .code(Code.fromAsset(staged.getParent().getParent().toString()))
                .compatibleRuntimes(List.of(JavaFunction.RUNTIME))
                .compatibleArchitectures(List.of(Architecture.ARM_64))
                .build();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
