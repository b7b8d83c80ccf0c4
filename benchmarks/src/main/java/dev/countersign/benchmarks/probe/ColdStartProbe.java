package dev.countersign.benchmarks.probe;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the cold-start benchmark runs in each fresh JVM, beside the shaded Lambda jar: the handler's public no-arg
 * constructor (its init, from the environment, as Lambda calls it), one {@code handleRequest} with the event file as
 * input and the output file as output, the file closed, then {@link #MARKER} on stdout. With {@code hello}, only the
 * marker (the bare-JVM baseline). Uses nothing but the JDK, so every other class comes from the jar.
 *
 * <p>usage: {@code ColdStartProbe hello} or {@code ColdStartProbe <handler class> <event file> <output file>}
 */
public final class ColdStartProbe {
    /** The line every measured program prints once its answer is complete; the harness stops its clock on it. */
    public static final String MARKER = "countersign-cold-start: response written";
    /** Printed after the marker (so that measuring it costs the measured span nothing): the process's CPU time. */
    public static final String CPU_PREFIX = "countersign-cold-start: cpu-nanos ";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("hello")) {
            System.out.println(MARKER);
            System.out.flush();
            reportCpu();
            return;
        }
        Class<?> type = Class.forName(args[0]);
        Object handler = type.getDeclaredConstructor().newInstance();
        Class<?> context = Class.forName("com.amazonaws.services.lambda.runtime.Context");
        Method handle = type.getMethod("handleRequest", InputStream.class, OutputStream.class, context);
        try (InputStream in = Files.newInputStream(Path.of(args[1]));
             OutputStream out = Files.newOutputStream(Path.of(args[2]))) {
            handle.invoke(handler, in, out, null);
        }
        System.out.println(MARKER);
        System.out.flush();
        reportCpu();
    }

    /** The CPU time (user + system, every thread) this process used so far, after the marker. */
    public static void reportCpu() {
        long nanos = ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
        System.out.println(CPU_PREFIX + nanos);
        System.out.flush();
    }
}
