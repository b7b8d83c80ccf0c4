package dev.countersign.workflow;

import java.util.List;

/** Which approval gates an execution reached: what a cancellation needs to find the approvals it ends. */
public interface GateHistory {

    /**
     * The names of the gates whose RequestApproval task {@code executionArn} scheduled (each gate once, in the order
     * reached). Empty when the execution never asked anyone (a refused proposal, say).
     */
    List<String> gatesReached(String executionArn);
}
