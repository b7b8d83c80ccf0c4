package dev.countersign.infra;

/** A context option that cannot be used; the message names the key, the problem and an example value. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String problem, String example) {
        super("cdk context '" + key + "' " + problem + " — set it in cdk.json's \"context\" or on the command line,"
                + " e.g. npx cdk deploy -c " + example);
        this.key = key;
    }

    /** The context key at fault. */
    public String key() {
        return key;
    }
}
