package dev.countersign.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends each input as one JSON line to a file (a CloudWatch log group, locally; or a file a test reads). */
public final class FileTarget implements EventTarget {
    private final Path file;

    public FileTarget(Path file) {
        this.file = file;
    }

    @Override
    public String description() {
        return "file " + file;
    }

    @Override
    public synchronized void deliver(JsonNode input) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, input.toString() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
}
