package dev.countersign.infra;

import dev.countersign.routing.InvalidRoutingRulesException;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app ({@code cdk.json}'s {@code app}): one {@link CountersignStack}, configured from context, with cdk-nag's
 * AWS Solutions checks applied. Environment-agnostic: synth needs no AWS account and makes no lookups.
 */
public final class CountersignApp {
    /**
     * The stack's name with the default {@code resourcePrefix}; another prefix names the stack after itself, so two
     * deployments can share an account and region ({@link CountersignConfig#stackName()}).
     */
    public static final String STACK_NAME = "Countersign";
    /** Set by the CDK CLI to the region it deploys to (from the profile or AWS_REGION). */
    public static final String REGION_VARIABLE = "CDK_DEFAULT_REGION";

    private CountersignApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            CountersignConfig config = CountersignConfig.fromContext(Context.of(app));
            SesRegions.refuseIdentityCreation(System.getenv(REGION_VARIABLE), config);
            CountersignStack stack = new CountersignStack(app, config.stackName(), StackProps.builder()
                    .description("Countersign: human approval gates for AI agents on AWS Step Functions")
                    .build(), config, FunctionsJar.code());
            if (config.examples()) {
                // Opt-in (-c examples=true): the example workflows, on the Countersign stack's service.
                new CountersignExamplesStack(app, config.examplesStackName(), StackProps.builder()
                        .description("Countersign examples: a payout, an article, a customer reply and a data erasure,"
                                + " each behind an approval gate").build(), stack.service(), FunctionsJar.examplesCode());
            }
        } catch (ConfigException | IllegalStateException | InvalidRoutingRulesException e) {
            // What the person running cdk can act on (an invalid rules file: every problem), not a jsii stack trace.
            System.err.println("Countersign: " + e.getMessage());
            System.exit(1);
        }
        Aspects.of(app).add(new AwsSolutionsChecks());
        app.synth();
    }
}
