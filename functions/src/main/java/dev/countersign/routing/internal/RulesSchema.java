package dev.countersign.routing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.countersign.contract.Violation;
import dev.countersign.contract.internal.SchemaMessages;
import dev.countersign.contract.internal.Texts;
import dev.countersign.core.json.Json;
import dev.countersign.core.json.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code routing-1.schema.json}, loaded from the classpath once per process. Its violations use the contract's
 * wording ({@link SchemaMessages}: did-you-mean for unknown fields, named patterns), with number ranges and constants
 * reworded to say the allowed range and the property's {@code x-countersign-hint}.
 */
public final class RulesSchema {
    public static final String RESOURCE = "/schemas/routing-1.schema.json";

    private final JsonNode document;
    private final Schema schema;
    private final SchemaMessages messages;

    private RulesSchema() {
        this.document = load();
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(document);
        this.schema.initializeValidators();
        this.messages = new SchemaMessages(document);
    }

    private static final class Holder {
        static final RulesSchema INSTANCE = new RulesSchema();
    }

    public static RulesSchema instance() {
        return Holder.INSTANCE;
    }

    /** The {@code $id}, which carries the version. */
    public String id() {
        return document.path("$id").asText();
    }

    /** Every violation of the schema, unordered. */
    public List<Violation> validate(JsonNode rules) {
        List<Violation> violations = new ArrayList<>();
        for (Error error : schema.validate(rules)) {
            violations.add(rewrite(error));
        }
        return violations;
    }

    private Violation rewrite(Error error) {
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        JsonNode value = error.getInstanceNode();
        String limit = error.getSchemaNode() == null ? "" : error.getSchemaNode().asText();
        String problem;
        switch (keyword) {
            case "minimum":
                problem = "is " + shown(value) + "; the least allowed is " + limit;
                break;
            case "maximum":
                problem = "is " + shown(value) + "; the most allowed is " + limit;
                break;
            case "exclusiveMinimum":
                problem = "is " + shown(value) + "; it must be more than " + limit;
                break;
            case "exclusiveMaximum":
                problem = "is " + shown(value) + "; it must be less than " + limit;
                break;
            case "const":
                problem = "must be " + limit + "; got " + Texts.describe(value);
                break;
            default:
                return messages.rewrite(error);
        }
        String hint = owner(error).path("x-countersign-hint").asText("");
        return new Violation(instancePath(error).toString(), problem + (hint.isEmpty() ? "" : " — " + hint));
    }

    private static String shown(JsonNode value) {
        return value != null && value.isNumber() ? value.asText() : Texts.describe(value);
    }

    /** The schema object holding the failed keyword (where {@code x-countersign-hint} sits). */
    private JsonNode owner(Error error) {
        com.networknt.schema.path.NodePath fragment = error.getSchemaLocation().getFragment();
        JsonNode node = document;
        for (int i = 0; i < fragment.getNameCount() - 1; i++) {
            String step = String.valueOf(fragment.getElement(i));
            node = node.isArray() ? node.path(Integer.parseInt(step)) : node.path(step);
        }
        return node;
    }

    private static NodePath instancePath(Error error) {
        com.networknt.schema.path.NodePath location = error.getInstanceLocation();
        NodePath path = NodePath.root();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path = element instanceof Integer index ? path.index(index) : path.key(String.valueOf(element));
        }
        return path;
    }

    private static JsonNode load() {
        try (InputStream in = RulesSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema " + RESOURCE + " is not on the classpath; the build packages"
                        + " functions/src/main/resources/schemas");
            }
            return Json.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + RESOURCE, e);
        }
    }
}
