package dev.countersign.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.countersign.contract.internal.SchemaMessages;
import dev.countersign.core.json.Json;
import dev.countersign.core.json.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One versioned JSON Schema of the contract, loaded from the classpath ({@code /schemas/*.schema.json}) once per
 * process, on first use. Validation reports every violation with a message rewritten for people.
 */
public final class ContractSchema {
    private final String resource;
    private final JsonNode document;
    private final Schema schema;
    private final SchemaMessages messages;

    private ContractSchema(String resource) {
        this.resource = resource;
        this.document = load(resource);
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        this.schema = registry.getSchema(document);
        this.schema.initializeValidators(); // resolve every $ref now, not during the first request
        this.messages = new SchemaMessages(document);
    }

    private static final class ProposalHolder {
        static final ContractSchema INSTANCE = new ContractSchema("/schemas/proposal-1.schema.json");
    }

    private static final class DecisionHolder {
        static final ContractSchema INSTANCE = new ContractSchema("/schemas/decision-1.schema.json");
    }

    /** {@code proposal-1.schema.json}. Prefer {@link ProposalValidator}, which also checks what a schema cannot. */
    public static ContractSchema proposal() {
        return ProposalHolder.INSTANCE;
    }

    /** {@code decision-1.schema.json}. */
    public static ContractSchema decision() {
        return DecisionHolder.INSTANCE;
    }

    /** The classpath resource the schema came from. */
    public String resource() {
        return resource;
    }

    /** The {@code $id}, which carries the version. */
    public String id() {
        return document.path("$id").asText();
    }

    /** A copy of the schema document. */
    public JsonNode document() {
        return Json.copy(document);
    }

    JsonNode documentView() {
        return document;
    }

    /**
     * Every violation of this schema, ordered by path. {@code json} must not nest deeper than the
     * schema looks plus a little (the validator compares array items with {@code equals}, which recurses):
     * {@link ProposalValidator} prunes deep subtrees first; decisions are small.
     */
    public List<Violation> validate(JsonNode json) {
        List<Error> errors = schema.validate(json);
        List<Violation> violations = new ArrayList<>(errors.size());
        for (Error error : errors) {
            violations.add(messages.rewrite(error));
        }
        return byPath(violations);
    }

    /** Sorted by path (stable: several violations at one path keep their order), duplicates removed. */
    static List<Violation> byPath(List<Violation> violations) {
        List<Violation> unique = new ArrayList<>(new LinkedHashSet<>(violations));
        unique.sort(Comparator.comparing((Violation v) -> NodePath.parse(v.path())));
        return List.copyOf(unique);
    }

    private static JsonNode load(String resource) {
        try (InputStream in = ContractSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is not on the classpath; the build packages"
                        + " functions/src/main/resources/schemas");
            }
            return Json.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
