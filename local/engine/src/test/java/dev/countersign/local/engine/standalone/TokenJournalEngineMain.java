package dev.countersign.local.engine.standalone;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.countersign.local.engine.LambdaFunction;
import dev.countersign.local.engine.LambdaFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The standalone engine with one Lambda function, {@code gate}, that appends {@code executionArn TAB token} to a file
 * on every invocation (so a test in another JVM can count invocations and complete the tasks), for the kill -9 test.
 *
 * <pre>java -cp … TokenJournalEngineMain TOKEN_FILE [countersign engine options]</pre>
 */
public final class TokenJournalEngineMain {
    private TokenJournalEngineMain() {
    }

    public static void main(String[] args) throws IOException {
        FileChannel tokens = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        LambdaFunction gate = (payload, invocation) -> {
            byte[] line = (invocation.executionArn() + "\t" + payload.path("token").asText() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            synchronized (tokens) {
                try {
                    tokens.write(ByteBuffer.wrap(line)); // one write per line: a SIGKILL cannot tear it
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return JsonNodeFactory.instance.objectNode().put("notified", true);
        };
        StandaloneEngine.run(Arrays.copyOfRange(args, 1, args.length),
                name -> "gate".equals(LambdaFunctions.functionName(name)) ? Optional.of(gate) : Optional.empty());
    }

    /** What the file says so far: executionArn → the tokens its gate received, in invocation order. */
    static Map<String, List<String>> readTokens(Path file) {
        Map<String, List<String>> tokens = new LinkedHashMap<>();
        try {
            if (!Files.exists(file)) {
                return tokens;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.split("\t");
                tokens.computeIfAbsent(parts[0], arn -> new ArrayList<>()).add(parts[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }
}
