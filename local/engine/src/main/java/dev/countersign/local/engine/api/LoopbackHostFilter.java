package dev.countersign.local.engine.api;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Refuses, with 421 Misdirected Request, every request to a loopback-bound server that is not addressed to a loopback
 * name: {@code 127.0.0.1}, {@code localhost} or {@code [::1]}, with or without a port.
 *
 * <p>Binding to 127.0.0.1 keeps other machines out, but not other web sites: a page on {@code attacker.example} can
 * point its own name at 127.0.0.1 after the browser has loaded it (DNS rebinding) and then read this machine's local
 * servers as if they were its own origin — the mailbox with its approve links, the engine's execution histories with
 * their task tokens. Such a request still carries the attacker's name in {@code Host}, which is what this checks.
 * Programs on this machine (the AWS SDK, the CLI, curl, a browser opening the printed address) send a loopback name.
 * A request without {@code Host} (HTTP/1.0) is refused too.
 */
public final class LoopbackHostFilter extends Filter {

    private static final Pattern LOOPBACK_HOST = Pattern.compile("(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d{1,5})?",
            Pattern.CASE_INSENSITIVE);
    private static final byte[] REFUSAL = ("421 Misdirected Request\n\nThis Countersign server answers only requests"
            + " addressed to 127.0.0.1, localhost or [::1]. Open it at the address Countersign printed when it"
            + " started; a page elsewhere cannot read it through a name of its own.\n")
            .getBytes(StandardCharsets.UTF_8);

    /** True when {@code host} (a Host header's value, may be null) names this machine's loopback interface. */
    private static boolean isLoopback(String host) {
        return host != null && LOOPBACK_HOST.matcher(host.trim()).matches();
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (isLoopback(exchange.getRequestHeaders().getFirst("Host"))) {
            chain.doFilter(exchange);
            return;
        }
        try (exchange) {
            // Said without the Host it came with: nothing of the request is echoed back.
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
            exchange.sendResponseHeaders(421, head ? -1 : REFUSAL.length);
            if (!head) {
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(REFUSAL);
                }
            }
        }
    }

    @Override
    public String description() {
        return "refuses requests not addressed to a loopback name (DNS rebinding)";
    }
}
