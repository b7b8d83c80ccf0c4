package dev.countersign.views;

import dev.countersign.views.internal.Fields;

/**
 * A parameter the approver changed before approving.
 *
 * @param path the parameter's path (as in {@link ParamRow#path()})
 * @param from the proposed value
 * @param to   the approved value
 */
public record ParamChange(String path, String from, String to) {

    public ParamChange {
        Fields.required(path, "ParamChange.path", "the parameter's path");
        Fields.required(from, "ParamChange.from", "the proposed value");
        Fields.required(to, "ParamChange.to", "the approved value");
    }
}
