package dev.countersign.local.runtime.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's command line (up, propose, pending, audit, audit export): flags ({@code --json}), options with a
 * value ({@code --approver a@b}, {@code --approver=a@b}) and positional words, each checked against what the command
 * takes. {@code --help} or {@code -h} anywhere answers with the usage text.
 */
public final class Arguments {
    private final String command;
    private final Set<String> flags;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Arguments(String command, Set<String> flags) {
        this.command = command;
        this.flags = flags;
    }

    /**
     * @param command the command as typed after {@code ./countersign} (for messages), e.g. {@code audit export}
     * @param flags   the options without a value the command takes
     * @param options the options with a value the command takes
     * @throws CommandProblem for {@code --help} (exit 0) and for every mistake (exit 2), naming the option
     */
    public static Arguments parse(String command, String usage, String[] args, Set<String> flags,
                                  Set<String> options) {
        Arguments parsed = new Arguments(command, flags);
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw CommandProblem.help(usage);
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                parsed.positional.add(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw CommandProblem.usage(command, name + " takes no value");
                }
                parsed.values.put(name, "");
                continue;
            }
            if (!options.contains(name)) {
                throw CommandProblem.usage(command, "unknown option '" + name + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw CommandProblem.usage(command, name + " needs a value");
                }
                value = args[++i];
            }
            if (value.isBlank()) {
                throw CommandProblem.usage(command, name + " needs a value");
            }
            if (!seen.add(name)) {
                throw CommandProblem.usage(command, name + " is given twice: give it once");
            }
            parsed.values.put(name, value);
        }
        return parsed;
    }

    public boolean flag(String name) {
        if (!flags.contains(name)) {
            throw new IllegalArgumentException(name + " is not a flag of " + command);
        }
        return values.containsKey(name);
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public List<String> positional() {
        return List.copyOf(positional);
    }

    /** A mistake about the command line, for the command's own checks of values. */
    public CommandProblem problem(String message) {
        return CommandProblem.usage(command, message);
    }
}
