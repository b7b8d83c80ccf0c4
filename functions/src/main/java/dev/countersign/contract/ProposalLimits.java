package dev.countersign.contract;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The proposal limits that JSON Schema cannot express, read from {@code x-countersign-limits} in
 * {@code proposal-1.schema.json}: the schema file is the one place every limit is written down, and the code
 * only reads it.
 *
 * @param maxCanonicalBytes     the whole proposal, as RFC 8785 canonical UTF-8
 * @param paramsMaxDepth        nesting inside {@code action.params}; params itself is level 1
 * @param paramsMaxEntries      object members plus array items in params, at every level together
 * @param paramsMaxStringLength characters (code points) of any string value inside params
 * @param paramsMaxKeyLength    characters of any member name inside params
 */
public record ProposalLimits(int maxCanonicalBytes, int paramsMaxDepth, int paramsMaxEntries,
                             int paramsMaxStringLength, int paramsMaxKeyLength) {

    /** Input larger than this many times the size limit is refused unread, so it cannot cost much to reject. */
    public static final int UNREAD_FACTOR = 16;

    /** The limits of the current proposal schema. */
    public static ProposalLimits current() {
        return ProposalValidator.instance().limits();
    }

    /** Raw input above this many bytes is not even parsed. */
    public long maxInputBytes() {
        return (long) maxCanonicalBytes * UNREAD_FACTOR;
    }

    static ProposalLimits fromSchema(JsonNode schema) {
        JsonNode root = schema.path("x-countersign-limits");
        JsonNode params = schema.path("properties").path("action").path("properties").path("params")
                .path("x-countersign-limits");
        return new ProposalLimits(
                positive(root, "maxCanonicalBytes", "/x-countersign-limits"),
                positive(params, "maxDepth", "/properties/action/properties/params/x-countersign-limits"),
                positive(params, "maxEntries", "/properties/action/properties/params/x-countersign-limits"),
                positive(params, "maxStringLength", "/properties/action/properties/params/x-countersign-limits"),
                positive(params, "maxKeyLength", "/properties/action/properties/params/x-countersign-limits"));
    }

    private static int positive(JsonNode limits, String name, String where) {
        JsonNode value = limits.get(name);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 1) {
            throw new IllegalStateException("the proposal schema must give " + name + " as a positive integer at "
                    + where + "; found " + value);
        }
        return value.intValue();
    }
}
