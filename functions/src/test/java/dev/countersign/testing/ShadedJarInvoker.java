package dev.countersign.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one Lambda handler invocation in this (fresh) JVM the way the Java runtime does: the public no-arg constructor,
 * then {@code handleRequest(input, output, context)}. The event comes on stdin; the handler's output goes to the file
 * {@code args[1]}, so that stdout holds only what the handler logged. Uses nothing but the JDK: the test copies this
 * class next to the shaded jar, so every other class comes from the jar.
 */
public final class ShadedJarInvoker {
    private ShadedJarInvoker() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> type = Class.forName(args[0]);
        Object handler = type.getDeclaredConstructor().newInstance();
        Class<?> context = Class.forName("com.amazonaws.services.lambda.runtime.Context");
        Method handle = type.getMethod("handleRequest", InputStream.class, OutputStream.class, context);
        try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
            handle.invoke(handler, System.in, out, null);
        }
    }
}
