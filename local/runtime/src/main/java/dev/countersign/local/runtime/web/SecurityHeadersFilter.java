package dev.countersign.local.runtime.web;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.countersign.views.SecurityHeaders;
import java.io.IOException;
import java.util.Map;

/**
 * Gives every response of the web port the review pages' security headers ({@link SecurityHeaders}): redirects,
 * 404s, 413s and the front's own errors too, not only the pages the function renders. A handler that sets one of
 * them itself (the mailbox's own policy, the function's response) keeps its value: the defaults go in first.
 */
public final class SecurityHeadersFilter extends Filter {

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        for (Map.Entry<String, String> header : SecurityHeaders.ALL.entrySet()) {
            headers.set(header.getKey(), header.getValue());
        }
        chain.doFilter(exchange);
    }

    @Override
    public String description() {
        return "adds the security headers to every response";
    }
}
