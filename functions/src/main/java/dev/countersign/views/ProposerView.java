package dev.countersign.views;

import dev.countersign.views.internal.Fields;

/**
 * The agent that proposed the action.
 *
 * @param agent the agent's name (required)
 * @param model the model it ran on, or {@code null}
 * @param runId the agent run's id, or {@code null}
 */
public record ProposerView(String agent, String model, String runId) {

    public ProposerView {
        Fields.text(agent, "ProposerView.agent", "the proposal's proposedBy.agent");
    }
}
