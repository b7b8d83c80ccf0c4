package dev.countersign.core;

/** Through which door a decision came in. Wire names are lower-case with hyphens, as in the Decision schema. */
public enum Channel {
    /** The approver pressed a button on the review page reached from an emailed link. */
    EMAIL_LINK("email-link"),
    /** An authenticated API call decided. */
    API("api"),
    /** No person decided: a policy did (the timeout fallback, or an automatic rule). */
    POLICY("policy");

    private final String wireName;

    Channel(String wireName) {
        this.wireName = wireName;
    }

    /** The value written into JSON. */
    public String wireName() {
        return wireName;
    }

    /** Reads a wire name; exact match only. */
    public static Channel fromWire(String wire) {
        for (Channel channel : values()) {
            if (channel.wireName.equals(wire)) {
                return channel;
            }
        }
        throw new IllegalArgumentException("unknown channel " + WireNames.show(wire)
                + "; expected one of " + WireNames.list(values(), Channel::wireName));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
