package dev.countersign.local.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A command's help text, kept as a resource file so that the {@code countersign} launcher prints the same text with
 * {@code cat} for {@code --help}, without building anything first.
 */
public final class Usage {
    private Usage() {
    }

    /** The text of {@code dev/countersign/local/runtime/<name>}, without its final line break. */
    public static String text(String name) {
        try (InputStream in = Usage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("help text " + name + " is not on the classpath; the build packages"
                        + " local/runtime/src/main/resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
