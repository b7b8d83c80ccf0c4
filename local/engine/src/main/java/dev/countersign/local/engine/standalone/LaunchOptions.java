package dev.countersign.local.engine.standalone;

import dev.countersign.local.engine.FsyncPolicy;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@code countersign engine} was asked to do.
 *
 * @param host          the interface to listen on; default the loopback interface (nothing outside this machine can
 *                      reach the engine unless asked)
 * @param port          default 8083; 0 picks a free port (the printed endpoint says which)
 * @param dataDirectory the engine's journal; default {@code .countersign/engine}
 * @param definitions   a folder of {@code *.asl.json} files to register at start, or null
 * @param substitutions {@code ${Name}} → value, from {@code --set Name=value}
 * @param fsyncPolicy   default {@link FsyncPolicy#ALWAYS}
 * @param region        used in ARNs; default {@code us-east-1}
 * @param accountId     used in ARNs; default {@code 123456789012}
 */
public record LaunchOptions(String host, int port, Path dataDirectory, Path definitions,
                            Map<String, String> substitutions, FsyncPolicy fsyncPolicy, String region,
                            String accountId) {
    public static final int DEFAULT_PORT = 8083;
    private static final java.util.Set<String> OPTIONS = java.util.Set.of("--port", "--host", "--data",
            "--definitions", "--set", "--fsync", "--region", "--account-id");
    private static final Pattern SUBSTITUTION_NAME = Pattern.compile("[A-Za-z0-9_.:-]+");

    public LaunchOptions {
        substitutions = Collections.unmodifiableMap(new LinkedHashMap<>(substitutions));
    }

    public static final String USAGE = String.join("\n",
            "usage: countersign engine [--port N] [--data DIR] [--definitions DIR] [--set Name=value]...",
            "",
            "Runs the local Step Functions engine and its Step Functions-compatible API.",
            "",
            "  --port N           port to listen on (default 8083; 0 picks a free one)",
            "  --host ADDRESS     interface to listen on (default 127.0.0.1: this machine only)",
            "  --data DIR         the engine's data directory (default .countersign/engine)",
            "  --definitions DIR  register every *.asl.json in DIR at start (name = file name without .asl.json)",
            "  --set Name=value   fill ${Name} in those definitions (repeatable)",
            "  --fsync always|never  force the journal to disk before acknowledging (default always)",
            "  --region R         region in ARNs (default us-east-1)",
            "  --account-id N     account in ARNs (default 123456789012)");

    /** Parses command-line arguments. */
    public static LaunchOptions parse(String... args) {
        String host = "127.0.0.1";
        int port = DEFAULT_PORT;
        Path data = Path.of(".countersign", "engine");
        Path definitions = null;
        Map<String, String> substitutions = new LinkedHashMap<>();
        FsyncPolicy fsync = FsyncPolicy.ALWAYS;
        String region = "us-east-1";
        String account = "123456789012";
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                throw new LaunchException(USAGE, 0);
            }
            String value;
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            } else if (OPTIONS.contains(option)) {
                if (i + 1 >= args.length) {
                    throw LaunchException.usage(option + " needs a value");
                }
                value = args[++i];
            } else {
                throw LaunchException.usage("unknown option '" + option + "'");
            }
            switch (option) {
                case "--port" -> port = port(value);
                case "--host" -> host = nonBlank(option, value);
                case "--data" -> data = Path.of(nonBlank(option, value));
                case "--definitions" -> definitions = Path.of(nonBlank(option, value));
                case "--set" -> {
                    int split = value.indexOf('=');
                    String name = split < 0 ? value : value.substring(0, split);
                    if (split < 1 || !SUBSTITUTION_NAME.matcher(name).matches()) {
                        throw LaunchException.usage("--set '" + value + "' is not Name=value (for example"
                                + " --set RequestFunctionArn=request)");
                    }
                    substitutions.put(name, value.substring(split + 1));
                }
                case "--fsync" -> fsync = fsync(value);
                case "--region" -> region = nonBlank(option, value);
                case "--account-id" -> account = nonBlank(option, value);
                default -> throw LaunchException.usage("unknown option '" + option + "'");
            }
        }
        return new LaunchOptions(host, port, data, definitions, substitutions, fsync, region, account);
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw LaunchException.usage("--port '" + value + "' is not a port number (0-65535)");
    }

    private static FsyncPolicy fsync(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "always" -> FsyncPolicy.ALWAYS;
            case "never" -> FsyncPolicy.NEVER;
            default -> throw LaunchException.usage("--fsync '" + value + "' must be always or never");
        };
    }

    private static String nonBlank(String option, String value) {
        if (value.isBlank()) {
            throw LaunchException.usage(option + " needs a non-empty value");
        }
        return value;
    }
}
