package dev.countersign.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app ({@code cdk.json}'s {@code app}): one {@link CountersignStack}, configured from context, with cdk-nag's
 * AWS Solutions checks applied. Environment-agnostic: synth needs no AWS account and makes no lookups.
 */
public final class CountersignApp {
    /** The stack's name (context {@code stackName} is not an option: one deployment per account and region). */
    public static final String STACK_NAME = "Countersign";

    private CountersignApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            CountersignConfig config = CountersignConfig.fromContext(Context.of(app));
            new CountersignStack(app, STACK_NAME, StackProps.builder()
                    .description("Countersign: human approval gates for AI agents on AWS Step Functions")
                    .build(), config, FunctionsJar.code());
        } catch (ConfigException | IllegalStateException e) {
            // One line the person running cdk can act on, not a jsii stack trace.
            System.err.println("Countersign: " + e.getMessage());
            System.exit(1);
        }
        Aspects.of(app).add(new AwsSolutionsChecks());
        app.synth();
    }
}
