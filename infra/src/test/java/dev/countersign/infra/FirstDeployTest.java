package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/**
 * What issue 11 found would hurt a first deployment, each checked in the synthesised template: the SES sandbox,
 * a failed first deploy, an existing sender identity, regions without SES resources, least privilege, service
 * principals' conditions, the alarms, two stacks in one account, and SnapStart publishing a version per rules change.
 */
class FirstDeployTest {
    private static Template template;
    private static Map<String, Map<String, Object>> resources;

    @BeforeAll
    static void synthesise() {
        template = Synth.template(Synth.stack());
        resources = Templates.resources(template);
    }

    // ------------------------------------------------------------------ email in a new account (SES sandbox)

    @Test
    void ses_sendEmailOnAnyIdentityOfTheAccount_butOnlyFromTheConfiguredSender_andNoRawEmail() {
        List<Map<?, ?>> ses = statements(resources, s -> Templates.strings(s.get("Action")).stream()
                .anyMatch(a -> a.startsWith("ses:")));
        assertThat(ses).as("request, escalate and decision functions send email").hasSize(3);
        for (Map<?, ?> statement : ses) {
            assertThat(Templates.strings(statement.get("Action"))).containsExactly("ses:SendEmail");
            // identity/*: in the sandbox SES also authorises the recipient's identity against this policy.
            List<String> arns = ((List<?>) statement.get("Resource")).stream().map(Nag::render).toList();
            assertThat(arns).containsExactlyInAnyOrder(
                    "arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*",
                    "arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:configuration-set/*");
            assertThat(statement.get("Condition")).isEqualTo(Map.of("StringEquals",
                    Map.of("ses:FromAddress", Synth.SENDER)));
        }
    }

    // ------------------------------------------------------------------ a failed first deploy, redeploy, teardown

    @Test
    void statefulResources_areRetainedExceptWhenTheDeployThatCreatedThemRollsBack() {
        for (String type : List.of("AWS::DynamoDB::Table", "AWS::SecretsManager::Secret")) {
            assertThat(Templates.only(resources, type)).as(type)
                    .containsEntry("DeletionPolicy", "RetainExceptOnCreate")
                    .containsEntry("UpdateReplacePolicy", "Retain");
        }
        assertThat(logGroupNamed(resources, "countersign-audit-anchors"))
                .containsEntry("DeletionPolicy", "RetainExceptOnCreate")
                .containsEntry("UpdateReplacePolicy", "Retain");
        assertThat(Templates.properties(Templates.only(resources, "AWS::DynamoDB::Table")))
                .containsEntry("DeletionProtectionEnabled", true);
    }

    @Test
    void table_isCreatedAfterEveryOtherResourceOfTheStack_soARollbackNeverMeetsAProtectedTable() {
        String tableId = Templates.onlyId(resources, "AWS::DynamoDB::Table");
        Set<String> dependsOn = new TreeSet<>(Templates.strings(resources.get(tableId).get("DependsOn")));
        Set<String> others = new TreeSet<>(resources.keySet());
        others.remove(tableId);
        // CloudFormation cannot delete a table with deletion protection; created last, no rollback has to.
        assertThat(dependsOn).containsAll(ofTypes(resources, "AWS::Lambda::Function", "AWS::IAM::Policy",
                "AWS::StepFunctions::StateMachine", "AWS::Events::Rule", "AWS::SES::EmailIdentity",
                "AWS::ApiGatewayV2::Api", "AWS::SecretsManager::Secret", "AWS::CloudWatch::Alarm"));
        // And nothing refers to it by Ref or GetAtt (which would be a cycle), except the outputs.
        resources.forEach((id, resource) -> assertThat(String.valueOf(resource.get("Properties"))).as(id)
                .doesNotContain("Ref=" + tableId).doesNotContain(tableId + ", Arn"));
    }

    // ------------------------------------------------------------------ an existing sender identity, and regions

    @Test
    void existingSenderIdentity_createsNoIdentityResource_andGrantsTheSame() {
        Map<String, Map<String, Object>> existing = Templates.resources(Synth.template(Synth.stack(Map.of(
                CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.SENDER_IDENTITY, CountersignConfig.EXISTING))));
        assertThat(Templates.ofType(existing, "AWS::SES::EmailIdentity")).isEmpty();
        assertThat(statements(existing, s -> Templates.strings(s.get("Action")).contains("ses:SendEmail")))
                .hasSize(3).allSatisfy(s -> assertThat(s.get("Condition")).isEqualTo(
                        Map.of("StringEquals", Map.of("ses:FromAddress", Synth.SENDER))));
        // Nothing to refuse in any region: no region rule (only CDK's own bootstrap-version check).
        assertThat(String.valueOf(Synth.template(Synth.stack(Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.SENDER_IDENTITY, CountersignConfig.EXISTING))).toJSON().get("Rules")))
                .doesNotContain("SenderRegionCheck");
    }

    @Test
    void aRegionWhereCloudFormationCannotCreateSesIdentities_isRefusedAtSynth_unlessTheIdentityExists() {
        CountersignConfig creating = CountersignConfig.withSender(Synth.SENDER);
        assertThatThrownBy(() -> SesRegions.refuseIdentityCreation("mx-central-1", creating))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot create SES identities (AWS::SES::EmailIdentity) in mx-central-1")
                .hasMessageContaining("senderIdentity=existing");
        SesRegions.refuseIdentityCreation("eu-west-1", creating);
        SesRegions.refuseIdentityCreation(null, creating);
        SesRegions.refuseIdentityCreation("mx-central-1", CountersignConfig.fromContext(Map.of(
                CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.SENDER_IDENTITY, CountersignConfig.EXISTING)));
    }

    @Test
    void anEnvironmentAgnosticTemplate_carriesTheSameRefusalAsACloudFormationRule() {
        String rules = String.valueOf(template.toJSON().get("Rules"));
        for (String region : SesRegions.WITHOUT_EMAIL_IDENTITY_RESOURCE) {
            assertThat(rules).contains(region);
        }
        assertThat(rules).contains("AWS::Region").contains("senderIdentity=existing");
    }

    // ------------------------------------------------------------------ least privilege

    @Test
    void dynamoDb_eachFunctionMayCallExactlyWhatTheStoreCalls_andTheRouteFunctionNothing() {
        for (String handler : List.of(ApprovalService.REQUEST_HANDLER, ApprovalService.ESCALATE_HANDLER,
                ApprovalService.DECISION_HANDLER, ApprovalService.REPAIR_HANDLER,
                ApprovalService.REDELIVERY_HANDLER)) {
            assertThat(dynamoActions(handler)).as(handler)
                    .containsExactlyInAnyOrderElementsOf(ApprovalService.TABLE_ACTIONS);
        }
        assertThat(dynamoActions(ApprovalService.ROUTE_HANDLER)).isEmpty();
        assertThat(statements(resources, s -> true)).flatMap(s -> Templates.strings(s.get("Action")))
                .doesNotContain("dynamodb:Scan", "dynamodb:BatchWriteItem", "dynamodb:DeleteItem",
                        "dynamodb:BatchGetItem", "dynamodb:*");
    }

    @Test
    void proposalSubmitted_matchesAConfiguredSource_whichTheFunctionsMayNotPublish() {
        Map<?, ?> pattern = proposalRule(resources);
        assertThat(pattern.get("source")).isEqualTo(List.of(CountersignConfig.DEFAULT_PROPOSAL_SOURCE));
        // The functions' PutEvents: source "countersign" and the anchor's detail type only.
        List<Map<?, ?>> putEvents = statements(resources, s -> Templates.strings(s.get("Action"))
                .contains("events:PutEvents") && String.valueOf(s.get("Condition")).contains("events:source"));
        assertThat(putEvents).hasSize(5).allSatisfy(s -> assertThat(s.get("Condition")).isEqualTo(Map.of(
                "StringEquals", Map.of("events:source", ApprovalService.EVENT_SOURCE,
                        "events:detail-type", "Countersign Audit Anchor"))));

        Map<?, ?> custom = proposalRule(Templates.resources(Synth.template(Synth.stack(Map.of(
                CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.PROPOSAL_SOURCES, "acme.refund-agent, acme.payout-agent")))));
        assertThat(custom.get("source")).isEqualTo(List.of("acme.refund-agent", "acme.payout-agent"));
        assertThatThrownBy(() -> CountersignConfig.fromContext(Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.PROPOSAL_SOURCES, "acme.agent,countersign")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'countersign' is not allowed");
    }

    @Test
    void servicePrincipals_workflowAndRuleTargetRolesOnlyForThisAccountsStateMachinesAndRules() {
        Map<String, String> expected = Map.of("states.amazonaws.com", ":states:", "events.amazonaws.com", ":events:");
        int conditioned = 0;
        for (var entry : Templates.ofType(resources, "AWS::IAM::Role").entrySet()) {
            Map<?, ?> document = (Map<?, ?>) Templates.properties(entry.getValue()).get("AssumeRolePolicyDocument");
            for (Object item : (List<?>) document.get("Statement")) {
                Map<?, ?> statement = (Map<?, ?>) item;
                String service = String.valueOf(((Map<?, ?>) statement.get("Principal")).get("Service"));
                if (expected.containsKey(service)) {
                    conditioned++;
                    Map<?, ?> condition = (Map<?, ?>) statement.get("Condition");
                    assertThat(condition).as(entry.getKey()).isNotNull();
                    assertThat(condition.get("StringEquals")).isEqualTo(
                            Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")));
                    assertThat(Nag.render(((Map<?, ?>) condition.get("ArnLike")).get("aws:SourceArn")))
                            .contains(expected.get(service)).contains("<AWS::AccountId>");
                } else {
                    // lambda.amazonaws.com, apigateway.amazonaws.com: keys not documented for these trust policies.
                    assertThat(statement.get("Condition")).as(entry.getKey()).isNull();
                }
            }
        }
        assertThat(conditioned).as("two workflow roles and the Proposal Submitted rule's role").isEqualTo(3);
    }

    // ------------------------------------------------------------------ operations

    @Test
    void alarms_coverWorkflowsFunctionsNotificationsCallbacksAndDeliveries_toOneTopic() {
        Map<String, Object> topic = Templates.properties(Templates.only(resources, "AWS::SNS::Topic"));
        assertThat(topic.get("TopicName")).isEqualTo("countersign-alarms");
        String topicId = Templates.onlyId(resources, "AWS::SNS::Topic");
        Set<String> names = new TreeSet<>();
        Templates.ofType(resources, "AWS::CloudWatch::Alarm").values().forEach(alarm -> {
            Map<String, Object> p = Templates.properties(alarm);
            names.add(String.valueOf(p.get("AlarmName")));
            assertThat(p.get("AlarmActions")).isEqualTo(List.of(Map.of("Ref", topicId)));
            assertThat(p.get("TreatMissingData")).isEqualTo("notBreaching");
            assertThat(p.get("Threshold")).isEqualTo(1);
        });
        assertThat(names).contains("countersign-workflow-failed-approval-gate-workflow",
                "countersign-workflow-timed-out-approval-gate-workflow",
                "countersign-workflow-failed-refund-workflow", "countersign-request-function-errors",
                "countersign-request-function-throttles", "countersign-decision-function-errors",
                "countersign-repair-function-errors", "countersign-redelivery-function-errors",
                "countersign-notification-failures",
                "countersign-callbacks-undelivered", "countersign-failed-deliveries-proposal-submitted-rule",
                "countersign-failed-deliveries-audit-anchor-rule")
                .hasSize(2 * 2 + 6 * 2 + 2 + 2);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "countersign-notification-failures",
                "Namespace", "Countersign", "MetricName", "NotificationFailures",
                "Dimensions", List.of(Map.of("Name", "Deployment", "Value", "countersign"))));
        // Only this account's alarms of this deployment may publish; no subscription without alarmEmail.
        String policy = String.valueOf(Templates.properties(Templates.only(resources, "AWS::SNS::TopicPolicy")));
        assertThat(policy).contains("cloudwatch.amazonaws.com", "aws:SourceAccount", "aws:SourceArn",
                ":alarm:countersign-*", "aws:SecureTransport");
        assertThat(Templates.ofType(resources, "AWS::SNS::Subscription")).isEmpty();
        template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "countersign"));
    }

    @Test
    void alarmEmail_isSubscribedToTheTopic() {
        Template withEmail = Synth.template(Synth.stack(Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.ALARM_EMAIL, "ops@example.com")));
        withEmail.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email",
                "Endpoint", "ops@example.com"));
    }

    // ------------------------------------------------------------------ two stacks in one account and region

    @Test
    void namePrefix_namesTheStackAndEveryPhysicalName() {
        CountersignStack staging = Synth.stack(Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.RESOURCE_PREFIX, "cs-staging"));
        assertThat(staging.getStackName()).isEqualTo("cs-staging");
        assertThat(Synth.stack().getStackName()).isEqualTo(CountersignApp.STACK_NAME);
        Map<String, Map<String, Object>> all = Templates.resources(Synth.template(staging));
        Map<String, String> nameProperties = Map.of("AWS::DynamoDB::Table", "TableName",
                "AWS::Events::EventBus", "Name", "AWS::ApiGatewayV2::Api", "Name",
                "AWS::StepFunctions::StateMachine", "StateMachineName", "AWS::SNS::Topic", "TopicName",
                "AWS::CloudWatch::Alarm", "AlarmName", "AWS::CloudWatch::Dashboard", "DashboardName",
                "AWS::Logs::ResourcePolicy", "PolicyName");
        List<String> names = new ArrayList<>();
        nameProperties.forEach((type, property) -> Templates.ofType(all, type).values().forEach(r ->
                names.add(String.valueOf(Templates.properties(r).get(property)))));
        Templates.ofType(all, "AWS::Logs::LogGroup").values().forEach(group -> {
            Object name = Templates.properties(group).get("LogGroupName");
            if (name != null) {
                names.add(String.valueOf(name));
            }
        });
        assertThat(names).hasSizeGreaterThan(20).allSatisfy(name -> assertThat(name)
                .matches("(/aws/vendedlogs/states/)?cs-staging(-.*)?"));
    }

    // ------------------------------------------------------------------ SnapStart and the routing rules

    @Test
    void snapStart_aRulesChangePublishesANewVersion_andTheAliasFollowsIt(@TempDir Path dir) throws IOException {
        Path rules = Path.of(System.getProperty(FunctionsJar.ROOT_PROPERTY, "..")).resolve("config/routing.json");
        String text = Files.readString(rules, StandardCharsets.UTF_8);
        Path first = Files.writeString(dir.resolve("first.json"), text, StandardCharsets.UTF_8);
        Path second = Files.writeString(dir.resolve("second.json"),
                text.replace("\"timeoutSeconds\": 86400", "\"timeoutSeconds\": 43200"), StandardCharsets.UTF_8);
        assertThat(Files.readString(second)).isNotEqualTo(text);

        String before = routeVersion(first, Map.of());
        String after = routeVersion(second, Map.of());

        assertThat(after).as("the route function's published version").isNotEqualTo(before);
        assertThat(routeVersion(first, Map.of())).as("the same rules, the same version").isEqualTo(before);
        // The feature flag in cdk.json is what makes the layer count: without it the old rules stay live.
        Map<String, Object> flagOff = Map.of("@aws-cdk/aws-lambda:recognizeLayerVersion", false);
        assertThat(routeVersion(second, flagOff)).isEqualTo(routeVersion(first, flagOff));
    }

    /** The logical id of the route function's version that its live alias points at. */
    private static String routeVersion(Path rulesFile, Map<String, Object> extra) {
        Map<String, Object> context = new HashMap<>(Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.SNAP_START, "true", CountersignConfig.ROUTING_FILE, rulesFile.toString()));
        context.putAll(extra);
        Map<String, Map<String, Object>> all = Templates.resources(Synth.template(Synth.stack(context)));
        String route = Templates.functionId(all, ApprovalService.ROUTE_HANDLER);
        for (var alias : Templates.ofType(all, "AWS::Lambda::Alias").values()) {
            Map<String, Object> p = Templates.properties(alias);
            if (Map.of("Ref", route).equals(p.get("FunctionName"))) {
                Object version = p.get("FunctionVersion");
                return String.valueOf(((List<?>) ((Map<?, ?>) version).get("Fn::GetAtt")).get(0));
            }
        }
        throw new AssertionError("no alias on the route function");
    }

    // ------------------------------------------------------------------ helpers

    private static Map<?, ?> proposalRule(Map<String, Map<String, Object>> all) {
        return Templates.ofType(all, "AWS::Events::Rule").values().stream().map(Templates::properties)
                .map(p -> (Map<?, ?>) p.get("EventPattern")).filter(p -> p != null
                        && String.valueOf(p.get("detail-type")).contains(CountersignStack.PROPOSAL_SUBMITTED))
                .findFirst().orElseThrow();
    }

    private static Map<String, Object> logGroupNamed(Map<String, Map<String, Object>> all, String name) {
        return Templates.ofType(all, "AWS::Logs::LogGroup").values().stream()
                .filter(g -> name.equals(Templates.properties(g).get("LogGroupName"))).findFirst().orElseThrow();
    }

    private static Set<String> ofTypes(Map<String, Map<String, Object>> all, String... types) {
        Set<String> ids = new TreeSet<>();
        for (String type : types) {
            ids.addAll(Templates.ofType(all, type).keySet());
        }
        ids.removeIf(id -> all.get(id).get("Type").equals("AWS::DynamoDB::Table"));
        return ids;
    }

    private static List<Map<?, ?>> statements(Map<String, Map<String, Object>> all,
                                              java.util.function.Predicate<Map<?, ?>> which) {
        List<Map<?, ?>> found = new ArrayList<>();
        for (var policy : Templates.ofType(all, "AWS::IAM::Policy").values()) {
            Map<?, ?> document = (Map<?, ?>) Templates.properties(policy).get("PolicyDocument");
            for (Object statement : (List<?>) document.get("Statement")) {
                if (which.test((Map<?, ?>) statement)) {
                    found.add((Map<?, ?>) statement);
                }
            }
        }
        return found;
    }

    /** The DynamoDB actions any policy of the handler's role allows. */
    private static List<String> dynamoActions(String handler) {
        Map<String, Object> function = Templates.properties(Templates.function(resources, handler));
        String role = (String) ((List<?>) ((Map<?, ?>) function.get("Role")).get("Fn::GetAtt")).get(0);
        List<String> actions = new ArrayList<>();
        for (var policy : Templates.ofType(resources, "AWS::IAM::Policy").values()) {
            Map<String, Object> p = Templates.properties(policy);
            if (((List<?>) p.get("Roles")).contains(Map.of("Ref", role))) {
                for (Object statement : (List<?>) ((Map<?, ?>) p.get("PolicyDocument")).get("Statement")) {
                    Templates.strings(((Map<?, ?>) statement).get("Action")).stream()
                            .filter(a -> a.startsWith("dynamodb:")).forEach(actions::add);
                }
            }
        }
        return actions;
    }
}
