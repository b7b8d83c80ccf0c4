package dev.countersign.local.dynalite;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: the {@code countersign.root} system property, else the nearest folder with package.json. */
public final class ProjectRoot {
    private ProjectRoot() {
    }

    public static Path locate() {
        String configured = System.getProperty("countersign.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("package.json")) && Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.isDirectory(dir.resolve("functions"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new DynaliteUnavailableException("cannot find the Countersign repository root from "
                + Path.of("").toAbsolutePath() + ": run from inside the repository or set -Dcountersign.root=<dir>");
    }
}
