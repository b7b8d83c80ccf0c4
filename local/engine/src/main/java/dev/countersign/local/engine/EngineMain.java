package dev.countersign.local.engine;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs an engine in its own JVM on a data directory until stdin closes or the process is killed: for tests that kill
 * the engine's process (kill -9) and start it again. It prints {@code engine-ready} once recovery is done.
 *
 * <pre>java -cp … dev.countersign.local.engine.EngineMain --data DIR [--fsync always|never]</pre>
 *
 * The HTTP API is not started here (see the local runtime's {@code countersign engine} command).
 */
public final class EngineMain {
    private EngineMain() {
    }

    public static void main(String[] args) throws IOException {
        Path data = null;
        FsyncPolicy fsync = FsyncPolicy.ALWAYS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--fsync" -> fsync = FsyncPolicy.valueOf(args[++i].toUpperCase());
                default -> {
                    System.err.println("usage: EngineMain --data DIR [--fsync always|never]");
                    System.exit(2);
                }
            }
        }
        if (data == null) {
            System.err.println("usage: EngineMain --data DIR [--fsync always|never]");
            System.exit(2);
        }
        try (Engine engine = Engine.open(EngineOptions.builder(data).fsyncPolicy(fsync).build())) {
            System.out.println("engine-ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until stdin closes
            }
        }
    }
}
