package dev.countersign.local.dynalite;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the {@code node} executable on the PATH (or {@code COUNTERSIGN_NODE}). */
final class NodeExecutable {
    private NodeExecutable() {
    }

    static String find() {
        String configured = System.getenv("COUNTERSIGN_NODE");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "node");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new DynaliteUnavailableException("Node.js is not installed (no `node` on the PATH): install Node.js 20"
                + " or newer (for example: apt-get install nodejs npm), then run `npm ci` in the repository root");
    }
}
