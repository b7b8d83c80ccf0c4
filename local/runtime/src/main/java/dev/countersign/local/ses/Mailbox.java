package dev.countersign.local.ses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The messages the local SES endpoint accepted, newest last. With a directory, each message is also kept as a JSON
 * file so that a restarted {@code countersign up} still shows the links of approvals that are still pending.
 */
public final class Mailbox {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<CapturedEmail> messages = new CopyOnWriteArrayList<>();
    private final Path directory;

    private Mailbox(Path directory) {
        this.directory = directory;
    }

    public static Mailbox inMemory() {
        return new Mailbox(null);
    }

    /** A mailbox kept under {@code directory}; messages already there are loaded, oldest first. */
    public static Mailbox persistentIn(Path directory) {
        Mailbox mailbox = new Mailbox(directory);
        try {
            Files.createDirectories(directory);
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(f -> f.getFileName().toString().endsWith(".json"))
                        .map(Mailbox::read)
                        .sorted(Comparator.comparing(CapturedEmail::sentAt))
                        .forEach(mailbox.messages::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the mailbox at " + directory, e);
        }
        return mailbox;
    }

    void add(CapturedEmail email) {
        if (directory != null) {
            write(email);
        }
        messages.add(email);
    }

    /** Every message, oldest first. */
    public List<CapturedEmail> all() {
        return List.copyOf(messages);
    }

    public Optional<CapturedEmail> byId(String messageId) {
        return messages.stream().filter(m -> m.messageId().equals(messageId)).findFirst();
    }

    /** Messages to one address (To, Cc or Bcc), oldest first. */
    public List<CapturedEmail> to(String address) {
        return matching(m -> m.recipients().stream().anyMatch(r -> r.equalsIgnoreCase(address)));
    }

    public List<CapturedEmail> matching(Predicate<CapturedEmail> filter) {
        List<CapturedEmail> result = new ArrayList<>();
        for (CapturedEmail message : messages) {
            if (filter.test(message)) {
                result.add(message);
            }
        }
        return result;
    }

    public int size() {
        return messages.size();
    }

    private void write(CapturedEmail email) {
        ObjectNode node = JSON.createObjectNode();
        node.put("messageId", email.messageId());
        node.put("sentAt", email.sentAt().toString());
        node.put("from", email.from());
        addresses(node.putArray("to"), email.to());
        addresses(node.putArray("cc"), email.cc());
        addresses(node.putArray("bcc"), email.bcc());
        node.put("subject", email.subject());
        node.put("html", email.html());
        node.put("text", email.text());
        Path target = directory.resolve(email.messageId() + ".json");
        try {
            Path temp = Files.createTempFile(directory, ".incoming-", ".tmp");
            JSON.writeValue(temp.toFile(), node);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep message " + email.messageId() + " in " + directory, e);
        }
    }

    private static void addresses(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static CapturedEmail read(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return new CapturedEmail(node.path("messageId").asText(), Instant.parse(node.path("sentAt").asText()),
                    node.path("from").asText(), strings(node.path("to")), strings(node.path("cc")),
                    strings(node.path("bcc")), node.path("subject").asText(), textOrNull(node.path("html")),
                    textOrNull(node.path("text")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the mailbox file " + file + " is damaged (" + e.getMessage()
                    + "): delete it or the whole mailbox folder", e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String textOrNull(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
