package dev.countersign.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.audit.AuditKeys;
import dev.countersign.store.dynamodb.CountersignTables;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The security-relevant properties of every resource the stack deploys, read from the synthesised template. */
class CountersignStackTest {
    private static Template template;
    private static Map<String, Map<String, Object>> resources;

    @BeforeAll
    static void synthesise() {
        template = Synth.template(Synth.stack());
        resources = Templates.resources(template);
    }

    @Test
    void table_isOnDemandEncryptedRecoverableDeletionProtectedAndRetained() {
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.hasResource("AWS::DynamoDB::Table", Map.of(
                "DeletionPolicy", "RetainExceptOnCreate",
                "UpdateReplacePolicy", "Retain",
                "Properties", Map.of(
                        "TableName", "countersign-approvals",
                        "BillingMode", "PAY_PER_REQUEST",
                        "SSESpecification", Map.of("SSEEnabled", true),
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                        "DeletionProtectionEnabled", true,
                        "TimeToLiveSpecification", Map.of("AttributeName", "ttl", "Enabled", true))));
    }

    @Test
    void table_hasTheKeysAndIndexesOfCountersignTables() {
        CountersignTables.TableDefinition definition = CountersignTables.defaults().approvals();
        Map<String, Object> table = Templates.properties(Templates.only(resources, "AWS::DynamoDB::Table"));
        assertThat(Templates.keys(table.get("KeySchema")))
                .containsExactly(definition.partitionKey().name() + "=HASH", definition.sortKey().name() + "=RANGE");
        List<String> deployed = new ArrayList<>();
        for (Object index : (List<?>) table.get("GlobalSecondaryIndexes")) {
            Map<?, ?> gsi = (Map<?, ?>) index;
            Map<?, ?> projection = (Map<?, ?>) gsi.get("Projection");
            deployed.add(gsi.get("IndexName") + " " + Templates.keys(gsi.get("KeySchema")) + " "
                    + projection.get("ProjectionType") + " " + projection.get("NonKeyAttributes"));
        }
        List<String> defined = new ArrayList<>();
        for (CountersignTables.IndexDefinition index : definition.indexes()) {
            defined.add(index.name() + " " + List.of(index.partitionKey().name() + "=HASH",
                    index.sortKey().name() + "=RANGE") + " " + index.projection() + " "
                    + (index.projection() == CountersignTables.Projection.INCLUDE ? index.nonKeyAttributes() : null));
        }
        // The store, its tests and the local runtime use CountersignTables: a drift here breaks queries on AWS only.
        assertThat(deployed).containsExactlyInAnyOrderElementsOf(defined);
    }

    @Test
    void functions_runTheNewestJavaOnArm64WithJsonLogsTracingAndTheirOwnLogGroup() {
        Map<String, Map<String, Object>> functions = Templates.ofType(resources, "AWS::Lambda::Function");
        assertThat(functions).hasSize(10);
        for (var entry : functions.entrySet()) {
            Map<String, Object> p = Templates.properties(entry.getValue());
            assertThat(p.get("Runtime")).as(entry.getKey()).isEqualTo("java25");
            assertThat(p.get("Architectures")).as(entry.getKey()).isEqualTo(List.of("arm64"));
            assertThat(p.get("MemorySize")).as(entry.getKey()).isEqualTo(CountersignConfig.DEFAULT_MEMORY_MB);
            assertThat(p.get("TracingConfig")).as(entry.getKey()).isEqualTo(Map.of("Mode", "Active"));
            Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) p.get("Environment")).get("Variables");
            assertThat(variables.get("JAVA_TOOL_OPTIONS")).as(entry.getKey()).isEqualTo(JavaFunction.JAVA_TOOL_OPTIONS);
            Map<?, ?> logging = (Map<?, ?>) p.get("LoggingConfig");
            assertThat(logging.get("LogFormat")).as(entry.getKey()).isEqualTo("JSON");
            assertThat(logging.get("LogGroup")).as(entry.getKey() + " logs to a group of its own").isNotNull();
        }
        assertThat(functions.values().stream().map(f -> Templates.properties(f).get("Handler")).toList())
                .containsExactlyInAnyOrder(ApprovalService.ROUTE_HANDLER, ApprovalService.REQUEST_HANDLER,
                        ApprovalService.ESCALATE_HANDLER, ApprovalService.DECISION_HANDLER,
                        ApprovalService.REPAIR_HANDLER, ApprovalService.REDELIVERY_HANDLER,
                        ApprovalService.CANCEL_HANDLER, CountersignStack.REFUND_AGENT_HANDLER,
                        CountersignStack.ISSUE_REFUND_HANDLER, CountersignStack.NOTIFY_REJECTION_HANDLER);
    }

    @Test
    void countersignFunctions_getTableSenderBaseUrlAndAuditKeyReference() {
        for (String handler : List.of(ApprovalService.REQUEST_HANDLER, ApprovalService.ESCALATE_HANDLER,
                ApprovalService.DECISION_HANDLER, ApprovalService.REDELIVERY_HANDLER)) {
            Map<String, Object> p = Templates.properties(Templates.function(resources, handler));
            Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) p.get("Environment")).get("Variables");
            List<String> expected = new ArrayList<>(List.of("COUNTERSIGN_APPROVALS_TABLE",
                    "COUNTERSIGN_AUDIT_KEY_SECRET", "COUNTERSIGN_SENDER", "COUNTERSIGN_BASE_URL",
                    "COUNTERSIGN_EVENT_BUS", "COUNTERSIGN_DEPLOYMENT", "JAVA_TOOL_OPTIONS"));
            if (handler.equals(ApprovalService.DECISION_HANDLER)) {
                // An approver's change is checked against the rule's bounds and routed again: the rules file.
                expected.add("COUNTERSIGN_ROUTING_FILE");
            }
            assertThat(variables.keySet().stream().map(String::valueOf).toList()).as(handler)
                    .containsExactlyInAnyOrderElementsOf(expected);
            // By name: a reference to the table would make the table a dependency of the function (see createTableAfter).
            assertThat(variables.get("COUNTERSIGN_APPROVALS_TABLE")).isEqualTo("countersign-approvals");
            assertThat(variables.get("COUNTERSIGN_DEPLOYMENT")).isEqualTo("countersign");
            assertThat(variables.get("COUNTERSIGN_EVENT_BUS")).as(handler)
                    .isEqualTo(Map.of("Ref", Templates.onlyId(resources, "AWS::Events::EventBus")));
            assertThat(variables.get("COUNTERSIGN_SENDER")).isEqualTo("Countersign <" + Synth.SENDER + ">");
            // The key itself never sits in the environment: only the secret's ARN, read once at init.
            assertThat(variables.get("COUNTERSIGN_AUDIT_KEY_SECRET")).isEqualTo(
                    Map.of("Ref", Templates.onlyId(resources, "AWS::SecretsManager::Secret")));
            assertThat(variables.get("COUNTERSIGN_BASE_URL")).asString().contains("ApiEndpoint");
        }
    }

    @Test
    void logGroups_allHaveABoundedRetention() {
        Map<String, Map<String, Object>> groups = Templates.ofType(resources, "AWS::Logs::LogGroup");
        assertThat(groups).hasSize(10 + 2 + 1 + 1);
        groups.forEach((id, group) -> assertThat(Templates.properties(group).get("RetentionInDays")).as(id)
                .isEqualTo("countersign-audit-anchors".equals(Templates.properties(group).get("LogGroupName"))
                        ? 3653 : CountersignConfig.DEFAULT_LOG_RETENTION_DAYS));
    }

    @Test
    void auditAnchors_aRuleOnTheBusDeliversThemToALogGroupKeptTenYearsAndRetained() {
        String bus = Templates.onlyId(resources, "AWS::Events::EventBus");
        Map.Entry<String, Map<String, Object>> group = Templates.ofType(resources, "AWS::Logs::LogGroup").entrySet()
                .stream().filter(e -> "countersign-audit-anchors".equals(
                        Templates.properties(e.getValue()).get("LogGroupName"))).findFirst().orElseThrow();
        assertThat(Templates.properties(group.getValue())).containsEntry("RetentionInDays", 3653)
                .doesNotContainKey("KmsKeyId");
        // Deleting or replacing the stack must not delete the published anchors (only a failed first create does).
        assertThat(group.getValue()).containsEntry("DeletionPolicy", "RetainExceptOnCreate")
                .containsEntry("UpdateReplacePolicy", "Retain");
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventBusName", Map.of("Ref", bus),
                "EventPattern", Map.of("source", List.of("countersign"),
                        "detail-type", List.of("Countersign Audit Anchor"))));
        Map<?, ?> target = Templates.ofType(resources, "AWS::Events::Rule").values().stream()
                .map(Templates::properties)
                .filter(p -> p.get("EventPattern").toString().contains("Countersign Audit Anchor"))
                .map(p -> (Map<?, ?>) ((List<?>) p.get("Targets")).get(0)).findFirst().orElseThrow();
        assertThat(target.get("Arn").toString()).contains(":log-group:").contains("Ref=" + group.getKey());
        // Only EventBridge may write the group: a native resource policy, no custom-resource function.
        Map<String, Object> policy = Templates.properties(Templates.only(resources, "AWS::Logs::ResourcePolicy"));
        assertThat(policy.get("PolicyDocument").toString()).contains("events.amazonaws.com", "logs:PutLogEvents",
                "logs:CreateLogStream");
        // Resource policy names are per account and region: two deployments must not share one.
        assertThat(policy.get("PolicyName")).isEqualTo("countersign-audit-anchors");
        assertThat(Templates.ofType(resources, "Custom::AWS")).isEmpty();
    }

    @Test
    void auditAnchors_theWritingFunctionsMayPutEventsOnlyOnTheBus_andTheRouteFunctionNot() {
        String bus = Templates.onlyId(resources, "AWS::Events::EventBus");
        for (String handler : List.of(ApprovalService.REQUEST_HANDLER, ApprovalService.ESCALATE_HANDLER,
                ApprovalService.DECISION_HANDLER)) {
            String role = roleOf(Templates.properties(Templates.function(resources, handler)));
            assertThat(actionsOf(role)).as(handler).contains("events:PutEvents")
                    .filteredOn(a -> a.startsWith("events:")).containsOnly("events:PutEvents");
            assertThat(statementsWith(role, "events:PutEvents")).as(handler)
                    .allSatisfy(s -> assertThat(s.get("Resource"))
                            .isEqualTo(Map.of("Fn::GetAtt", List.of(bus, "Arn"))));
        }
        assertThat(actionsOf(roleOf(Templates.properties(Templates.function(resources,
                ApprovalService.ROUTE_HANDLER))))).noneMatch(a -> a.startsWith("events:"));
    }

    private static List<Map<?, ?>> statementsWith(String roleId, String action) {
        List<Map<?, ?>> found = new ArrayList<>();
        for (var policy : Templates.ofType(resources, "AWS::IAM::Policy").values()) {
            Map<String, Object> p = Templates.properties(policy);
            if (!((List<?>) p.get("Roles")).contains(Map.of("Ref", roleId))) {
                continue;
            }
            for (Object statement : (List<?>) ((Map<?, ?>) p.get("PolicyDocument")).get("Statement")) {
                if (Templates.strings(((Map<?, ?>) statement).get("Action")).contains(action)) {
                    found.add((Map<?, ?>) statement);
                }
            }
        }
        return found;
    }

    @Test
    void stateMachines_haveFixedNamesLogWithoutExecutionDataAndTrace() {
        Map<String, Map<String, Object>> machines = Templates.ofType(resources, "AWS::StepFunctions::StateMachine");
        assertThat(machines.values().stream().map(m -> Templates.properties(m).get("StateMachineName")).toList())
                .containsExactlyInAnyOrder("countersign-approval-gate", "countersign-refund-workflow");
        for (var entry : machines.entrySet()) {
            Map<String, Object> p = Templates.properties(entry.getValue());
            assertThat(p.get("StateMachineType")).isEqualTo("STANDARD");
            assertThat(p.get("TracingConfiguration")).as(entry.getKey()).isEqualTo(Map.of("Enabled", true));
            Map<?, ?> logging = (Map<?, ?>) p.get("LoggingConfiguration");
            assertThat(logging.get("Level")).isEqualTo("ALL");
            // Execution data holds proposals, decisions and task tokens: it must never reach CloudWatch Logs.
            assertThat(logging.get("IncludeExecutionData")).as(entry.getKey()).isEqualTo(false);
            assertThat((List<?>) logging.get("Destinations")).hasSize(1);
        }
    }

    @Test
    void stateMachines_nameNoPartitionRegionOrAccountLiterally() {
        for (var entry : Templates.ofType(resources, "AWS::StepFunctions::StateMachine").entrySet()) {
            String definition = String.valueOf(Templates.properties(entry.getValue()).get("DefinitionString"));
            // arn:aws:… would be wrong in aws-cn and aws-us-gov: every ARN takes the stack's partition.
            assertThat(definition).as(entry.getKey()).doesNotContain("arn:aws:").doesNotContain("us-east-1")
                    .doesNotContain("123456789012").contains("{Ref=AWS::Partition}");
        }
    }

    @Test
    void api_logsAccessWithoutThePathAndIsThrottled() {
        Map<String, Object> stage = Templates.properties(Templates.only(resources, "AWS::ApiGatewayV2::Stage"));
        assertThat(stage.get("StageName")).isEqualTo("$default");
        Map<?, ?> access = (Map<?, ?>) stage.get("AccessLogSettings");
        assertThat(access.get("DestinationArn")).isNotNull();
        // GET /review/{secret} carries the link secret in the path: the log has the route key, never the path.
        assertThat((String) access.get("Format")).contains("$context.routeKey").doesNotContain("$context.path")
                .doesNotContain("$context.requestOverride").doesNotContain("$context.authorizer");
        assertThat(stage.get("DefaultRouteSettings")).isEqualTo(Map.of(
                "ThrottlingRateLimit", CountersignConfig.DEFAULT_THROTTLE_RATE,
                "ThrottlingBurstLimit", CountersignConfig.DEFAULT_THROTTLE_BURST));
    }

    @Test
    void api_reviewRoutesArePublicAndProposalsNeedsIamAndStartsTheGateWorkflow() {
        Map<String, String> authorisation = new java.util.TreeMap<>();
        Templates.ofType(resources, "AWS::ApiGatewayV2::Route").values().forEach(route -> {
            Map<String, Object> p = Templates.properties(route);
            authorisation.put((String) p.get("RouteKey"), String.valueOf(p.get("AuthorizationType")));
        });
        assertThat(authorisation).isEqualTo(Map.of(
                "GET /review/{secret}", "NONE",
                "HEAD /review/{secret}", "NONE",
                "POST /review", "NONE",
                "POST /proposals", "AWS_IAM"));
        template.hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of(
                "IntegrationType", "AWS_PROXY",
                "IntegrationSubtype", "StepFunctions-StartExecution",
                "RequestParameters", Map.of(
                        "StateMachineArn", Map.of("Ref", Templates.stateMachineId(resources,
                                "countersign-approval-gate")),
                        "Input", "$request.body")));
    }

    @Test
    void iam_noStatementHasAWildcardActionAndOnlyUnscopableActionsUseAWildcardResource() {
        List<String> problems = new ArrayList<>();
        for (var entry : Templates.ofType(resources, "AWS::IAM::Policy").entrySet()) {
            Map<?, ?> document = (Map<?, ?>) Templates.properties(entry.getValue()).get("PolicyDocument");
            for (Object statement : (List<?>) document.get("Statement")) {
                Map<?, ?> s = (Map<?, ?>) statement;
                List<String> actions = Templates.strings(s.get("Action"));
                for (String action : actions) {
                    if (action.contains("*")) {
                        problems.add(entry.getKey() + ": action " + action);
                    }
                }
                if ("*".equals(s.get("Resource"))) {
                    for (String action : actions) {
                        // X-Ray and CloudWatch Logs delivery accept no resource ARN; anything else must be scoped.
                        if (!action.startsWith("xray:") && !Set.of("logs:CreateLogDelivery", "logs:GetLogDelivery",
                                "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries",
                                "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
                                "logs:DescribeLogGroups").contains(action)) {
                            problems.add(entry.getKey() + ": " + action + " on *");
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        template.resourceCountIs("AWS::IAM::ManagedPolicy", 0);
        Templates.ofType(resources, "AWS::IAM::Role").forEach((id, role) ->
                assertThat(Templates.properties(role).get("ManagedPolicyArns")).as(id).isNull());
    }

    @Test
    void auditKeySecret_isGeneratedAsBase64ThatAuditKeysAccepts() {
        template.hasResource("AWS::SecretsManager::Secret", Map.of(
                "DeletionPolicy", "RetainExceptOnCreate",
                "Properties", Match.objectLike(Map.of("GenerateSecretString", Map.of(
                        "PasswordLength", 64, "ExcludePunctuation", true, "IncludeSpace", false)))));
        // What Secrets Manager generates under those rules: 64 characters of A-Z a-z 0-9.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder generated = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            generated.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        var key = AuditKeys.resolve(Map.of(AuditKeys.KEY_VARIABLE, generated.toString()), Path.of("."),
                id -> {
                    throw new AssertionError("no secret store in this test");
                });
        assertThat(key).isNotNull();
    }

    @Test
    void events_proposalSubmittedStartsTheGateWorkflowWithTheEventDetail() {
        template.hasResourceProperties("AWS::Events::EventBus", Map.of("Name", "countersign-events"));
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Map.of("source", List.of(CountersignConfig.DEFAULT_PROPOSAL_SOURCE),
                        "detail-type", List.of(CountersignStack.PROPOSAL_SUBMITTED)),
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Ref", Templates.stateMachineId(resources, "countersign-approval-gate")),
                        "InputPath", "$.detail")))));
    }

    @Test
    void workflows_mayPutEventsOnlyOnTheCountersignBusAndAnswerOnlyTheirOwnTokens() {
        String bus = Templates.onlyId(resources, "AWS::Events::EventBus");
        Set<String> callbackResources = new TreeSet<>();
        for (var policy : Templates.ofType(resources, "AWS::IAM::Policy").values()) {
            Map<?, ?> document = (Map<?, ?>) Templates.properties(policy).get("PolicyDocument");
            for (Object statement : (List<?>) document.get("Statement")) {
                Map<?, ?> s = (Map<?, ?>) statement;
                List<String> actions = Templates.strings(s.get("Action"));
                if (actions.contains("events:PutEvents")) {
                    assertThat(s.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of(bus, "Arn")));
                }
                if (actions.contains("states:SendTaskSuccess")) {
                    callbackResources.add(s.get("Resource").toString());
                }
            }
        }
        assertThat(callbackResources).containsExactlyInAnyOrder(
                "{Ref=" + Templates.stateMachineId(resources, "countersign-approval-gate") + "}",
                "{Ref=" + Templates.stateMachineId(resources, "countersign-refund-workflow") + "}");
    }

    @Test
    void routeFunction_readsTheRulesFromItsLayer_andMayOnlyWriteLogsAndTraces() {
        String routeId = Templates.functionId(resources, ApprovalService.ROUTE_HANDLER);
        Map<String, Object> route = Templates.properties(resources.get(routeId));
        Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) route.get("Environment")).get("Variables");
        assertThat(variables).isEqualTo(Map.of("COUNTERSIGN_ROUTING_FILE", RoutingRulesLayer.MOUNTED_PATH,
                "JAVA_TOOL_OPTIONS", JavaFunction.JAVA_TOOL_OPTIONS));
        String layer = Templates.onlyId(resources, "AWS::Lambda::LayerVersion");
        assertThat(route.get("Layers")).isEqualTo(List.of(Map.of("Ref", layer)));
        Map<String, Object> layerProperties = Templates.properties(resources.get(layer));
        assertThat(layerProperties.get("CompatibleRuntimes")).isEqualTo(List.of("java25"));
        assertThat(layerProperties.get("CompatibleArchitectures")).isEqualTo(List.of("arm64"));
        assertThat((String) layerProperties.get("Description")).startsWith("Countersign routing rules: routing.json")
                .endsWith("at /opt/config/routing.json");
        // The asset is staged in a fresh temporary folder per synth: its hash must depend on the rules alone, or
        // every deploy would publish a new layer version and update the Route function for nothing.
        Map<String, Object> again = Templates.properties(Templates.only(Templates.resources(
                Synth.template(Synth.stack())), "AWS::Lambda::LayerVersion"));
        assertThat(again.get("Content")).isEqualTo(layerProperties.get("Content"));
        // Only the decision function needs the rules too: it checks an approver's change against the rule's bounds
        // and routes the changed proposal again.
        String decisionId = Templates.functionId(resources, ApprovalService.DECISION_HANDLER);
        Templates.ofType(resources, "AWS::Lambda::Function").forEach((id, f) -> {
            if (id.equals(decisionId)) {
                assertThat(Templates.properties(f).get("Layers")).as(id).isEqualTo(List.of(Map.of("Ref", layer)));
            } else if (!id.equals(routeId)) {
                assertThat(Templates.properties(f).get("Layers")).as(id).isNull();
            }
        });

        // Routing is pure: no table, key, email or Step Functions permission, only its log group and X-Ray.
        List<String> actions = actionsOf(roleOf(route));
        assertThat(actions).isNotEmpty().allSatisfy(action -> assertThat(action).matches("logs:.*|xray:.*"));
    }

    @Test
    void escalateFunction_hasTheRequestFunctionsDataAndEmailPermissions_butNoStepFunctions() {
        List<String> request = actionsOf(roleOf(Templates.properties(
                Templates.function(resources, ApprovalService.REQUEST_HANDLER))));
        List<String> escalate = actionsOf(roleOf(Templates.properties(
                Templates.function(resources, ApprovalService.ESCALATE_HANDLER))));
        assertThat(escalate).contains("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query",
                "secretsmanager:GetSecretValue", "ses:SendEmail");
        assertThat(escalate).noneMatch(action -> action.startsWith("states:"));
        // The request function answers task tokens (an invalid proposal, no email sent, a retry after the end);
        // escalate never does.
        assertThat(request).contains("states:SendTaskSuccess", "states:SendTaskFailure");
        assertThat(new TreeSet<>(request)).containsAll(new TreeSet<>(escalate));
    }

    @Test
    void withoutRoutingRules_thereIsNoLayer_andTheRouteFunctionAsksTheDefaultApprovers() {
        Map<String, Map<String, Object>> all = Templates.resources(Synth.template(Synth.stack(Map.of(
                CountersignConfig.SENDER_ADDRESS, Synth.SENDER, CountersignConfig.ROUTING_FILE, "none",
                CountersignConfig.DEFAULT_APPROVERS, "lee@example.com,kim@example.com"))));
        assertThat(Templates.ofType(all, "AWS::Lambda::LayerVersion")).isEmpty();
        Map<String, Object> route = Templates.properties(Templates.function(all, ApprovalService.ROUTE_HANDLER));
        Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) route.get("Environment")).get("Variables");
        assertThat(variables.get("COUNTERSIGN_DEFAULT_APPROVERS")).isEqualTo("lee@example.com,kim@example.com");
        assertThat(variables.containsKey("COUNTERSIGN_ROUTING_FILE")).isFalse();
    }

    /** The logical id of a function's role (its {@code Role} is {@code Fn::GetAtt [role, Arn]}). */
    @Test
    void repairFunction_runsEveryFiveMinutes_throughARuleWithABoundedRetry() {
        String repair = Templates.functionId(resources, ApprovalService.REPAIR_HANDLER);
        Map<String, Object> arn = Map.of("Fn::GetAtt", List.of(repair, "Arn"));
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "rate(5 minutes)",
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", arn,
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 240))))));
        String rule = Templates.ofType(resources, "AWS::Events::Rule").entrySet().stream()
                .filter(e -> "rate(5 minutes)".equals(Templates.properties(e.getValue()).get("ScheduleExpression")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        // Only that rule may invoke it.
        template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction",
                "FunctionName", arn,
                "Principal", "events.amazonaws.com",
                "SourceArn", Map.of("Fn::GetAtt", List.of(rule, "Arn"))));
        // A failed sweep is not retried by Lambda itself: the next run, five minutes later, is the retry.
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "FunctionName", Map.of("Ref", repair),
                "MaximumRetryAttempts", 0,
                "MaximumEventAgeInSeconds", 240));
        assertThat(Templates.properties(resources.get(repair)).get("Timeout")).isEqualTo(60);
    }

    @Test
    void redeliveryFunction_runsEveryMinute_recordsInTheChain_andMayAnswerGateTokens_butSendsNoEmail() {
        String redelivery = Templates.functionId(resources, ApprovalService.REDELIVERY_HANDLER);
        Map<String, Object> arn = Map.of("Fn::GetAtt", List.of(redelivery, "Arn"));
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "rate(1 minute)",
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", arn,
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 1, "MaximumEventAgeInSeconds", 60))))));
        // A failed sweep is not retried by Lambda: the next run, a minute later, is the retry.
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "FunctionName", Map.of("Ref", redelivery),
                "MaximumRetryAttempts", 0,
                "MaximumEventAgeInSeconds", 60));
        Map<String, Object> function = Templates.properties(resources.get(redelivery));
        assertThat(function.get("Timeout")).isEqualTo(60);
        List<String> actions = actionsOf(roleOf(function));
        assertThat(actions).contains("dynamodb:Query", "dynamodb:GetItem", "dynamodb:UpdateItem",
                "secretsmanager:GetSecretValue", "events:PutEvents", "states:SendTaskSuccess")
                .noneMatch(action -> action.startsWith("ses:"));
    }

    @Test
    void repairFunction_mayReachOnlyTheTable_noKeyEmailOrStepFunctions() {
        Map<String, Object> repair = Templates.properties(Templates.function(resources,
                ApprovalService.REPAIR_HANDLER));
        Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) repair.get("Environment")).get("Variables");
        assertThat(variables.keySet().stream().map(String::valueOf).toList())
                .containsExactlyInAnyOrder("COUNTERSIGN_APPROVALS_TABLE", "JAVA_TOOL_OPTIONS");
        String table = "table/countersign-approvals";
        String role = roleOf(repair);
        List<String> actions = actionsOf(role);
        assertThat(actions).contains("dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem")
                .allSatisfy(action -> assertThat(action).matches("dynamodb:.*|logs:.*|xray:.*"));
        for (var policy : Templates.ofType(resources, "AWS::IAM::Policy").values()) {
            Map<String, Object> p = Templates.properties(policy);
            if (!((List<?>) p.get("Roles")).contains(Map.of("Ref", role))) {
                continue;
            }
            for (Object statement : (List<?>) ((Map<?, ?>) p.get("PolicyDocument")).get("Statement")) {
                Map<?, ?> s = (Map<?, ?>) statement;
                if (Templates.strings(s.get("Action")).stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
                    // The approvals table and its indexes, nothing else.
                    Object resource = s.get("Resource");
                    List<?> each = resource instanceof List<?> list ? list : List.of(resource);
                    assertThat(each).isNotEmpty().allSatisfy(r -> assertThat(String.valueOf(r)).contains(table));
                }
            }
        }
    }

    private static String roleOf(Map<String, Object> function) {
        return (String) ((List<?>) ((Map<?, ?>) function.get("Role")).get("Fn::GetAtt")).get(0);
    }

    /** Every action any policy attached to {@code roleId} allows. */
    private static List<String> actionsOf(String roleId) {
        List<String> actions = new ArrayList<>();
        for (var policy : Templates.ofType(resources, "AWS::IAM::Policy").values()) {
            Map<String, Object> p = Templates.properties(policy);
            if (!((List<?>) p.get("Roles")).contains(Map.of("Ref", roleId))) {
                continue;
            }
            for (Object statement : (List<?>) ((Map<?, ?>) p.get("PolicyDocument")).get("Statement")) {
                actions.addAll(Templates.strings(((Map<?, ?>) statement).get("Action")));
            }
        }
        return actions;
    }

    @Test
    void outputs_nameTheApiTheStateMachinesAndTheBus() {
        assertThat(template.findOutputs("*").keySet()).contains("ApiUrl", "ApprovalGateStateMachineArn",
                "RefundWorkflowStateMachineArn", "EventBusName");
    }

    @Test
    void snapStart_whenOn_publishesAVersionAndWorkflowsAndApiCallTheLiveAlias() {
        Template snap = Synth.template(Synth.stack(Map.of(CountersignConfig.SENDER_ADDRESS, Synth.SENDER,
                CountersignConfig.SNAP_START, "true")));
        Map<String, Map<String, Object>> all = Templates.resources(snap);
        Map<String, Object> request = Templates.properties(Templates.function(all, ApprovalService.REQUEST_HANDLER));
        assertThat(request.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
        assertThat(Templates.ofType(all, "AWS::Lambda::Alias")).hasSize(4);
        Object definition = Templates.properties(Templates.stateMachine(all, "countersign-approval-gate"))
                .get("DefinitionString");
        // Without the alias the workflow would invoke $LATEST, which SnapStart never snapshots.
        for (String handler : List.of(ApprovalService.ROUTE_HANDLER, ApprovalService.REQUEST_HANDLER,
                ApprovalService.ESCALATE_HANDLER)) {
            String alias = Templates.ofType(all, "AWS::Lambda::Alias").entrySet().stream()
                    .filter(e -> String.valueOf(Templates.properties(e.getValue()).get("FunctionName"))
                            .contains(Templates.functionId(all, handler)))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            assertThat(definition.toString()).as(handler).contains("{Ref=" + alias + "}")
                    .doesNotContain("[" + Templates.functionId(all, handler) + ", Arn]");
        }
    }
}
