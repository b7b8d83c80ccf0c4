package dev.countersign.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a fresh JVM's classes came from, read from its {@code -Xlog:class+load:file=<log>:uptime} log: how many were
 * loaded, how many were mapped from the class data sharing archive, how many are the AWS SDK's, Countersign's,
 * Jackson's, the page templates', the JCA's (providers, digests, MACs: {@code java.security}, {@code javax.crypto},
 * {@code sun.security}, {@code com.sun.crypto}), and how many the JVM generated (lambdas, method handles, string
 * concatenation), and when the last one was loaded. Class loading is most of a Java cold start; these counts say
 * which part.
 *
 * @param lastLoadMillis the uptime of the last class load, in milliseconds
 */
public record ClassLoadProfile(int classes, int fromArchive, int awsSdk, int countersign, int jackson, int templates,
                               int jca, int generated, double lastLoadMillis) {

    /** The JVM option that writes the log this reads. */
    static String option(Path log) {
        return "-Xlog:class+load=info:file=" + log + ":uptime";
    }

    // [0.123s] java.lang.Object source: shared objects file
    private static final Pattern LINE = Pattern.compile("^\\[([0-9.]+)s\\] (\\S+) source: (.*)$");

    static ClassLoadProfile read(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        int classes = 0;
        int archive = 0;
        int sdk = 0;
        int ours = 0;
        int jackson = 0;
        int templates = 0;
        int jca = 0;
        int generated = 0;
        double last = 0;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            classes++;
            last = Math.max(last, Double.parseDouble(m.group(1)) * 1000);
            String name = m.group(2);
            String source = m.group(3);
            if (source.startsWith("shared objects file")) {
                archive++;
            }
            if (name.startsWith("software.amazon.awssdk.")) {
                sdk++;
            } else if (name.startsWith("dev.countersign.")) {
                ours++;
            } else if (name.startsWith("com.fasterxml.jackson.")) {
                jackson++;
            } else if (name.startsWith("gg.jte.")) {
                templates++;
            } else if (name.startsWith("java.security.") || name.startsWith("javax.crypto.")
                    || name.startsWith("sun.security.") || name.startsWith("com.sun.crypto.")) {
                jca++;
            }
            if (name.contains("$$Lambda") || name.contains("LambdaForm$") || name.startsWith("java.lang.invoke"
                    + ".BoundMethodHandle$Species_") || source.startsWith("__JVM_LookupDefineClass__")
                    || source.startsWith("__Lookup_defineClass__")) {
                generated++;
            }
        }
        return new ClassLoadProfile(classes, archive, sdk, ours, jackson, templates, jca, generated, last);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%,5d classes (%,5d from the CDS archive): AWS SDK %,5d, Countersign %,4d,"
                + " Jackson %,4d, templates %,3d, JCA %,3d, generated %,4d; last loaded at %4.0f ms", classes,
                fromArchive, awsSdk, countersign, jackson, templates, jca, generated, lastLoadMillis);
    }
}
