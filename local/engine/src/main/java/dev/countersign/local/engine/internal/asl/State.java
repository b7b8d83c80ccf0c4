package dev.countersign.local.engine.internal.asl;

import java.util.List;

/** A parsed state: one record per state type, each with the fields its type allows. */
public sealed interface State permits PassState, ChoiceState, WaitState, SucceedState, FailState,
        State.Recoverable {

    StateCommon common();

    default String name() {
        return common().name();
    }

    default QueryLanguage language() {
        return common().language();
    }

    /** The targets this state can move to (Next, Default, Choices, Catch), for reachability. */
    default List<String> successors() {
        return common().next() == null ? List.of() : List.of(common().next());
    }

    /**
     * The fields every state type shares.
     *
     * @param location   the state's JSON path in the definition, e.g. {@code $.States.Approve}
     * @param next       null when End (or Choice/Succeed/Fail)
     * @param inputPath  JSONPath only
     * @param outputPath JSONPath only
     * @param output     JSONata only; null when absent
     * @param assign     null when absent
     */
    record StateCommon(String name, String type, String location, QueryLanguage language, String next, boolean end,
                       OptionalPath inputPath, OptionalPath outputPath, ValueTemplate output,
                       ValueTemplate assign) {
    }

    /** States with Retry, Catch, ResultSelector and ResultPath: Task, Parallel, Map. */
    sealed interface Recoverable extends State permits TaskState, ParallelState, MapState {
        List<Retrier> retry();

        List<Catcher> catchers();

        /** JSONPath only; null when absent. */
        ValueTemplate resultSelector();

        /** JSONPath only. */
        ResultPath resultPath();
    }
}
