package dev.countersign.local.engine.internal.run;

import dev.countersign.local.engine.HistoryEventType;
import dev.countersign.local.engine.StatesError;
import dev.countersign.local.engine.expr.Scope;
import dev.countersign.local.engine.internal.asl.ChoiceBranch;
import dev.countersign.local.engine.internal.asl.ChoiceState;
import dev.countersign.local.engine.internal.asl.QueryLanguage;
import dev.countersign.local.engine.internal.asl.ValueTemplate;

/**
 * Choice: the first matching rule's Next (with that rule's Assign, and in JSONata its Output); else Default with the
 * state's own Assign; else States.NoChoiceMatched.
 */
final class ChoiceRunner extends StateRunner<ChoiceState> {
    ChoiceRunner(Interpreter interpreter) {
        super(interpreter, HistoryEventType.ChoiceStateEntered, HistoryEventType.ChoiceStateExited);
    }

    @Override
    void start(Turn turn, Frame frame, ChoiceState state) {
        if (state.language() == QueryLanguage.JSONPATH) {
            Scope scope = jsonPathScope(turn, frame, effectiveInput(turn, frame, state), null);
            for (ChoiceBranch branch : state.choices()) {
                if (branch.rule().matches(scope)) {
                    finishWithInput(turn, frame, state, branch.assign(), null, branch.next());
                    return;
                }
            }
        } else {
            Scope scope = jsonataScope(turn, frame, null, null, null);
            for (ChoiceBranch branch : state.choices()) {
                if (branch.condition().test(scope)) {
                    ValueTemplate output = branch.output() != null ? branch.output() : state.common().output();
                    finishWithInput(turn, frame, state, branch.assign(), output, branch.next());
                    return;
                }
            }
        }
        if (state.defaultNext() == null) {
            throw StatesError.NO_CHOICE_MATCHED.failure("No Matches! (Choice state '" + state.name() + "' has no"
                    + " rule that matches its input and no Default)");
        }
        finishWithInput(turn, frame, state, state.common().assign(), state.common().output(), state.defaultNext());
    }
}
