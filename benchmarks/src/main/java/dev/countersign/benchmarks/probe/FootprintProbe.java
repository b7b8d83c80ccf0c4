package dev.countersign.benchmarks.probe;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Lambda-style invocation in a fresh JVM whose classpath is the shaded Lambda jar plus this JDK-only class: the
 * handler's public no-arg constructor (its init, from the environment), then one {@code handleRequest}. Prints one
 * line {@code footprint initMs=… firstResponseMs=… cpuMs=… heapUsedMb=… heapCommittedMb=… peakRssMb=…} on stderr
 * (stdout is the handler's log).
 */
public final class FootprintProbe {
    private FootprintProbe() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> type = Class.forName(args[0]);
        Object handler = type.getDeclaredConstructor().newInstance();
        long init = ManagementFactory.getRuntimeMXBean().getUptime();
        Class<?> context = Class.forName("com.amazonaws.services.lambda.runtime.Context");
        Method handle = type.getMethod("handleRequest", InputStream.class, OutputStream.class, context);
        try (InputStream in = Files.newInputStream(Path.of(args[1]));
             OutputStream out = Files.newOutputStream(Path.of(args[2]))) {
            handle.invoke(handler, in, out, null);
        }
        long first = ManagementFactory.getRuntimeMXBean().getUptime();
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long peakKb = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                peakKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        System.err.printf("footprint initMs=%d firstResponseMs=%d cpuMs=%d heapUsedMb=%d heapCommittedMb=%d"
                + " peakRssMb=%d%n", init, first, cpu, heap.getUsed() >> 20, heap.getCommitted() >> 20, peakKb >> 10);
    }
}
