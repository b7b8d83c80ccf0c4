package dev.countersign.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one Lambda handler invocation in this (fresh) JVM the way the Java runtime does: the public no-arg constructor,
 * then {@code handleRequest(input, output, context)}. The event comes on stdin; the handler's output goes to the file
 * {@code args[1]}, so that stdout holds only what the handler logged. Uses nothing but the JDK: the test copies this
 * class next to the shaded jar, so every other class comes from the jar.
 *
 * <p>When the handler throws, the output file gets what the Java runtime reports to Lambda instead, Lambda's error
 * document {@code {"errorMessage", "errorType", "stackTrace"}} (errorType: the exception's fully qualified class
 * name; errorMessage: its message, or the class name when it has none), also printed on stderr, and the exit status
 * is 1. A constructor that throws (a failed init) propagates as before.
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
        } catch (InvocationTargetException e) {
            String document = errorDocument(e.getCause());
            Files.writeString(Path.of(args[1]), document, StandardCharsets.UTF_8);
            System.err.println(document);
            System.exit(1);
        }
    }

    private static String errorDocument(Throwable thrown) {
        String message = thrown.getMessage() == null ? thrown.getClass().getName() : thrown.getMessage();
        StringBuilder json = new StringBuilder("{\"errorMessage\":").append(quote(message))
                .append(",\"errorType\":").append(quote(thrown.getClass().getName())).append(",\"stackTrace\":[");
        StackTraceElement[] frames = thrown.getStackTrace();
        for (int i = 0; i < frames.length; i++) {
            json.append(i == 0 ? "" : ",").append(quote(frames[i].toString()));
        }
        return json.append("]}").toString();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
