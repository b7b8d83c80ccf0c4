package dev.countersign.local.runtime.propose;

import static dev.countersign.local.runtime.propose.CountersignPropose.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalKey;
import dev.countersign.local.runtime.cli.CommandProblem;
import dev.countersign.workflow.GateHistory;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** One {@code countersign propose}: the execution started, its gates found, and with --wait its decisions. */
final class ProposeRun {
    private final Options options;
    private final Workflow workflow;
    private final SfnClient sfn;
    private final GateHistory gateHistory;
    private final PrintStream out;
    private final LongSupplier nanos;

    ProposeRun(Options options, Workflow workflow, SfnClient sfn, PrintStream out, LongSupplier nanos) {
        this.options = options;
        this.workflow = workflow;
        this.sfn = sfn;
        this.gateHistory = gateHistory(options.target());
        this.out = out;
        this.nanos = nanos;
    }

    int start(JsonNode proposal) {
        String stateMachineArn = options.target().aws() ? options.target().stateMachineArn()
                : localArn(workflow.name());
        String name = options.name() != null ? options.name() : defaultName(proposal);
        String executionArn;
        try {
            executionArn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name)
                    .input(workflow.input(proposal))).executionArn();
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new CommandProblem("nothing answers at " + (options.target().aws() ? "AWS Step Functions"
                    : options.target().endpoint()) + " (" + e.getMessage() + "): " + (options.target().aws()
                    ? "check your network and credentials" : "start ./countersign up first, or give --endpoint"),
                    2);
        }
        out.println("started " + workflow.name());
        out.println("  execution  " + executionArn);
        List<String> gates = awaitGate(executionArn);
        if (gates.isEmpty()) {
            DescribeExecutionResponse ended = sfn.describeExecution(r -> r.executionArn(executionArn));
            if (ended.status() != ExecutionStatus.RUNNING) {
                out.println("  the workflow ended before asking anyone: " + ended.statusAsString()
                        + (ended.error() == null ? "" : " " + ended.error())
                        + (ended.cause() == null ? "" : ": " + ended.cause()));
                return ended.status() == ExecutionStatus.SUCCEEDED ? 0 : 4;
            }
            out.println("  it has not reached its approval gate yet; follow it with the execution above");
        }
        for (String gate : gates) {
            out.println("  approval   " + ApprovalId.forKey(new ApprovalKey(executionArn, gate)).value()
                    + " (gate " + gate + ")");
        }
        out.println("  emails     " + (options.target().aws()
                ? "sent through SES to the approvers the routing rules chose"
                : "in the local mailbox, " + options.target().mailbox()));
        out.flush();
        if (!options.waitForDecision()) {
            return 0;
        }
        return awaitOutcome(executionArn);
    }

    private String localArn(String stateMachine) {
        return "arn:aws:states:" + dev.countersign.local.runtime.CountersignLocal.REGION + ":"
                + dev.countersign.local.runtime.CountersignLocal.ACCOUNT_ID + ":stateMachine:" + stateMachine;
    }

    private String defaultName(JsonNode proposal) {
        String id = proposal.path("proposalId").asText("proposal").replaceAll("[^A-Za-z0-9_-]", "-");
        String suffix = "-" + Long.toString(System.currentTimeMillis(), 36);
        return (id.length() > 80 - suffix.length() ? id.substring(0, 80 - suffix.length()) : id) + suffix;
    }

    /** The gates the execution has reached, once it has reached one or ended (empty: neither, in time). */
    private List<String> awaitGate(String executionArn) {
        long deadline = nanos.getAsLong() + GATE_WAIT.toNanos();
        while (true) {
            List<String> gates = gateHistory.gatesReached(executionArn);
            if (!gates.isEmpty()) {
                return gates;
            }
            if (sfn.describeExecution(r -> r.executionArn(executionArn)).status() != ExecutionStatus.RUNNING
                    || nanos.getAsLong() > deadline) {
                return gates;
            }
            sleep();
        }
    }

    private int awaitOutcome(String executionArn) {
        Long deadline = options.timeout() == null ? null : nanos.getAsLong() + options.timeout().toNanos();
        out.println("waiting for the decision…");
        out.flush();
        DescribeExecutionResponse execution;
        while ((execution = sfn.describeExecution(r -> r.executionArn(executionArn))).status()
                == ExecutionStatus.RUNNING) {
            if (deadline != null && nanos.getAsLong() > deadline) {
                out.println("still open after " + options.timeout() + ": the approval goes on; follow it with"
                        + " the execution above");
                return 5;
            }
            sleep();
        }
        List<JsonNode> decisions = decisions(executionArn);
        for (JsonNode decision : decisions) {
            out.println("decision at gate " + decision.path("gate").asText() + ":");
            try {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(decision.path("decision")));
            } catch (IOException e) {
                out.println(decision.path("decision"));
            }
        }
        out.println("execution " + execution.statusAsString() + (execution.error() == null ? ""
                : " " + execution.error() + (execution.cause() == null ? "" : ": " + execution.cause())));
        if (execution.output() != null) {
            // What the workflow did on that branch: paid, published, sent, erased, or back to a human queue.
            out.println("result " + execution.output());
        }
        if (execution.status() != ExecutionStatus.SUCCEEDED || decisions.isEmpty()) {
            return 4;
        }
        // The last decision is the workflow's outcome (publishing: the edit, then the sign-off).
        String outcome = decisions.get(decisions.size() - 1).path("decision").path("outcome").asText();
        return switch (outcome) {
            case "APPROVED" -> 0;
            case "REJECTED" -> 1;
            case "TIMED_OUT" -> 3;
            default -> 4;
        };
    }

    /** The "Approval Decided" events' details the execution put (its gates' PublishDecision steps), in order. */
    private List<JsonNode> decisions(String executionArn) {
        List<JsonNode> decisions = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            GetExecutionHistoryResponse page = sfn.getExecutionHistory(r -> r.executionArn(executionArn)
                    .includeExecutionData(true).maxResults(1000).nextToken(token));
            for (HistoryEvent event : page.events()) {
                if (event.type() == HistoryEventType.TASK_SCHEDULED && event.taskScheduledEventDetails() != null
                        && "events".equals(event.taskScheduledEventDetails().resourceType())) {
                    decisions.addAll(decided(event.taskScheduledEventDetails().parameters()));
                }
            }
            next = page.nextToken();
        } while (next != null);
        return decisions;
    }

    private static List<JsonNode> decided(String parameters) {
        List<JsonNode> found = new ArrayList<>();
        try {
            for (JsonNode entry : JSON.readTree(parameters).path("Entries")) {
                if (entry.path("DetailType").asText().equals("Approval Decided")) {
                    JsonNode detail = entry.path("Detail");
                    found.add(detail.isTextual() ? JSON.readTree(detail.asText()) : detail);
                }
            }
        } catch (IOException e) {
            // not a PutEvents the gate wrote
        }
        return found;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandProblem("interrupted while waiting", 5);
        }
    }
}
