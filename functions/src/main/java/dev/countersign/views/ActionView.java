package dev.countersign.views;

import dev.countersign.views.internal.Fields;

import java.util.List;

/**
 * What the agent wants done.
 *
 * @param type    the action type, e.g. "payments.refund"
 * @param summary one human sentence, e.g. "Refund $1,250.00 to order 8812"; heads every email and page
 * @param params  the action's parameters flattened into rows (see {@link ParamRow#fromJson}); may be empty
 */
public record ActionView(String type, String summary, List<ParamRow> params) {

    public ActionView {
        Fields.text(type, "ActionView.type", "the proposal's action.type");
        Fields.text(summary, "ActionView.summary", "the proposal's action.summary");
        params = Fields.list(params, "ActionView.params");
    }
}
