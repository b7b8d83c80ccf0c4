package dev.countersign.benchmarks;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** {@code ./countersign bench engine [--executions N] [--warmup N] [--samples N] [--http-samples N] [--paused N]}. */
public final class BenchmarkMain {
    private static final String USAGE = String.join("\n",
            "usage: countersign bench engine [--executions N] [--warmup N] [--samples N] [--http-samples N]"
                    + " [--paused N] [--keep-data]",
            "  --executions N    timed executions of the 10-state machine per fsync policy (default 2000)",
            "  --warmup N        untimed executions before each measurement (default 300)",
            "  --samples N       callbacks timed through the in-process API (default 1000)",
            "  --http-samples N  callbacks timed through the HTTP API (default 500)",
            "  --paused N        executions held paused for the memory and restart figures (default 10000)",
            "  --keep-data       keep the journals in the temporary folder (printed) instead of deleting them");

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("engine")) {
            System.err.println("countersign bench: name a benchmark: engine\n" + USAGE);
            System.exit(2);
        }
        EngineBenchmarkParameters parameters = EngineBenchmarkParameters.standard();
        boolean keep = false;
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                System.out.println(USAGE);
                return;
            }
            if (option.equals("--keep-data")) {
                keep = true;
                continue;
            }
            if (i + 1 >= args.length) {
                fail(option + " needs a number");
            }
            int value = number(option, args[++i]);
            parameters = switch (option) {
                case "--executions" -> parameters.withThroughputExecutions(value);
                case "--warmup" -> parameters.withWarmupExecutions(value);
                case "--samples" -> parameters.withLatencySamples(value);
                case "--http-samples" -> parameters.withHttpLatencySamples(value);
                case "--paused" -> parameters.withPausedExecutions(value);
                default -> {
                    fail("unknown option '" + option + "'");
                    yield parameters;
                }
            };
        }
        Path work = Files.createTempDirectory("countersign-bench-");
        try {
            new EngineBenchmark(parameters, System.out, work).run();
        } catch (Exception e) {
            System.err.println("countersign bench engine: the benchmark failed: " + e);
            e.printStackTrace();
            System.exit(1);
        } finally {
            if (keep) {
                System.out.println("journals kept in " + work);
            } else {
                deleteTree(work);
            }
        }
        System.exit(0); // the SDK's and the engine's pools must not keep the JVM alive
    }

    private static int number(String option, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail(option + " '" + value + "' is not a whole number");
        return 0;
    }

    private static void fail(String message) {
        System.err.println("countersign bench engine: " + message + "\n" + USAGE);
        System.exit(2);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
