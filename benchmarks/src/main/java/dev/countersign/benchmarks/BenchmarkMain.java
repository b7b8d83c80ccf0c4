package dev.countersign.benchmarks;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * {@code ./countersign bench engine [--executions N] [--warmup N] [--samples N] [--http-samples N] [--paused N]} and
 * {@code ./countersign bench cold-start [--runs N] [--warmup N]}.
 */
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
    private static final String COLD_START_USAGE = String.join("\n",
            "usage: countersign bench cold-start [--runs N] [--warmup N] [--one-core] [--class-loads] [--keep-data]"
                    + " [--lambda-jar PATH] [--naive-sdk-default-jar PATH] [--naive-url-connection-jar PATH]",
            "  --runs N          timed fresh JVMs per program (default 15)",
            "  --warmup N        untimed rounds first (default 2)",
            "  --one-core        pin every measured JVM to one core with taskset (Lambda's one vCPU at 1,769 MB)",
            "  --class-loads     then one more run of each program with -Xlog:class+load: where its classes came from",
            "  --keep-data       keep the work folder (events, responses, class-loading logs) and print where it is",
            "  --lambda-jar PATH the shaded Lambda jar (default functions/target/*-lambda.jar)",
            "  --naive-sdk-default-jar PATH, --naive-url-connection-jar PATH",
            "                    the naive baseline jars (default benchmarks/target/*-naive-*.jar)");

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("cold-start")) {
            coldStart(args);
            return;
        }
        if (args.length == 0 || !args[0].equals("engine")) {
            System.err.println("countersign bench: name a benchmark: engine or cold-start\n" + USAGE + "\n"
                    + COLD_START_USAGE);
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

    private static void coldStart(String[] args) throws Exception {
        Path root = dev.countersign.local.dynalite.ProjectRoot.locate();
        boolean keep = false;
        ColdStartParameters parameters = new ColdStartParameters(15, 2,
                onlyFile(root.resolve("functions/target"), "-lambda.jar"),
                onlyFile(root.resolve("benchmarks/target"), "-naive-sdk-default.jar"),
                onlyFile(root.resolve("benchmarks/target"), "-naive-url-connection.jar"), false, false);
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                System.out.println(COLD_START_USAGE);
                return;
            }
            if (option.equals("--one-core")) {
                parameters = parameters.withOneCore(true);
                continue;
            }
            if (option.equals("--class-loads")) {
                parameters = parameters.withClassLoads(true);
                continue;
            }
            if (option.equals("--keep-data")) {
                keep = true;
                continue;
            }
            if (i + 1 >= args.length) {
                fail("cold-start", option + " needs a value", COLD_START_USAGE);
            }
            String value = args[++i];
            if ((option.equals("--runs") && number("cold-start", option, value, COLD_START_USAGE) < 1)) {
                fail("cold-start", "--runs must be at least 1", COLD_START_USAGE);
            }
            parameters = switch (option) {
                case "--runs" -> parameters.withRuns(number("cold-start", option, value, COLD_START_USAGE));
                case "--warmup" -> parameters.withWarmupRounds(number("cold-start", option, value, COLD_START_USAGE));
                case "--lambda-jar" -> parameters.withLambdaJar(Path.of(value));
                case "--naive-sdk-default-jar" -> parameters.withNaiveSdkDefaultJar(Path.of(value));
                case "--naive-url-connection-jar" -> parameters.withNaiveUrlJar(Path.of(value));
                default -> {
                    fail("cold-start", "unknown option '" + option + "'", COLD_START_USAGE);
                    yield parameters;
                }
            };
        }
        String command = "./countersign bench " + String.join(" ", args);
        Path work = Files.createTempDirectory("countersign-cold-start-");
        try {
            new ColdStartBenchmark(parameters, System.out, work, command).run();
        } catch (Exception e) {
            System.err.println("countersign bench cold-start: the benchmark failed: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        } finally {
            if (keep) {
                System.out.println("kept: " + work);
            } else {
                deleteTree(work);
            }
        }
        System.exit(0); // dynalite's supervisor and the SDK's pools must not keep the JVM alive
    }

    /** The one file in {@code dir} whose name ends with {@code suffix}, or that path spelled as a pattern if none. */
    static Path onlyFile(Path dir, String suffix) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
                if (!found.isEmpty()) {
                    return found.get(found.size() - 1);
                }
            }
        }
        return dir.resolve("*" + suffix);
    }

    private static int number(String benchmark, String option, String value, String usage) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail(benchmark, option + " '" + value + "' is not a whole number", usage);
        return 0;
    }

    private static void fail(String benchmark, String message, String usage) {
        System.err.println("countersign bench " + benchmark + ": " + message + "\n" + usage);
        System.exit(2);
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
