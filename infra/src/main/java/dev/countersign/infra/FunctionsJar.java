package dev.countersign.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import software.amazon.awscdk.services.lambda.Code;

/**
 * Where the shaded Lambda jars are: Countersign's functions ({@code functions/target/countersign-functions-<version>
 * -lambda.jar}), from which every Countersign function is deployed, and the example workflow's steps
 * ({@code examples/target/countersign-examples-<version>-lambda.jar}).
 */
public final class FunctionsJar {
    /** A system property that names the jar explicitly. */
    public static final String PROPERTY = "countersign.functionsJar";
    /** A system property that names the examples' jar explicitly. */
    public static final String EXAMPLES_PROPERTY = "countersign.examplesJar";
    /** The repository root (Surefire sets it; {@code cdk synth} runs in the root). */
    public static final String ROOT_PROPERTY = "countersign.root";

    private FunctionsJar() {
    }

    /** The jar as a CDK asset. */
    public static Code code() {
        return Code.fromAsset(locate().toString());
    }

    /**
     * The jar's path: {@value #PROPERTY} if set, else under {@value #ROOT_PROPERTY} (or the working directory, or its
     * parent when that is {@code infra/}).
     *
     * @throws IllegalStateException saying how to build it when it is missing
     */
    public static Path locate() {
        return locate("functions", PROPERTY);
    }

    /** The examples' jar as a CDK asset. */
    public static Code examplesCode() {
        return Code.fromAsset(locateExamples().toString());
    }

    /** The examples' jar's path: {@value #EXAMPLES_PROPERTY} if set, else under the root. */
    public static Path locateExamples() {
        return locate("examples", EXAMPLES_PROPERTY);
    }

    /** The jar of module {@code module}: the system property {@code property} if set, else under the root. */
    private static Path locate(String module, String property) {
        String explicit = System.getProperty(property);
        Path jar;
        if (explicit != null && !explicit.isBlank()) {
            jar = Path.of(explicit).toAbsolutePath();
        } else {
            jar = root().resolve(module + "/target/countersign-" + module + "-" + version() + "-lambda.jar");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the " + module + "' Lambda jar " + jar + " does not exist: build it with"
                    + " mvn -B -pl " + module + " -am package -DskipTests (npx cdk synth does this for you), or point"
                    + " -D" + property + " at it");
        }
        return jar;
    }

    private static Path root() {
        String root = System.getProperty(ROOT_PROPERTY);
        if (root != null && !root.isBlank()) {
            return Path.of(root).toAbsolutePath();
        }
        Path cwd = Path.of("").toAbsolutePath();
        return Files.isDirectory(cwd.resolve("functions")) ? cwd : cwd.getParent();
    }

    /** The project version this infra module was built as (filtered into a resource at build time). */
    static String version() {
        try (InputStream in = FunctionsJar.class.getResourceAsStream("/countersign-infra.properties")) {
            if (in == null) {
                throw new IllegalStateException("countersign-infra.properties is missing from the classpath: build"
                        + " the infra module with Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
