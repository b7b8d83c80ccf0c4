package dev.countersign.local.engine.expr.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.expr.JsonPaths;
import dev.countersign.local.engine.expr.JsonPaths.Root;
import dev.countersign.local.engine.expr.Scope;
import dev.countersign.local.engine.expr.internal.PathSyntax.FieldStep;
import dev.countersign.local.engine.expr.internal.PathSyntax.IndexStep;
import dev.countersign.local.engine.expr.internal.PathSyntax.Parsed;
import dev.countersign.local.engine.expr.internal.PathSyntax.PathSyntaxException;
import dev.countersign.local.engine.expr.internal.PathSyntax.Step;
import java.util.EnumSet;
import java.util.Optional;

/** The two compiled forms of a Path: plain steps walked directly, and Jayway for everything richer. */
public final class CompiledPaths {
    /** Jayway over Jackson trees, built once; no options, so a definite path that selects nothing throws. */
    static final Configuration JAYWAY = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(JsonText.MAPPER))
            .mappingProvider(new JacksonMappingProvider(JsonText.MAPPER))
            .options(EnumSet.noneOf(Option.class))
            .build();
    private static final JsonNode EMPTY_OBJECT = JsonText.NODES.objectNode();

    private CompiledPaths() {
    }

    /** Compiles a Path; a syntax error is a {@link PathSyntaxException} whose message names the problem. */
    public static JsonPaths.Path compile(String text) {
        Parsed parsed = PathSyntax.parse(text);
        if (parsed.simple()) {
            return new StepPath(text, parsed);
        }
        return new JaywayPath(text, parsed);
    }

    /** Compiles a Reference Path: plain steps only. */
    public static JsonPaths.ReferencePath compileReference(String text) {
        Parsed parsed = PathSyntax.parse(text);
        if (!parsed.simple()) {
            throw new PathSyntaxException("'" + text + "' is not a Reference Path: it must select a single node, so "
                    + "wildcards ('*'), filters ('[?(...)]'), slices ('[0:2]'), unions ('[0,1]'), deep scans ('..') "
                    + "and functions are not allowed");
        }
        return new StepPath(text, parsed);
    }

    private abstract static class RootedPath implements JsonPaths.Path {
        final String text;
        final Parsed parsed;

        RootedPath(String text, Parsed parsed) {
            this.text = text;
            this.parsed = parsed;
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public Root root() {
            return parsed.root();
        }

        @Override
        public String variable() {
            return parsed.variable();
        }

        @Override
        public Optional<JsonNode> read(Scope scope) {
            JsonNode rootDocument = switch (parsed.root()) {
                case INPUT -> scope.input();
                case CONTEXT -> scope.context();
                case VARIABLE -> scope.variables() == null ? null : scope.variables().get(parsed.variable());
            };
            if (rootDocument == null || rootDocument.isMissingNode()) {
                return Optional.empty();
            }
            return readFrom(rootDocument);
        }

        @Override
        public JsonNode require(Scope scope) {
            Optional<JsonNode> value = read(scope);
            if (value.isPresent()) {
                return value.get();
            }
            if (parsed.root() == Root.VARIABLE && (scope.variables() == null
                    || !scope.variables().containsKey(parsed.variable()))) {
                throw StatesError.RUNTIME.failure("Invalid path '" + text + "' : the variable '$" + parsed.variable()
                        + "' has not been assigned");
            }
            throw StatesError.RUNTIME.failure("Invalid path '" + text + "' : No results for path: " + normalized());
        }

        abstract String normalized();

        @Override
        public String toString() {
            return text;
        }
    }

    /** A path of plain field and index steps: walked directly, and writable as a Reference Path. */
    static final class StepPath extends RootedPath implements JsonPaths.ReferencePath {
        private final Step[] steps;

        StepPath(String text, Parsed parsed) {
            super(text, parsed);
            this.steps = parsed.steps().toArray(new Step[0]);
        }

        @Override
        public boolean definite() {
            return true;
        }

        @Override
        public Optional<JsonNode> readFrom(JsonNode document) {
            JsonNode current = document;
            for (Step step : steps) {
                if (step instanceof FieldStep field) {
                    if (!current.isObject()) {
                        return Optional.empty();
                    }
                    current = current.get(field.name());
                } else {
                    if (!current.isArray()) {
                        return Optional.empty();
                    }
                    int index = effectiveIndex(((IndexStep) step).index(), current.size());
                    if (index < 0) {
                        return Optional.empty();
                    }
                    current = current.get(index);
                }
                if (current == null) {
                    return Optional.empty();
                }
            }
            return Optional.of(current);
        }

        @Override
        String normalized() {
            StringBuilder out = new StringBuilder("$");
            for (Step step : steps) {
                out.append(step.normalized());
            }
            return out.toString();
        }

        @Override
        public JsonNode write(JsonNode document, JsonNode value) {
            if (parsed.root() != Root.INPUT) {
                throw new IllegalArgumentException("'" + text + "' cannot be written: only Paths rooted at '$' (the "
                        + "state's input) can place a result");
            }
            if (steps.length == 0) {
                return value;
            }
            return writeAt(document, document, 0, value);
        }

        /** Copies only the nodes along the path (everything else is shared) and places the value at its end. */
        private JsonNode writeAt(JsonNode document, JsonNode node, int depth, JsonNode value) {
            Step step = steps[depth];
            boolean last = depth == steps.length - 1;
            if (step instanceof FieldStep field) {
                if (node == null || !node.isObject()) {
                    throw mismatch(document, depth, node, "an object");
                }
                ObjectNode copy = JsonText.NODES.objectNode();
                copy.setAll((ObjectNode) node);
                if (last) {
                    copy.set(field.name(), value);
                } else {
                    JsonNode child = node.get(field.name());
                    if (child == null) {
                        child = JsonText.NODES.objectNode(); // intervening fields are created as needed
                    }
                    copy.set(field.name(), writeAt(document, child, depth + 1, value));
                }
                return copy;
            }
            if (node == null || !node.isArray()) {
                throw mismatch(document, depth, node, "an array");
            }
            int index = effectiveIndex(((IndexStep) step).index(), node.size());
            if (index < 0) {
                throw StatesError.RESULT_PATH_MATCH_FAILURE.failure("Unable to apply ResultPath '" + text
                        + "' to input '" + JsonText.forCause(document) + "': the array at '" + prefix(depth)
                        + "' has " + node.size() + " items, so index " + ((IndexStep) step).index()
                        + " does not exist");
            }
            ArrayNode copy = JsonText.NODES.arrayNode(node.size());
            copy.addAll((ArrayNode) node);
            copy.set(index, last ? value : writeAt(document, node.get(index), depth + 1, value));
            return copy;
        }

        private RuntimeException mismatch(JsonNode document, int depth, JsonNode found, String needed) {
            return StatesError.RESULT_PATH_MATCH_FAILURE.failure("Unable to apply ResultPath '" + text + "' to input '"
                    + JsonText.forCause(document) + "': '" + prefix(depth) + "' is " + JsonText.typeOf(found)
                    + ", not " + needed);
        }

        private String prefix(int depth) {
            StringBuilder out = new StringBuilder("$");
            for (int i = 0; i < depth; i++) {
                Step step = steps[i];
                if (step instanceof FieldStep field) {
                    out.append(JsonText.childLocation("", field.name()));
                } else {
                    out.append(step.normalized());
                }
            }
            return out.toString();
        }

        private static int effectiveIndex(int index, int size) {
            int effective = index < 0 ? size + index : index;
            return effective >= 0 && effective < size ? effective : -1;
        }
    }

    /** Wildcards, filters, slices, unions, deep scans and functions: evaluated by Jayway. */
    static final class JaywayPath extends RootedPath {
        private final JsonPath compiled;

        JaywayPath(String text, Parsed parsed) {
            super(text, parsed);
            this.compiled = jayway(text, parsed.jaywayText());
        }

        private static JsonPath jayway(String text, String jaywayText) {
            JsonPath path;
            try {
                path = JsonPath.compile(jaywayText);
            } catch (InvalidPathException e) {
                throw new PathSyntaxException("'" + text + "' is not a valid Path: " + e.getMessage());
            }
            try {
                // Jayway parses some parts lazily: one evaluation against {} surfaces the remaining syntax errors.
                path.read(EMPTY_OBJECT, JAYWAY);
            } catch (PathNotFoundException e) {
                // selecting nothing in {} is expected
            } catch (InvalidPathException e) {
                throw new PathSyntaxException("'" + text + "' is not a valid Path: " + e.getMessage());
            } catch (RuntimeException e) {
                // anything else (a filter over missing fields, a function of nothing) is no syntax error
            }
            return path;
        }

        @Override
        public boolean definite() {
            return compiled.isDefinite();
        }

        @Override
        public Optional<JsonNode> readFrom(JsonNode document) {
            Object result;
            try {
                result = compiled.read(document, JAYWAY);
            } catch (PathNotFoundException e) {
                // An indefinite path (wildcard, slice, …) over a missing field yields an empty array, as on AWS.
                return compiled.isDefinite() ? Optional.empty() : Optional.of(JsonText.NODES.arrayNode());
            } catch (InvalidPathException e) {
                // e.g. a function applied to the wrong kind of node: the path selects nothing usable
                return Optional.empty();
            }
            if (result instanceof JsonNode node) {
                return Optional.of(node);
            }
            if (result == null) {
                return Optional.of(JsonText.NODES.nullNode());
            }
            return Optional.of(JsonText.MAPPER.valueToTree(result));
        }

        @Override
        String normalized() {
            return parsed.jaywayText();
        }
    }
}
