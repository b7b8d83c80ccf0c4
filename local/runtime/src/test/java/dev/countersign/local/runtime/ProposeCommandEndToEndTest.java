package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.local.dynalite.ProjectRoot;
import dev.countersign.local.runtime.propose.CountersignPropose;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * {@code ./countersign propose} against a running local runtime (under the project's rules file, as {@code countersign
 * up} runs): the sample proposals start their workflows, an invalid one starts nothing and names every field, and
 * {@code --wait} prints the Decision and exits by outcome.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProposeCommandEndToEndTest {
    static final String PAT = "pat.finance@shop.example";
    static final String JULES = "jules.support@shop.example";
    static final Pattern APPROVAL = Pattern.compile("approval +(ap_[a-z2-7]{26}) \\(gate ([a-z-]+)\\)");
    static final Pattern EXECUTION = Pattern.compile("execution +(arn:aws:states:\\S+)");

    @TempDir
    static Path data;
    @TempDir
    static Path files;
    UseCaseRuntime use;
    final Path root = ProjectRoot.locate();

    @BeforeAll
    void start() {
        use = UseCaseRuntime.start(data);
    }

    @AfterAll
    void stop() {
        use.close();
    }

    /** What one run of the command printed, and its exit status. */
    record Result(int exit, String out, String err) {
        String execution() {
            Matcher m = EXECUTION.matcher(out);
            assertThat(m.find()).as("an execution in: " + out).isTrue();
            return m.group(1);
        }
    }

    private Result propose(InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--endpoint";
        all[args.length + 1] = use.runtime.local.stepFunctionsEndpoint().toString();
        all[args.length + 2] = "--mailbox";
        all[args.length + 3] = use.runtime.local.mailboxUrl().toString();
        int exit = CountersignPropose.run(all, root, in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static InputStream nothing() {
        return InputStream.nullInputStream();
    }

    /**
     * A sample proposal with one id replaced everywhere, and a summary that starts with the new id (an email's subject
     * shows only the summary's start), so each test finds its own emails.
     */
    private ObjectNode sample(String file, String id, String replacement) throws IOException {
        String text = Files.readString(root.resolve(file)).replace(id, replacement);
        ObjectNode proposal = (ObjectNode) RuntimeUnderTest.JSON.readTree(text);
        ((ObjectNode) proposal.path("action")).put("summary", replacement + ": " + proposal.path("action")
                .path("summary").asText());
        return proposal;
    }

    private int executionsOf(String stateMachine) {
        return use.runtime.sfn.listExecutions(r -> r.stateMachineArn(use.runtime.local.stateMachineArn(stateMachine)))
                .executions().size();
    }

    @Test
    void aSampleProposal_startsItsWorkflow_andSaysWhichApprovalAndWhereTheEmailsAre() {
        Result result = propose(nothing(), "payout", "examples/proposals/payout.json");

        assertThat(result.exit()).as(result.err()).isZero();
        String execution = result.execution();
        assertThat(execution).contains(":execution:payout-workflow:payout-INV-2291-");
        Matcher approval = APPROVAL.matcher(result.out());
        assertThat(approval.find()).as(result.out()).isTrue();
        assertThat(approval.group(2)).isEqualTo("payout-approval");
        assertThat(approval.group(1)).isEqualTo(RuntimeUnderTest.approvalId(execution, "payout-approval").value());
        assertThat(result.out()).contains("in the local mailbox, " + use.runtime.local.mailboxUrl());
        use.runtime.idle();
        assertThat(use.approval(execution, "payout-approval").status()).isEqualTo(ApprovalStatus.PENDING);
        // The sample as is: its summary names the payee first.
        assertThat(use.runtime.requestEmail(PAT, "Northwind").text()).contains(approval.group(1));
    }

    @Test
    void anInvalidProposal_startsNothing_andNamesEveryFieldAtFault() throws IOException {
        ObjectNode proposal = sample("examples/proposals/payout.json", "INV-2291", "INV-6001");
        proposal.remove("reasoning");
        ((ObjectNode) proposal.path("action").path("params")).put("amount", "lots");
        Path file = files.resolve("bad-payout.json");
        Files.writeString(file, proposal.toString());
        int before = executionsOf("payout-workflow");

        Result result = propose(nothing(), "payout-workflow", file.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("nothing was started", "$.reasoning", "$.action.params.amount",
                "needs it as a number", "examples/proposals/payout.json");
        assertThat(result.out()).isEmpty();
        assertThat(executionsOf("payout-workflow")).isEqualTo(before);
    }

    @Test
    void aProposalForAnotherWorkflow_isRefusedWithTheFieldsThatSaySo() {
        int before = executionsOf("payout-workflow");

        Result result = propose(nothing(), "payout-workflow", "examples/proposals/article.json");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("$.workflow", "$.action.type", "$.action.params.invoiceId");
        assertThat(executionsOf("payout-workflow")).isEqualTo(before);
    }

    @Test
    void withWait_fromStandardInput_printsTheDecision_andExitsZeroWhenApproved() throws Exception {
        ObjectNode proposal = sample("examples/proposals/customer-reply.json", "T-5512", "T-6002");
        CompletableFuture<Result> waiting = CompletableFuture.supplyAsync(() -> propose(
                new ByteArrayInputStream(proposal.toString().getBytes(StandardCharsets.UTF_8)),
                "customer-reply-workflow", "-", "--wait"));

        String secret = awaitRequest(JULES, "T-6002", waiting);
        use.decide(secret, "approve", "Good reply.");

        Result result = waiting.get(60, TimeUnit.SECONDS);
        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("decision at gate", "\"outcome\" : \"APPROVED\"",
                "\"decidedBy\" : \"" + JULES + "\"", "execution SUCCEEDED");
        assertThat(use.status(result.execution())).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void withWait_exitsOneWhenRejected() throws Exception {
        ObjectNode proposal = sample("examples/proposals/payout.json", "INV-2291", "INV-7001");
        Path file = files.resolve("payout-7001.json");
        Files.writeString(file, proposal.toString());
        CompletableFuture<Result> waiting = CompletableFuture.supplyAsync(() -> propose(nothing(), "payout-workflow",
                file.toString(), "--wait", "--timeout", "2m"));

        String secret = awaitRequest(PAT, "INV-7001", waiting);
        use.decide(secret, "reject", "Paid already.");

        Result result = waiting.get(60, TimeUnit.SECONDS);
        assertThat(result.exit()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.out()).contains("\"outcome\" : \"REJECTED\"", "Paid already.");
    }

    @Test
    void commandLineMistakes_sayWhatToDo() {
        assertThat(propose(nothing(), "payroll", "examples/proposals/payout.json").err())
                .contains("no workflow 'payroll'", "payout-workflow", "approval-gate");
        assertThat(propose(nothing(), "payout", "missing.json").err()).contains("no proposal file",
                "examples/proposals");
        assertThat(propose(nothing(), "payout", "examples/proposals/payout.json", "--timeout", "5m").err())
                .contains("--timeout goes with --wait");
    }

    /** The review secret of the request email, once it has arrived (the command is still waiting meanwhile). */
    private String awaitRequest(String address, String subjectWord, CompletableFuture<Result> waiting)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (waiting.isDone()) {
                throw new AssertionError("the command ended before anyone decided: " + waiting.join());
            }
            boolean arrived = use.emailsTo(address).stream().anyMatch(m -> m.subject().startsWith("Approval needed")
                    && m.subject().contains(subjectWord));
            if (arrived) {
                return use.secret(address, subjectWord);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no approval request to " + address + " about " + subjectWord);
    }
}
