package dev.countersign.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs each input as JSON to a URL (an API destination, locally): a 2xx answer is a delivery, anything else a failure.
 * Only http and https URLs on this machine's loopback addresses: the local runtime sends nothing off the machine.
 */
public final class HttpTarget implements EventTarget {
    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @throws IllegalArgumentException when the URL is not http(s) to 127.0.0.1, ::1 or localhost */
    public HttpTarget(URI url) {
        String host = url.getHost();
        if (url.getScheme() == null || !url.getScheme().matches("https?") || host == null
                || !(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1"))) {
            throw new IllegalArgumentException("'" + url + "' is not an http(s) URL on this machine: give one such as"
                    + " http://127.0.0.1:9000/decisions (the local runtime sends events nowhere else)");
        }
        this.url = url;
    }

    @Override
    public String description() {
        return "POST " + url;
    }

    @Override
    public void deliver(JsonNode input) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(input.toString())).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(url + " answered " + response.statusCode());
        }
    }
}
