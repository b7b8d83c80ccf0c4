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

    static App app(Map<String, Object> context) {
        // No version reporting or path metadata: the template holds only what the stack declares.
        Map<String, Object> all = new HashMap<>(context);
        all.put("aws:cdk:version-reporting", false);
        return new App(AppProps.builder().context(all).analyticsReporting(false).build());
    }

    static CountersignStack stack(Map<String, Object> context) {
        App app = app(context);
        return new CountersignStack(app, CountersignApp.STACK_NAME, StackProps.builder().build(),
                CountersignConfig.fromContext(Context.of(app)), functions());
    }

    static CountersignStack stack() {
        return stack(Map.of(CountersignConfig.SENDER_ADDRESS, SENDER));
    }

    static Template template(software.amazon.awscdk.Stack stack) {
        return Template.fromStack(stack);
    }
}
