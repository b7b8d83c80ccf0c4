package dev.countersign.infra;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnRule;
import software.amazon.awscdk.CfnRuleAssertion;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Token;
import software.constructs.Construct;

/**
 * Regions where CloudFormation cannot create an {@code AWS::SES::EmailIdentity}: their CloudFormation resource type
 * lists (as cfn-lint ships them) have no {@code AWS::SES::*} type at all. Checked on 2026-12-07 for the regions
 * opened most recently; a region not listed here that answers "Unrecognized resource types:
 * [AWS::SES::EmailIdentity]" belongs here too (docs/deploy.md).
 */
public final class SesRegions {
    public static final Set<String> WITHOUT_EMAIL_IDENTITY_RESOURCE = Set.of("ap-east-2", "mx-central-1");

    private SesRegions() {
    }

    /**
     * Refuses, at synth, a known region in which the stack would create the identity.
     *
     * @param region the region the CLI deploys to ({@code CDK_DEFAULT_REGION}), or null when unknown
     * @throws ConfigException naming the region and what to do
     */
    public static void refuseIdentityCreation(String region, CountersignConfig config) {
        if (region == null || config.existingSenderIdentity() || !WITHOUT_EMAIL_IDENTITY_RESOURCE.contains(region)) {
            return;
        }
        throw new ConfigException(CountersignConfig.SENDER_IDENTITY, "is '" + CountersignConfig.CREATE + "', but"
                + " CloudFormation cannot create SES identities (AWS::SES::EmailIdentity) in " + region + " (nor in "
                + String.join(", ", new TreeSet<>(WITHOUT_EMAIL_IDENTITY_RESOURCE)) + "): deploy to a region where"
                + " SES identities can be created, or create and verify the identity "
                + config.sesIdentity() + " yourself where SES is offered and deploy with "
                + CountersignConfig.SENDER_IDENTITY + "=" + CountersignConfig.EXISTING,
                CountersignConfig.SENDER_IDENTITY + "=" + CountersignConfig.EXISTING);
    }

    /**
     * The same refusal inside the template, for a template synthesised without a known region: a CloudFormation Rule
     * that fails the change set in those regions with this message.
     */
    static void guard(Construct scope, String id) {
        String region = software.amazon.awscdk.Stack.of(scope).getRegion();
        if (!Token.isUnresolved(region)) {
            return;
        }
        CfnRule.Builder.create(scope, id)
                .assertions(List.of(CfnRuleAssertion.builder()
                        .assertValue(Fn.conditionNot(Fn.conditionContains(
                                List.copyOf(new TreeSet<>(WITHOUT_EMAIL_IDENTITY_RESOURCE)), Aws.REGION)))
                        .assertDescription("Countersign: CloudFormation cannot create SES identities"
                                + " (AWS::SES::EmailIdentity) in this region. Create and verify the sender identity"
                                + " yourself where SES is offered and deploy with -c senderIdentity=existing, or"
                                + " deploy to another region.")
                        .build()))
                .build();
    }
}
