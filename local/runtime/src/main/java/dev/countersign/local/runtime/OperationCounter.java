package dev.countersign.local.runtime;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts requests per Step Functions operation ({@code X-Amz-Target}), never reading bodies. */
final class OperationCounter extends Filter {
    private final Map<String, AtomicInteger> counts;

    OperationCounter(Map<String, AtomicInteger> counts) {
        this.counts = counts;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            String operation = target.substring(target.indexOf('.') + 1);
            counts.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        }
        chain.doFilter(exchange);
    }

    @Override
    public String description() {
        return "counts Step Functions operations";
    }
}
