package dev.countersign.testing;

import dev.countersign.approval.ParamBounds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Modifiable parameters and rules files for tests that change parameters. */
public final class TestRules {
    /** {@code amount}: a number from 0 up to the proposed value, as the example refund rule has it. */
    public static final ParamBounds.Number AMOUNT = new ParamBounds.Number("amount",
            new ParamBounds.Limit(BigDecimal.ZERO), ParamBounds.Limit.PROPOSED_VALUE, null);

    private TestRules() {
    }

    /**
     * A rules file whose one rule, {@code rule}, matches every proposal with {@code quorum} and lets
     * {@code modifiable} be changed: what the decision function routes a changed proposal with when a test's route
     * names {@code rule}.
     */
    public static Path matchingEverything(Path directory, String rule, int quorum, List<ParamBounds> modifiable) {
        List<String> approvers = new ArrayList<>();
        for (int i = 1; i <= quorum; i++) {
            approvers.add("\"approver-" + i + "@rules.example\"");
        }
        List<String> entries = modifiable.stream().map(m -> m.toJson().toString()).toList();
        String text = """
                {"version": 1, "rules": [{"name": "%s", "when": "true", "approvers": [%s], "quorum": %d,
                  "modifiable": [%s]}]}
                """.formatted(rule, String.join(", ", approvers), quorum, String.join(", ", entries));
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve("routing-" + rule + ".json");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
