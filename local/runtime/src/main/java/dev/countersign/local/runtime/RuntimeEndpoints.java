package dev.countersign.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a running {@code countersign up} listens, kept in its data directory ({@value #FILE}) so that tools given
 * only {@code --data} ({@code countersign audit}) find a runtime started on other ports. Written at start, removed at
 * a clean stop; a file left by a killed runtime names ports nothing listens on, which the reader says.
 *
 * @param web           the review pages, mailbox and local SES API
 * @param stepFunctions the Step Functions API
 * @param dynamoDb      dynalite
 */
public record RuntimeEndpoints(URI web, URI stepFunctions, URI dynamoDb) {
    public static final String FILE = "endpoints.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes the file into {@code data}. */
    public void writeTo(Path data) {
        ObjectNode json = JSON.createObjectNode().put("web", web.toString())
                .put("stepFunctions", stepFunctions.toString()).put("dynamodb", dynamoDb.toString());
        try {
            Files.writeString(data.resolve(FILE), json.toPrettyString() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + data.resolve(FILE), e);
        }
    }

    /** The endpoints a runtime using {@code data} wrote, or empty when there is no readable file. */
    public static Optional<RuntimeEndpoints> readFrom(Path data) {
        Path file = data.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = JSON.readTree(file.toFile());
            return Optional.of(new RuntimeEndpoints(URI.create(json.path("web").asText()),
                    URI.create(json.path("stepFunctions").asText()), URI.create(json.path("dynamodb").asText())));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Removes the file (a clean stop); a failure is ignored: a stale file only names idle ports. */
    public static void removeFrom(Path data) {
        try {
            Files.deleteIfExists(data.resolve(FILE));
        } catch (IOException e) {
            // best effort
        }
    }
}
