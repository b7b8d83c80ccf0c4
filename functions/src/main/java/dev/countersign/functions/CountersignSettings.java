package dev.countersign.functions;

import dev.countersign.aws.RetryPolicy;
import dev.countersign.core.EmailAddress;
import dev.countersign.store.dynamodb.CountersignTables;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The handlers' configuration, parsed once at init from the environment. A missing or invalid value fails init
 * with a message naming the variable and giving an example. (Region, endpoints and credentials are
 * {@link dev.countersign.aws.AwsSettings}; the audit key is {@link dev.countersign.audit.AuditKeys}.)
 *
 * @param approvalsTable   the DynamoDB table ({@value #TABLE}, default {@code countersign-approvals})
 * @param sender           the From of every email ({@value #SENDER}), e.g. {@code Countersign <approvals@example.com>}
 * @param baseUrl          where the review pages are served ({@value #BASE_URL}), without a trailing slash; links are
 *                         {@code <baseUrl>/review/<secret>}
 * @param defaultApprovers who is asked when a proposal names no approvers ({@value #DEFAULT_APPROVERS}); may be empty
 * @param emailRetry       how each email is retried (SES throttling, 5xx, network)
 * @param callbackRetry    how a task callback is retried (Step Functions throttling, 5xx, network)
 * @param routingFile      the routing rules ({@code COUNTERSIGN_ROUTING_FILE}), or null: the decision function routes
 *                         a changed proposal again with them
 */
public record CountersignSettings(String approvalsTable, String sender, URI baseUrl, List<String> defaultApprovers,
                                  RetryPolicy emailRetry, RetryPolicy callbackRetry, Path routingFile) {
    public static final String TABLE = CountersignTables.TABLE_VARIABLE;
    public static final String SENDER = "COUNTERSIGN_SENDER";
    public static final String BASE_URL = "COUNTERSIGN_BASE_URL";
    public static final String DEFAULT_APPROVERS = "COUNTERSIGN_DEFAULT_APPROVERS";
    /** The path of the review pages under {@link #baseUrl}: {@code GET /review/<secret>}, {@code POST /review}. */
    public static final String REVIEW_PATH = "/review";

    private static final Pattern ADDRESS = Pattern.compile("[^\\s@<>,]+@[^\\s@<>,]+\\.[^\\s@<>,]+");
    private static final Pattern NAMED_ADDRESS = Pattern.compile("[^<>\\r\\n]*<([^<>\\s]+)>");

    public CountersignSettings {
        approvalsTable = Objects.requireNonNull(approvalsTable, "approvalsTable");
        sender = checkSender(sender);
        baseUrl = checkBaseUrl(BASE_URL, Objects.requireNonNull(baseUrl, "baseUrl").toString());
        defaultApprovers = List.copyOf(defaultApprovers);
        Objects.requireNonNull(emailRetry, "emailRetry");
        Objects.requireNonNull(callbackRetry, "callbackRetry");
    }

    /** Settings for tests and the local runtime: the default table and retry policies. */
    public static CountersignSettings of(String sender, String baseUrl, List<String> defaultApprovers) {
        return new CountersignSettings(CountersignTables.DEFAULT_APPROVALS_TABLE, sender, URI.create(baseUrl),
                defaultApprovers, RetryPolicy.EMAIL, RetryPolicy.CALLBACK, null);
    }

    public static CountersignSettings fromEnvironment(Map<String, String> env) {
        String table = value(env, TABLE);
        String sender = value(env, SENDER);
        if (sender == null) {
            throw new IllegalArgumentException(SENDER + " is not set: set it to the verified SES identity emails come"
                    + " from, e.g. " + SENDER + "='Countersign <approvals@example.com>'");
        }
        String base = value(env, BASE_URL);
        if (base == null) {
            throw new IllegalArgumentException(BASE_URL + " is not set: set it to where the review pages are served,"
                    + " e.g. " + BASE_URL + "=https://abc123.execute-api.eu-west-1.amazonaws.com or"
                    + " http://localhost:8080");
        }
        return new CountersignSettings(table == null ? CountersignTables.DEFAULT_APPROVALS_TABLE : table, sender,
                checkBaseUrl(BASE_URL, base), approvers(value(env, DEFAULT_APPROVERS)), RetryPolicy.EMAIL,
                RetryPolicy.CALLBACK, value(env, RouteDependencies.ROUTING_FILE) == null ? null
                : Path.of(value(env, RouteDependencies.ROUTING_FILE)));
    }

    /**
     * {@value #DEFAULT_APPROVERS} alone (the Route function needs nothing else of these settings): distinct lower-case
     * addresses, empty when unset; an entry that is not an address fails naming it.
     */
    public static List<String> defaultApprovers(Map<String, String> env) {
        return approvers(value(env, DEFAULT_APPROVERS));
    }

    public CountersignSettings withRetries(RetryPolicy email, RetryPolicy callback) {
        return new CountersignSettings(approvalsTable, sender, baseUrl, defaultApprovers, email, callback,
                routingFile);
    }

    public CountersignSettings withBaseUrl(String url) {
        return new CountersignSettings(approvalsTable, sender, URI.create(url), defaultApprovers, emailRetry,
                callbackRetry, routingFile);
    }

    public CountersignSettings withDefaultApprovers(List<String> approvers) {
        return new CountersignSettings(approvalsTable, sender, baseUrl, approvers, emailRetry, callbackRetry,
                routingFile);
    }

    /** The same settings with the routing rules file the decision function routes changed proposals with. */
    public CountersignSettings withRoutingFile(Path file) {
        return new CountersignSettings(approvalsTable, sender, baseUrl, defaultApprovers, emailRetry, callbackRetry,
                file);
    }

    /** The link a recipient gets: {@code <baseUrl>/review/<secret>}. Only the email may carry it. */
    public String reviewUrl(String secret) {
        return baseUrl + REVIEW_PATH + "/" + secret;
    }

    /** Where the review form posts: the base URL's path and {@code /review} (same origin, no secret in it). */
    public String formAction() {
        return basePath() + REVIEW_PATH;
    }

    /** The base URL's path ("" for a bare host): API Gateway custom domains may put the API under one. */
    public String basePath() {
        String path = baseUrl.getRawPath();
        return path == null ? "" : path;
    }

    /** The address part of {@link #sender} (for a sender written as {@code Name <address>}). */
    public String senderAddress() {
        var named = NAMED_ADDRESS.matcher(sender);
        return named.matches() ? named.group(1) : sender;
    }

    private static String checkSender(String sender) {
        if (sender == null || sender.isBlank()) {
            throw new IllegalArgumentException(SENDER + " is empty: set it like " + SENDER
                    + "='Countersign <approvals@example.com>'");
        }
        String s = sender.strip();
        if (s.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(SENDER + " contains control characters (a line break would let a"
                    + " value inject mail headers): write it on one line, e.g. 'Countersign <approvals@example.com>'");
        }
        var named = NAMED_ADDRESS.matcher(s);
        String address = named.matches() ? named.group(1) : s;
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException(SENDER + "='" + s + "' is not an email address: write it like"
                    + " approvals@example.com or 'Countersign <approvals@example.com>'");
        }
        return s;
    }

    private static URI checkBaseUrl(String variable, String value) {
        String text = value.strip();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(variable + "='" + value + "' is not a URL (" + e.getReason() + "):"
                    + " write it like https://approvals.example.com or http://localhost:8080");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(variable + "='" + value + "' is not an absolute http(s) URL with a"
                    + " host: write it like https://approvals.example.com or http://localhost:8080");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(variable + "='" + value + "' has a query, fragment or user name:"
                    + " give only scheme, host, port and an optional path, e.g. https://approvals.example.com");
        }
        return uri;
    }

    private static List<String> approvers(String list) {
        if (list == null) {
            return List.of();
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        String[] parts = list.split(",", -1);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            if (part.isEmpty()) {
                continue;
            }
            if (!ADDRESS.matcher(part).matches() || !part.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                problems.add("entry " + (i + 1) + " '" + part + "' is not an email address");
            } else {
                distinct.add(EmailAddress.normalize(part));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(DEFAULT_APPROVERS + ": " + String.join("; ", problems) + " — write"
                    + " comma-separated addresses, e.g. " + DEFAULT_APPROVERS + "=lee@example.com,kim@example.com");
        }
        return List.copyOf(distinct);
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
