package dev.countersign.infra;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

/** Builds the stack in-process the way the app does (context in, template out), for assertions. */
final class Synth {
    static final String SENDER = "approvals@example.com";
    private Synth() {
    }

    /** The real functions jar (mvn verify packages it before infra's tests run); CDK wants one Code per stack. */
    static Code functions() {
        return Code.fromAsset(FunctionsJar.locate().toString());
    }

    /** cdk.json's "context" (the feature flags the app runs with), so tests synthesise what cdk synth does. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> cdkJsonContext() {
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty(FunctionsJar.ROOT_PROPERTY, ".."));
        try {
            com.fasterxml.jackson.databind.JsonNode json = dev.countersign.core.json.Json.parse(
                    java.nio.file.Files.readAllBytes(root.resolve("cdk.json")));
            return new com.fasterxml.jackson.databind.ObjectMapper().convertValue(json.get("context"), Map.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read cdk.json at the repository root " + root, e);
        }
    }

    static App app(Map<String, Object> context) {
        // No version reporting or path metadata: the template holds only what the stack declares.
        Map<String, Object> all = new HashMap<>(cdkJsonContext());
        all.putAll(context);
        all.put("aws:cdk:version-reporting", false);
        return new App(AppProps.builder().context(all).analyticsReporting(false).build());
    }

    static CountersignStack stack(Map<String, Object> context) {
        App app = app(context);
        CountersignConfig config = CountersignConfig.fromContext(Context.of(app));
        return new CountersignStack(app, config.stackName(), StackProps.builder().build(), config, functions());
    }

    /** The example stack as the app builds it with {@code -c examples=true}, beside its Countersign stack. */
    static CountersignExamplesStack examples(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(context);
        all.put(CountersignConfig.EXAMPLES, true);
        CountersignStack stack = stack(all);
        CountersignConfig config = stack.service().config();
        return new CountersignExamplesStack((App) stack.getNode().getScope(), config.examplesStackName(),
                StackProps.builder().build(), stack.service(), Code.fromAsset(FunctionsJar.locateExamples().toString()));
    }

    static CountersignExamplesStack examples() {
        return examples(Map.of(CountersignConfig.SENDER_ADDRESS, SENDER));
    }

    static CountersignStack stack() {
        return stack(Map.of(CountersignConfig.SENDER_ADDRESS, SENDER));
    }

    static Template template(software.amazon.awscdk.Stack stack) {
        return Template.fromStack(stack);
    }

    /** A team's stack as its app builds one: the app reads the context, the stack gets its ApprovalService first. */
    static software.amazon.awscdk.Stack gateStack(String name) {
        App app = app(Map.of(CountersignConfig.SENDER_ADDRESS, SENDER));
        software.amazon.awscdk.Stack stack = new software.amazon.awscdk.Stack(app, name);
        ApprovalService.Builder.create(stack, ApprovalService.DEFAULT_ID)
                .config(CountersignConfig.fromSharedContext(app)).code(functions()).build();
        return stack;
    }
}
