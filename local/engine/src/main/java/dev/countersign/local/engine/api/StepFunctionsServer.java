package dev.countersign.local.engine.api;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import dev.countersign.local.engine.Engine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Step Functions API on its own port: a JDK HTTP server with {@link StepFunctionsApi} at {@code /}.
 *
 * <p>Binding and serving are two steps so that a launcher can fail fast on a port in use before it opens (and
 * recovers) the engine: {@link #bind(InetSocketAddress)}, then {@link #serve(Engine)}. Connections that arrive in
 * between wait in the accept queue. {@link #start(Engine, InetSocketAddress)} does both.
 */
public final class StepFunctionsServer implements AutoCloseable {
    /** The JDK HTTP server's switch for TCP_NODELAY on accepted connections. */
    public static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server writes a response's headers and body in two writes: without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK hold every body back about 40 ms. Read once, when the JDK server first loads.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    /** Threads serving requests; an engine call blocks only until its change is journalled. */
    private static final int HANDLER_THREADS = 8;

    private final HttpServer server;
    private final ExecutorService handlers;
    private boolean serving;

    private StepFunctionsServer(HttpServer server) {
        this.server = server;
        this.handlers = Executors.newFixedThreadPool(HANDLER_THREADS, new HandlerThreads());
    }

    /**
     * Binds the port without serving yet.
     *
     * @throws java.net.BindException when the port is in use
     */
    public static StepFunctionsServer bind(InetSocketAddress address) throws IOException {
        return new StepFunctionsServer(HttpServer.create(address, 128));
    }

    /** Binds {@code address} and serves {@code engine} on it. */
    public static StepFunctionsServer start(Engine engine, InetSocketAddress address) throws IOException {
        StepFunctionsServer server = bind(address);
        server.serve(engine);
        return server;
    }

    /** Serves on the loopback interface; port 0 picks a free port (see {@link #port()}). */
    public static StepFunctionsServer startOnLoopback(Engine engine, int port) throws IOException {
        return start(engine, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** Starts answering requests with {@code engine}. Call once. */
    public synchronized void serve(Engine engine) {
        if (serving) {
            throw new IllegalStateException("already serving");
        }
        HttpContext api = server.createContext("/", new StepFunctionsApi(engine));
        if (server.getAddress().getAddress().isLoopbackAddress()) {
            // Bound to this machine only: keep web pages that rebind their name to 127.0.0.1 out too.
            api.getFilters().add(new LoopbackHostFilter());
        }
        server.setExecutor(handlers);
        server.start();
        serving = true;
    }

    /** The port actually bound (useful after binding port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://<host>:<port>}, to pass as an SDK endpoint override or the CLI's {@code --endpoint-url}. */
    public URI endpoint() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + address.getPort());
    }

    /**
     * Stops accepting connections and waits (up to 5 s) for requests in progress to finish their engine calls. Does
     * not close the engine: whoever opened it closes it, after this.
     */
    @Override
    public synchronized void close() {
        server.stop(0);
        handlers.shutdown();
        try {
            if (!handlers.awaitTermination(5, TimeUnit.SECONDS)) {
                handlers.shutdownNow();
            }
        } catch (InterruptedException e) {
            handlers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static final class HandlerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "stepfunctions-api-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
