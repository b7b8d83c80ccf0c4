package dev.countersign.local.engine.internal.asl;

import java.util.ArrayList;
import java.util.List;

/** Choice: the first matching branch's Next, else Default (else States.NoChoiceMatched). */
public record ChoiceState(StateCommon common, List<ChoiceBranch> choices, String defaultNext) implements State {
    public ChoiceState {
        choices = List.copyOf(choices);
    }

    @Override
    public List<String> successors() {
        List<String> targets = new ArrayList<>();
        choices.forEach(choice -> targets.add(choice.next()));
        if (defaultNext != null) {
            targets.add(defaultNext);
        }
        return targets;
    }
}
