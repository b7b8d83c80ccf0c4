package dev.countersign.infra;

import dev.countersign.example.ArticleAgentFunction;
import dev.countersign.example.EraseCustomerDataFunction;
import dev.countersign.example.ErasureAgentFunction;
import dev.countersign.example.ExampleRecords;
import dev.countersign.example.ExampleWorkflow;
import dev.countersign.example.NotApprovedFunction;
import dev.countersign.example.PayoutAgentFunction;
import dev.countersign.example.PrepareSignOffFunction;
import dev.countersign.example.PublishArticleFunction;
import dev.countersign.example.ReplyAgentFunction;
import dev.countersign.example.SendPayoutFunction;
import dev.countersign.example.SendReplyFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.DynamoAttributeValue;
import software.amazon.awscdk.services.stepfunctions.tasks.DynamoPutItem;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The opt-in example workflows ({@code -c examples=true}), one per use of Countersign besides the refund that {@link
 * CountersignStack} always deploys — a payout, an article (an editor edits the draft, two of three editors sign it
 * off), a reply to a customer (sent by SES), and erasing a customer's data (two named people) — each built with {@link
 * ApprovalGate} on the Countersign stack's {@link ApprovalService}, as a team's own stack would. Every example ends in
 * the example records table ({@value #RECORDS_TABLE}): what was paid, published, sent or erased, and what went back to
 * a human queue.
 *
 * <p>Each workflow: the agent step (a team's model goes there; the example is deterministic), the gate, the action on
 * APPROVED, the not-approved step otherwise (rejected, timed out, cancelled), then the record. The files in {@code
 * statemachines/} are generated from this stack too ({@link GeneratedDefinitions}).
 */
public final class CountersignExamplesStack extends Stack {
    /** The example records table's name after the prefix ({@link ExampleRecords}). */
    public static final String RECORDS_TABLE = ExampleRecords.TABLE;

    private final ApprovalService service;
    private final Table records;
    private final Code code;
    private final List<JavaFunction> functions = new ArrayList<>();
    private final Map<ExampleWorkflow, StateMachine> workflows = new LinkedHashMap<>();
    private final JavaFunction notApproved;

    /**
     * @param service  the Countersign stack's service (its functions decide, its bus announces)
     * @param examples the examples' Lambda jar ({@link FunctionsJar#examplesCode()})
     */
    public CountersignExamplesStack(Construct scope, String id, StackProps props, ApprovalService service,
                                    Code examples) {
        super(scope, id, props);
        this.service = service;
        this.code = examples;
        CountersignConfig config = service.config();
        String prefix = config.resourcePrefix();
        this.records = Table.Builder.create(this, "ExampleRecordsTable")
                .tableName(prefix + "-" + RECORDS_TABLE)
                .partitionKey(Attribute.builder().name(ExampleRecords.KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                // Example data: deleted with the example stack.
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.notApproved = step("NotApprovedFunction", NotApprovedFunction.class, "the not-approved path: returns"
                + " the request to its human queue", Map.of());

        payout(prefix);
        article(prefix);
        customerReply(prefix, config);
        erasure(prefix);

        for (Map.Entry<ExampleWorkflow, StateMachine> workflow : workflows.entrySet()) {
            service.allowGatesIn(workflow.getValue());
            CfnOutput.Builder.create(this, outputName(workflow.getKey()))
                    .value(workflow.getValue().getStateMachineArn()).build();
        }
        CfnOutput.Builder.create(this, "ExampleRecordsTableName").value(records.getTableName()).build();
        suppressJustifiedFindings();
    }

    /** {@code PayoutWorkflowStateMachineArn}: the output that names an example's state machine. */
    public static String outputName(ExampleWorkflow workflow) {
        return workflow.pascalName() + "StateMachineArn";
    }

    public Map<ExampleWorkflow, StateMachine> workflows() {
        return Map.copyOf(workflows);
    }

    public Table records() {
        return records;
    }

    public ApprovalService service() {
        return service;
    }

    // ------------------------------------------------------------------------------------------------ workflows

    private void payout(String prefix) {
        LambdaInvoke propose = agent("ProposePayout", "PayoutAgentFunction", PayoutAgentFunction.class,
                "looks at a due supplier invoice and proposes paying it");
        JavaFunction send = step("SendPayoutFunction", SendPayoutFunction.class, "sends an approved payout", Map.of());
        DynamoPutItem record = record("RecordPayout", "what was paid, or held for accounts payable");
        ApprovalGate gate = ApprovalGate.Builder.create(this, "PayoutApproval").service(service)
                .stateNamePrefix("").proposalPath("$.agent.proposal").resultPath("$.decision")
                .whenApproved(act("SendPayout", send, "$.agent.proposal", "$.decision",
                        "Runs only after an explicit approval; it refuses a decision about another proposal.")
                        .next(record))
                .whenRejected(act("HoldPayout", notApproved, "$.agent.proposal", "$.decision",
                        "Rejected or timed out: the invoice stays with accounts payable, nothing is paid.")
                        .next(record))
                .build();
        workflow(ExampleWorkflow.PAYOUT, prefix, "an agent proposes paying a due supplier invoice; a finance lead"
                + " approves (and may lower the amount) before anything is paid", propose.next(gate));
    }

    private void article(String prefix) {
        LambdaInvoke draft = agent("DraftArticle", "ArticleAgentFunction", ArticleAgentFunction.class,
                "drafts an article from a brief");
        JavaFunction prepare = step("PrepareSignOffFunction", PrepareSignOffFunction.class,
                "turns the edited draft into the proposal to publish", Map.of());
        JavaFunction publish = step("PublishArticleFunction", PublishArticleFunction.class,
                "publishes the signed-off article", Map.of());
        DynamoPutItem record = record("RecordArticle", "what was published, or which draft went back to its author");
        LambdaInvoke prepareSignOff = LambdaInvoke.Builder.create(this, "PrepareSignOff")
                .comment("The edited draft (the editor's changes applied and checked against their approval) becomes"
                        + " the proposal to publish exactly that text.")
                .lambdaFunction(prepare.invocable())
                .payload(TaskInput.fromObject(proposalAndDecision("$.agent.proposal", "$.edit")))
                .resultSelector(Map.of("proposal", JsonPath.objectAt("$.Payload")))
                .resultPath("$.signOff")
                .retryOnServiceExceptions(false)
                .build();
        ApprovalGate signOff = ApprovalGate.Builder.create(this, "SignOffApproval").service(service)
                .gateName("article-sign-off").stateNamePrefix("SignOff: ")
                .proposalPath("$.signOff.proposal").resultPath("$.decision")
                .whenApproved(act("PublishArticle", publish, "$.signOff.proposal", "$.decision",
                        "Runs only after two editors signed off; it publishes exactly the approved text.")
                        .next(record))
                .whenRejected(act("ReturnSignedOffDraft", notApproved, "$.signOff.proposal", "$.decision",
                        "The sign-off was rejected or timed out: the draft goes back to its author.").next(record))
                .build();
        ApprovalGate edit = ApprovalGate.Builder.create(this, "EditApproval").service(service)
                .gateName("article-edit").stateNamePrefix("Edit: ")
                .proposalPath("$.agent.proposal").resultPath("$.edit")
                .whenApproved(prepareSignOff.next(signOff))
                .whenRejected(act("ReturnDraft", notApproved, "$.agent.proposal", "$.edit",
                        "The editor rejected the draft (or nobody edited it in time): it goes back to its author.")
                        .next(record))
                .build();
        workflow(ExampleWorkflow.ARTICLE, prefix, "an agent drafts an article; one editor edits the headline and body"
                + " and approves, then two of three editors sign the final text off before it is published",
                draft.next(edit));
    }

    private void customerReply(String prefix, CountersignConfig config) {
        LambdaInvoke draft = agent("DraftReply", "ReplyAgentFunction", ReplyAgentFunction.class,
                "drafts a reply to a customer's message");
        JavaFunction send = step("SendReplyFunction", SendReplyFunction.class, "sends the approved reply through SES",
                Map.of(SendReplyFunction.FROM_VARIABLE, config.sender()));
        grantSend(send, config);
        DynamoPutItem record = record("RecordReply", "what was sent, or which ticket went back to the human queue");
        ApprovalGate gate = ApprovalGate.Builder.create(this, "ReplyApproval").service(service)
                .stateNamePrefix("").proposalPath("$.agent.proposal").resultPath("$.decision")
                .whenApproved(act("SendReply", send, "$.agent.proposal", "$.decision",
                        "Sends the reply as approved (the approver's edits applied) to the customer through SES.")
                        .next(record))
                .whenRejected(act("ReturnToQueue", notApproved, "$.agent.proposal", "$.decision",
                        "Rejected or timed out: nothing is sent; the ticket goes back to the human support queue"
                                + " with the draft.").next(record))
                .build();
        workflow(ExampleWorkflow.CUSTOMER_REPLY, prefix, "an agent drafts a reply to a customer; a support lead may"
                + " edit it, and only an approved reply is sent", draft.next(gate));
    }

    private void erasure(String prefix) {
        LambdaInvoke prepare = agent("PrepareErasure", "ErasureAgentFunction", ErasureAgentFunction.class,
                "checks an erasure request and lists what would be erased");
        JavaFunction erase = step("EraseCustomerDataFunction", EraseCustomerDataFunction.class,
                "erases an approved customer's data", Map.of());
        DynamoPutItem record = record("RecordErasure", "what was erased, or which request went to the privacy"
                + " team");
        ApprovalGate gate = ApprovalGate.Builder.create(this, "ErasureApproval").service(service)
                .stateNamePrefix("").proposalPath("$.agent.proposal").resultPath("$.decision")
                .whenApproved(act("EraseCustomerData", erase, "$.agent.proposal", "$.decision",
                        "Irreversible: runs only after both named approvers approved.").next(record))
                .whenRejected(act("DeclineErasure", notApproved, "$.agent.proposal", "$.decision",
                        "Rejected: nothing is erased; the privacy team answers the request.").next(record))
                .build();
        workflow(ExampleWorkflow.DATA_ERASURE, prefix, "an agent prepares erasing a customer's data; two named people"
                + " must both approve, and nobody answering fails the workflow", prepare.next(gate));
    }

    // ------------------------------------------------------------------------------------------------ parts

    private void workflow(ExampleWorkflow example, String prefix, String comment, IChainable definition) {
        String id = outputName(example).replace("StateMachineArn", "");
        workflows.put(example, Workflows.standard(this, id, prefix + "-" + example.stateMachine(),
                "Countersign example: " + comment + ".", definition, service.config().logRetention()));
    }

    private JavaFunction step(String id, Class<?> handler, String what, Map<String, String> environment) {
        JavaFunction function = new JavaFunction(this, id, handler.getName(), "Countersign example: " + what, code,
                environment, service.config().memorySize(), Duration.seconds(30), false,
                service.config().logRetention());
        functions.add(function);
        return function;
    }

    /** The agent step: the execution's input in, the proposal out at {@code $.agent.proposal}. */
    private LambdaInvoke agent(String id, String functionId, Class<?> handler, String what) {
        JavaFunction function = step(functionId, handler, "the agent step that " + what, Map.of());
        return LambdaInvoke.Builder.create(this, id)
                .comment("The agent step: " + what + ", with its reasoning and evidence. A team's model goes here;"
                        + " the example is deterministic. Started with {\"proposal\": ...}, it only checks that the"
                        + " proposal is one this workflow acts on.")
                .lambdaFunction(function.invocable())
                .payload(TaskInput.fromJsonPathAt("$"))
                .resultSelector(Map.of("proposal", JsonPath.objectAt("$.Payload")))
                .resultPath("$.agent")
                .build();
    }

    /** A step after the gate: the proposal and the Decision in, its answer at {@code $.result}; never retried. */
    private LambdaInvoke act(String id, JavaFunction function, String proposal, String decision, String comment) {
        return LambdaInvoke.Builder.create(this, id)
                .comment(comment)
                .lambdaFunction(function.invocable())
                .payload(TaskInput.fromObject(proposalAndDecision(proposal, decision)))
                .payloadResponseOnly(true)
                .resultPath("$.result")
                // An action with effects outside is not retried blindly: a failure is for a person to look at.
                .retryOnServiceExceptions(false)
                .build();
    }

    /** {@code {"proposal.$": proposal, "decision.$": decision}}, in this order (the generated file is stable). */
    private static Map<String, Object> proposalAndDecision(String proposal, String decision) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("proposal", JsonPath.objectAt(proposal));
        payload.put("decision", JsonPath.objectAt(decision));
        return payload;
    }

    /** Writes {@code $.result} (with its {@code record} key) into the example records table. */
    private DynamoPutItem record(String id, String what) {
        Map<String, DynamoAttributeValue> item = new LinkedHashMap<>();
        item.put(ExampleRecords.KEY, DynamoAttributeValue.fromString(JsonPath.stringAt("$.result.record")));
        item.put(ExampleRecords.DETAIL, DynamoAttributeValue.fromString(JsonPath.jsonToString(JsonPath.objectAt("$.result"))));
        item.put(ExampleRecords.EXECUTION, DynamoAttributeValue.fromString(JsonPath.getExecutionId()));
        item.put(ExampleRecords.RECORDED_AT, DynamoAttributeValue.fromString(JsonPath.getStateEnteredTime()));
        return DynamoPutItem.Builder.create(this, id)
                .comment("Records " + what + " in the example records table, where the example shows it.")
                .table(records)
                .item(item)
                .resultPath(JsonPath.DISCARD)
                .build();
    }

    /** SendEmail with From = the Countersign sender only (the identity the Countersign stack verifies). */
    private void grantSend(JavaFunction function, CountersignConfig config) {
        String identities = formatArn(ArnComponents.builder().service("ses").resource("identity").resourceName("*")
                .build());
        String configurationSets = formatArn(ArnComponents.builder().service("ses").resource("configuration-set")
                .resourceName("*").build());
        Policy policy = Policy.Builder.create(this, "SendReplySend")
                .roles(List.of(function.role()))
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("ses:SendEmail"))
                        .resources(List.of(identities, configurationSets))
                        .conditions(Map.of("StringEquals", Map.of("ses:FromAddress", config.senderAddress())))
                        .build()))
                .build();
        Nag.suppress(policy, "AwsSolutions-IAM5", "SES authorises the sender's and, in the sandbox, the customer's"
                + " identity against this policy; the ses:FromAddress condition pins the From address.",
                List.of("Resource::" + Nag.subject(this, identities), "Resource::" + Nag.subject(this,
                        configurationSets)));
    }

    private void suppressJustifiedFindings() {
        List<String> subjects = new ArrayList<>();
        subjects.add("Resource::*");
        for (JavaFunction function : functions) {
            subjects.add("Resource::<" + Nag.logicalId(function.invocable()) + ".Arn>:*");
        }
        for (StateMachine workflow : workflows.values()) {
            Nag.suppress(workflow, "AwsSolutions-IAM5", "grantInvoke also allows the example functions' versions and"
                    + " aliases (<function ARN>:*); CloudWatch Logs delivery and X-Ray actions support no"
                    + " resource-level permissions, so CDK grants them on '*'.", subjects);
        }
    }
}
