package dev.countersign.local.engine.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Random JSONPath state machines from a seeded {@link SplittableRandom}, in the project's generator style (see
 * {@code dev.countersign.testing.Generator} in the functions module): {@link #cases} draws each case's seed from a
 * fixed master seed, so every run checks the same definitions, and a failing case names its seed so
 * {@code DefinitionGenerator.seeded(seed)} rebuilds exactly that definition.
 *
 * <p>A definition is a chain of states that only ever moves forward (Choice and Catch jump to a later state), so
 * every execution has a last state: Pass (sometimes reading a path that is not there), Task (a Lambda function that
 * echoes or throws), Choice (sometimes without Default), Wait, Fail (with or without Error and Cause), Succeed, and —
 * nested up to two levels — inline and distributed Maps and Parallels, any of them with Retry and Catch. The input
 * is {@code {"flag": …, "items": […]}}; Map iterations see the same shape.
 */
final class DefinitionGenerator {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] ERRORS = {"States.ALL", "States.TaskFailed", "States.Runtime", "Boom", "E1"};

    /** One generated definition and where it came from ({@code "seed 123"}). */
    record Case(String origin, String definition, String input) {
        @Override
        public String toString() {
            return origin;
        }
    }

    private final SplittableRandom random;
    private int names;

    private DefinitionGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    static DefinitionGenerator seeded(long seed) {
        return new DefinitionGenerator(seed);
    }

    /** {@code count} cases, each from its own seed; the seeds come from {@code masterSeed}. */
    static Stream<Case> cases(long masterSeed, int count) {
        SplittableRandom seeds = new SplittableRandom(masterSeed);
        return IntStream.range(0, count).mapToObj(i -> {
            long seed = seeds.nextLong();
            DefinitionGenerator generator = seeded(seed);
            return new Case("seed " + seed, generator.definition(), generator.input());
        });
    }

    String definition() {
        return program(2).toString();
    }

    String input() {
        ObjectNode input = JSON.objectNode().put("flag", random.nextBoolean());
        ArrayNode items = input.putArray("items");
        for (int i = random.nextInt(0, 4); i > 0; i--) {
            items.add(random.nextInt(10));
        }
        return input.toString();
    }

    /** StartAt and States: a chain of one to four states. */
    private ObjectNode program(int depth) {
        int count = random.nextInt(1, 5);
        List<String> chain = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chain.add("S" + (++names));
        }
        ObjectNode program = JSON.objectNode().put("StartAt", chain.get(0));
        ObjectNode states = program.putObject("States");
        for (int i = 0; i < count; i++) {
            states.set(chain.get(i), state(depth, chain, i));
        }
        return program;
    }

    private ObjectNode state(int depth, List<String> chain, int index) {
        boolean last = index == chain.size() - 1;
        // Choice only before the last state; Fail and Succeed only as the last (every state stays reachable).
        int kind = weighted(3, 3, last ? 0 : 1, 1, last ? 1 : 0, last ? 1 : 0, depth > 0 ? 2 : 0,
                depth > 0 ? 2 : 0);
        ObjectNode state = JSON.objectNode();
        switch (kind) {
            case 0 -> {
                state.put("Type", "Pass");
                if (chance(0.2)) {
                    state.putObject("Parameters").put("x.$", "$.missing");
                } else if (chance(0.3)) {
                    state.putObject("Result").put("passed", true);
                    state.put("ResultPath", "$.passed");
                }
            }
            case 1 -> {
                state.put("Type", "Task").put("Resource", "arn:aws:states:::lambda:invoke");
                state.putObject("Parameters").put("FunctionName", oneOf("echo", "echo", "boom"))
                        .put("Payload.$", "$");
                state.putObject("ResultSelector").put("result.$", "$.Payload.flag");
                state.put("ResultPath", "$.task");
                recovery(state, chain, index);
            }
            case 2 -> {
                state.put("Type", "Choice");
                String target = later(chain, index);
                ObjectNode rule = state.putArray("Choices").addObject().put("Variable", "$.flag")
                        .put("BooleanEquals", true).put("Next", target);
                if (chance(0.2)) {
                    rule.put("Variable", "$.items[0]").put("BooleanEquals", false);
                }
                // Without a Default (when the rule already leads to the next state) nothing may match.
                if (!target.equals(chain.get(index + 1)) || chance(0.7)) {
                    state.put("Default", chain.get(index + 1));
                }
                return state;
            }
            case 3 -> state.put("Type", "Wait").put("Seconds", random.nextInt(0, 4));
            case 4 -> {
                state.put("Type", "Fail");
                if (chance(0.5)) {
                    state.put("Error", oneOf("E1", "Boom", "States.TaskFailed"));
                }
                if (chance(0.5)) {
                    state.put("Cause", "generated");
                }
                return state;
            }
            case 5 -> {
                return state.put("Type", "Succeed");
            }
            case 6 -> {
                state.put("Type", "Map").put("ItemsPath", "$.items").put("ResultPath", "$.mapped");
                state.putObject("ItemSelector").put("flag.$", "$.flag").put("items.$", "$.items")
                        .put("n.$", "$$.Map.Item.Value");
                ObjectNode processor = program(depth - 1);
                if (chance(0.4)) {
                    processor.putObject("ProcessorConfig").put("Mode", "DISTRIBUTED")
                            .put("ExecutionType", "STANDARD");
                    if (chance(0.3)) {
                        state.put("ToleratedFailureCount", random.nextInt(0, 2));
                    }
                }
                if (chance(0.3)) {
                    state.put("MaxConcurrency", random.nextInt(0, 3));
                }
                state.set("ItemProcessor", processor);
                recovery(state, chain, index);
            }
            default -> {
                state.put("Type", "Parallel").put("ResultPath", "$.branches");
                ArrayNode branches = state.putArray("Branches");
                for (int i = random.nextInt(1, 3); i > 0; i--) {
                    branches.add(program(depth - 1));
                }
                recovery(state, chain, index);
            }
        }
        if (last) {
            state.put("End", true);
        } else {
            state.put("Next", chain.get(index + 1));
        }
        return state;
    }

    /** Sometimes a Retry, and (when a later state exists) sometimes a Catch that jumps to one. */
    private void recovery(ObjectNode state, List<String> chain, int index) {
        if (chance(0.3)) {
            state.putArray("Retry").addObject().<ObjectNode>set("ErrorEquals", JSON.arrayNode().add(oneOf(ERRORS)))
                    .put("IntervalSeconds", 1).put("MaxAttempts", random.nextInt(0, 3));
        }
        if (index < chain.size() - 1 && chance(0.3)) {
            state.putArray("Catch").addObject().<ObjectNode>set("ErrorEquals", JSON.arrayNode().add(oneOf(ERRORS)))
                    .put("ResultPath", "$.error").put("Next", later(chain, index));
        }
    }

    private String later(List<String> chain, int index) {
        return chain.get(random.nextInt(index + 1, chain.size()));
    }

    private boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    private String oneOf(String... values) {
        return values[random.nextInt(values.length)];
    }

    private int weighted(int... weights) {
        int pick = random.nextInt(IntStream.of(weights).sum());
        for (int i = 0; i < weights.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
