package dev.countersign.local.engine.internal.asl;

/** The two query languages of the Amazon States Language. */
public enum QueryLanguage {
    JSONPATH("JSONPath"), JSONATA("JSONata");

    private final String aslName;

    QueryLanguage(String aslName) {
        this.aslName = aslName;
    }

    public String aslName() {
        return aslName;
    }

    static QueryLanguage fromAsl(String value) {
        for (QueryLanguage language : values()) {
            if (language.aslName.equals(value)) {
                return language;
            }
        }
        return null;
    }
}
