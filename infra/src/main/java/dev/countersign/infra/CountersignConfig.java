package dev.countersign.infra;

import dev.countersign.core.text.DidYouMean;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * The stack's settings, read from CDK context ({@code cdk.json}'s {@code "context"} or {@code -c key=value}) and
 * checked before anything is built: a missing sender, a malformed URL or an unknown option fails synth with a
 * {@link ConfigException} naming the key and an example value.
 *
 * @param senderAddress     the From address (context {@value #SENDER_ADDRESS}); with only a domain, {@code
 *                          approvals@<domain>}
 * @param senderDomain      the SES domain identity (context {@value #SENDER_DOMAIN}), or null: then the address itself
 *                          is the identity
 * @param senderName        the From display name (context {@value #SENDER_NAME}, default {@code Countersign})
 * @param baseUrl           where approvers open review links (context {@value #BASE_URL}), or null: the HTTP API's own
 *                          URL (the default)
 * @param routingFile       the routing rules file the Route function reads (context {@value #ROUTING_FILE}, default
 *                          {@value #DEFAULT_ROUTING_FILE}, relative to the repository root; shipped as a Lambda
 *                          layer and checked at synth), or null for {@value #NO_ROUTING_FILE}: then the gate's
 *                          approvers, else the proposal's routing hints, else {@code defaultApprovers} are asked
 * @param defaultApprovers  who is asked when a proposal names no approvers, only with {@code routingFile=none} (context
 *                          {@value #DEFAULT_APPROVERS}, comma-separated; default none)
 * @param resourcePrefix    the physical names' prefix (context {@value #RESOURCE_PREFIX}, default {@code
 *                          countersign}): table {@code <prefix>-approvals}, state machines {@code
 *                          <prefix>-approval-gate} and {@code <prefix>-refund-workflow}, bus {@code <prefix>-events}
 * @param memorySize        every function's memory in MB (context {@value #MEMORY_SIZE}, default
 *                          {@value #DEFAULT_MEMORY_MB}; see docs/deploy.md for the measurement behind it)
 * @param snapStart         SnapStart on the Countersign functions (context {@value #SNAP_START}, default
 *                          {@value #DEFAULT_SNAP_START}; see docs/deploy.md)
 * @param logRetentionDays  retention of every log group (context {@value #LOG_RETENTION_DAYS}, default
 *                          {@value #DEFAULT_LOG_RETENTION_DAYS})
 * @param throttleRate      the HTTP API's steady request rate per second (context {@value #THROTTLE_RATE}, default
 *                          {@value #DEFAULT_THROTTLE_RATE})
 * @param throttleBurst     the HTTP API's burst (context {@value #THROTTLE_BURST}, default
 *                          {@value #DEFAULT_THROTTLE_BURST})
 * @param existingSenderIdentity the SES identity already exists in the account and region (context {@value
 *                          #SENDER_IDENTITY}{@code =}{@value #EXISTING}; default {@value #CREATE}: the stack creates it)
 * @param alarmEmail        who is subscribed to the alarm topic (context {@value #ALARM_EMAIL}), or null: nobody (the
 *                          topic is there to subscribe to)
 * @param proposalSources   the EventBridge {@code source}s whose "Proposal Submitted" events start the gate workflow
 *                          (context {@value #PROPOSAL_SOURCES}, comma-separated; default {@value
 *                          #DEFAULT_PROPOSAL_SOURCE}); never {@code countersign}, the functions' own source
 * @param examples          also deploy the example workflows' stack ({@link CountersignExamplesStack}; context {@value
 *                          #EXAMPLES}{@code =true}; default false)
 */
public record CountersignConfig(String senderAddress, String senderDomain, String senderName, URI baseUrl,
                                Path routingFile, List<String> defaultApprovers, String resourcePrefix, int memorySize,
                                boolean snapStart, int logRetentionDays, int throttleRate, int throttleBurst,
                                boolean existingSenderIdentity, String alarmEmail, List<String> proposalSources,
                                boolean examples) {
    public static final String SENDER_ADDRESS = "senderAddress";
    public static final String SENDER_DOMAIN = "senderDomain";
    public static final String SENDER_NAME = "senderName";
    public static final String BASE_URL = "baseUrl";
    public static final String ROUTING_FILE = "routingFile";
    public static final String DEFAULT_APPROVERS = "defaultApprovers";
    public static final String RESOURCE_PREFIX = "resourcePrefix";
    public static final String MEMORY_SIZE = "memorySize";
    public static final String SNAP_START = "snapStart";
    public static final String LOG_RETENTION_DAYS = "logRetentionDays";
    public static final String THROTTLE_RATE = "throttleRate";
    public static final String THROTTLE_BURST = "throttleBurst";
    public static final String SENDER_IDENTITY = "senderIdentity";
    public static final String ALARM_EMAIL = "alarmEmail";
    public static final String PROPOSAL_SOURCES = "proposalSources";
    public static final String EXAMPLES = "examples";
    /** {@value #SENDER_IDENTITY} values: the stack creates the SES identity, or uses the one already there. */
    public static final String CREATE = "create";
    public static final String EXISTING = "existing";
    /** The default {@code source} of "Proposal Submitted" events. */
    public static final String DEFAULT_PROPOSAL_SOURCE = "countersign.proposals";
    /** The default {@value #RESOURCE_PREFIX}; its stack keeps the name {@value CountersignApp#STACK_NAME}. */
    public static final String DEFAULT_PREFIX = "countersign";

    /**
     * One full vCPU (Lambda gives CPU in proportion to memory, one vCPU at 1,769 MB). A cold start is CPU-bound
     * (docs/deploy.md: ~0.6-0.9 s of CPU, ~140 MB peak RSS), so below this size a cold invocation costs the same
     * GB-seconds and only takes longer; approvals are human-paced, so most invocations are cold.
     */
    public static final int DEFAULT_MEMORY_MB = 1769;
    /**
     * Off: opt-in with {@code -c snapStart=true}. The link secrets' generator is now created after restore and the
     * handlers prime before the snapshot, so it is safe; it stays opt-in because the approver's page already starts
     * cold in ~0.2 s, every deploy waits for four snapshots, and a restore has not been measured on AWS
     * (docs/deploy.md, "SnapStart").
     */
    public static final boolean DEFAULT_SNAP_START = false;
    public static final int DEFAULT_LOG_RETENTION_DAYS = 90;
    public static final int DEFAULT_THROTTLE_RATE = 20;
    public static final int DEFAULT_THROTTLE_BURST = 40;
    /** The example rules file in this repository (docs/routing.md); replace it with your deployment's. */
    public static final String DEFAULT_ROUTING_FILE = "config/routing.json";
    /** {@value #ROUTING_FILE} value for a deployment without routing rules. */
    public static final String NO_ROUTING_FILE = "none";

    /** Every option this app reads, with an example value (the error messages show it). */
    public static final Map<String, String> OPTIONS = options();

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+)");
    private static final Pattern DOMAIN = Pattern.compile("(?=.{4,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{1,30}[a-z0-9]");
    private static final Pattern DISPLAY_NAME = Pattern.compile("[^<>\"\\p{Cntrl}]{1,64}");
    /** Options look like ours when they are plain camelCase words; CDK's own keys carry ':', '@', '/' or '-'. */
    private static final Pattern OWN_KEY_SHAPE = Pattern.compile("[a-z][A-Za-z0-9]*");
    private static final Pattern EVENT_SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,255}");

    public CountersignConfig {
        Objects.requireNonNull(senderAddress, "senderAddress");
        Objects.requireNonNull(senderName, "senderName");
        Objects.requireNonNull(resourcePrefix, "resourcePrefix");
        defaultApprovers = List.copyOf(defaultApprovers);
        proposalSources = List.copyOf(proposalSources);
    }

    /** A configuration for tests and examples: this sender address, every other option at its default. */
    public static CountersignConfig withSender(String senderAddress) {
        return fromContext(Map.of(SENDER_ADDRESS, senderAddress));
    }

    /**
     * Reads and checks the options.
     *
     * @param context every context value the app sees (CDK's own keys, which contain ':', '@', '/' or '-', are left
     *                alone)
     * @throws ConfigException naming the key, the problem and an example value
     */
    public static CountersignConfig fromContext(Map<String, ?> context) {
        return read(context, true);
    }

    /**
     * As {@link #fromContext(Map)}, for a team's own CDK app that adds approval gates: its context holds keys of its
     * own, so only unknown keys that are near-misses of an option (edit distance at most 3, e.g. {@code
     * senderAdress}) are refused.
     */
    public static CountersignConfig fromSharedContext(Map<String, ?> context) {
        return read(context, false);
    }

    /** {@link #fromSharedContext(Map)} over the context of a team's CDK app (read in the app, never in a construct). */
    public static CountersignConfig fromSharedContext(software.constructs.Construct app) {
        return fromSharedContext(Context.of(app));
    }

    private static CountersignConfig read(Map<String, ?> context, boolean ownApp) {
        List<String> unknown = new ArrayList<>();
        for (String key : context.keySet()) {
            if (OWN_KEY_SHAPE.matcher(key).matches() && !OPTIONS.containsKey(key)
                    && (ownApp || closest(key) != null)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            String key = unknown.get(0);
            String close = closest(key);
            throw new ConfigException(key, "is not a Countersign option" + (close == null ? "" : " (did you mean '"
                    + close + "'?)") + "; the options are " + String.join(", ", OPTIONS.keySet()),
                    close == null ? SENDER_ADDRESS + "=" + OPTIONS.get(SENDER_ADDRESS) : close + "=" + OPTIONS.get(close));
        }

        String domain = ContextValues.text(context, SENDER_DOMAIN);
        if (domain != null) {
            domain = domain.toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(domain).matches()) {
                throw new ConfigException(SENDER_DOMAIN, "'" + domain + "' is not a domain name", example(SENDER_DOMAIN));
            }
        }
        String address = ContextValues.text(context, SENDER_ADDRESS);
        if (address == null && domain == null) {
            throw new ConfigException(SENDER_ADDRESS, "is missing: Countersign needs the SES identity its emails come"
                    + " from (" + SENDER_ADDRESS + ", or " + SENDER_DOMAIN + " for a whole domain)",
                    example(SENDER_ADDRESS) + " or -c " + example(SENDER_DOMAIN));
        }
        if (address == null) {
            address = "approvals@" + domain;
        } else {
            var matcher = EMAIL.matcher(address);
            if (!matcher.matches() || address.length() > 254) {
                throw new ConfigException(SENDER_ADDRESS, "'" + address + "' is not an email address",
                        example(SENDER_ADDRESS));
            }
            if (domain != null && !matcher.group(1).equalsIgnoreCase(domain)) {
                throw new ConfigException(SENDER_ADDRESS, "'" + address + "' is not in " + SENDER_DOMAIN + " '"
                        + domain + "': SES only lets a domain identity send from its own addresses",
                        SENDER_ADDRESS + "=approvals@" + domain);
            }
        }

        String name = ContextValues.text(context, SENDER_NAME);
        if (name == null) {
            name = "Countersign";
        } else if (!DISPLAY_NAME.matcher(name).matches()) {
            throw new ConfigException(SENDER_NAME, "'" + name + "' is not a display name (1 to 64 characters,"
                    + " no < > \" or control characters)", example(SENDER_NAME));
        }

        URI baseUrl = baseUrl(ContextValues.text(context, BASE_URL));
        Path routingFile = routingFile(ContextValues.text(context, ROUTING_FILE));
        List<String> approvers = approvers(context.get(DEFAULT_APPROVERS));
        if (routingFile != null && !approvers.isEmpty()) {
            // With rules, the Route function never reads the default approvers: refuse rather than ignore them.
            throw new ConfigException(DEFAULT_APPROVERS, "is only used without routing rules, but " + ROUTING_FILE
                    + " is " + routingFile + ": put these approvers in the rules file's \"default\" rule"
                    + " (docs/routing.md), or deploy without rules", ROUTING_FILE + "=" + NO_ROUTING_FILE + " -c "
                    + example(DEFAULT_APPROVERS));
        }

        String prefix = ContextValues.text(context, RESOURCE_PREFIX);
        if (prefix == null) {
            prefix = DEFAULT_PREFIX;
        } else if (!PREFIX.matcher(prefix).matches()) {
            throw new ConfigException(RESOURCE_PREFIX, "'" + prefix + "' is not a usable name prefix (3 to 32"
                    + " characters: lower-case letters, digits and '-', starting with a letter)",
                    example(RESOURCE_PREFIX));
        }

        int memory = ContextValues.number(context, MEMORY_SIZE, DEFAULT_MEMORY_MB, 128, 10_240);
        boolean snapStart = ContextValues.bool(context, SNAP_START, DEFAULT_SNAP_START);
        int retention = ContextValues.number(context, LOG_RETENTION_DAYS, DEFAULT_LOG_RETENTION_DAYS, 1, 3653);
        if (retentionDays(retention) == null) {
            throw new ConfigException(LOG_RETENTION_DAYS, retention + " is not a retention CloudWatch Logs offers"
                    + " (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,"
                    + " 3288 or 3653)", example(LOG_RETENTION_DAYS));
        }
        int rate = ContextValues.number(context, THROTTLE_RATE, DEFAULT_THROTTLE_RATE, 1, 10_000);
        int burst = ContextValues.number(context, THROTTLE_BURST, DEFAULT_THROTTLE_BURST, 1, 5_000);
        boolean existingIdentity = senderIdentity(ContextValues.text(context, SENDER_IDENTITY));
        String alarmEmail = ContextValues.text(context, ALARM_EMAIL);
        if (alarmEmail != null && (!EMAIL.matcher(alarmEmail).matches() || alarmEmail.length() > 254)) {
            throw new ConfigException(ALARM_EMAIL, "'" + alarmEmail + "' is not an email address", example(ALARM_EMAIL));
        }
        List<String> sources = proposalSources(context.get(PROPOSAL_SOURCES));
        boolean examples = ContextValues.bool(context, EXAMPLES, false);
        return new CountersignConfig(address, domain, name, baseUrl, routingFile, approvers, prefix, memory, snapStart,
                retention, rate, burst, existingIdentity, alarmEmail, sources, examples);
    }

    private static boolean senderIdentity(String value) {
        if (value == null || value.equalsIgnoreCase(CREATE)) {
            return false;
        }
        if (value.equalsIgnoreCase(EXISTING)) {
            return true;
        }
        throw new ConfigException(SENDER_IDENTITY, "'" + value + "' is neither " + CREATE + " (the stack creates the SES"
                + " identity) nor " + EXISTING + " (the identity is already verified in this account and region)",
                example(SENDER_IDENTITY));
    }

    private static List<String> proposalSources(Object value) {
        if (value == null) {
            return List.of(DEFAULT_PROPOSAL_SOURCE);
        }
        if (!(value instanceof String text)) {
            throw new ConfigException(PROPOSAL_SOURCES, "is a " + value.getClass().getSimpleName() + ", not a"
                    + " comma-separated list of event sources", example(PROPOSAL_SOURCES));
        }
        Set<String> sources = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String source = part.strip();
            if (source.isEmpty()) {
                continue;
            }
            if (!EVENT_SOURCE.matcher(source).matches()) {
                throw new ConfigException(PROPOSAL_SOURCES, "entry '" + source + "' is not an EventBridge source (letters,"
                        + " digits, '.', '_', '/', '-')", example(PROPOSAL_SOURCES));
            }
            if (source.equals(ApprovalService.EVENT_SOURCE) || source.startsWith("aws.")) {
                // The functions may put events with source "countersign"; "aws." sources are AWS's own.
                throw new ConfigException(PROPOSAL_SOURCES, "entry '" + source + "' is not allowed: "
                        + ApprovalService.EVENT_SOURCE + " is Countersign's own source (its functions may publish"
                        + " with it, so it must not start gates) and aws.* belongs to AWS services",
                        example(PROPOSAL_SOURCES));
            }
            sources.add(source);
        }
        if (sources.isEmpty()) {
            throw new ConfigException(PROPOSAL_SOURCES, "names no source", example(PROPOSAL_SOURCES));
        }
        return List.copyOf(sources);
    }

    /**
     * The CloudFormation stack's name: {@value CountersignApp#STACK_NAME} for the default prefix (the name every
     * earlier deployment has), else the prefix itself, so two deployments can share an account and region.
     */
    public String stackName() {
        return resourcePrefix.equals(DEFAULT_PREFIX) ? CountersignApp.STACK_NAME : resourcePrefix;
    }

    /** The example stack's name: {@code CountersignExamples} for the default prefix, else {@code <prefix>-examples}. */
    public String examplesStackName() {
        return resourcePrefix.equals(DEFAULT_PREFIX) ? CountersignApp.STACK_NAME + "Examples"
                : resourcePrefix + "-examples";
    }

    /** The From header the functions use: {@code Name <address>}. */
    public String sender() {
        return senderName + " <" + senderAddress + ">";
    }

    /** The SES identity the stack creates and the functions may send as: the domain, else the address. */
    public String sesIdentity() {
        return senderDomain != null ? senderDomain : senderAddress;
    }

    public RetentionDays logRetention() {
        return retentionDays(logRetentionDays);
    }

    private static RetentionDays retentionDays(int days) {
        return switch (days) {
            case 1 -> RetentionDays.ONE_DAY;
            case 3 -> RetentionDays.THREE_DAYS;
            case 5 -> RetentionDays.FIVE_DAYS;
            case 7 -> RetentionDays.ONE_WEEK;
            case 14 -> RetentionDays.TWO_WEEKS;
            case 30 -> RetentionDays.ONE_MONTH;
            case 60 -> RetentionDays.TWO_MONTHS;
            case 90 -> RetentionDays.THREE_MONTHS;
            case 120 -> RetentionDays.FOUR_MONTHS;
            case 150 -> RetentionDays.FIVE_MONTHS;
            case 180 -> RetentionDays.SIX_MONTHS;
            case 365 -> RetentionDays.ONE_YEAR;
            case 400 -> RetentionDays.THIRTEEN_MONTHS;
            case 545 -> RetentionDays.EIGHTEEN_MONTHS;
            case 731 -> RetentionDays.TWO_YEARS;
            case 1096 -> RetentionDays.THREE_YEARS;
            case 1827 -> RetentionDays.FIVE_YEARS;
            case 2192 -> RetentionDays.SIX_YEARS;
            case 2557 -> RetentionDays.SEVEN_YEARS;
            case 2922 -> RetentionDays.EIGHT_YEARS;
            case 3288 -> RetentionDays.NINE_YEARS;
            case 3653 -> RetentionDays.TEN_YEARS;
            default -> null;
        };
    }

    private static URI baseUrl(String value) {
        if (value == null) {
            return null;
        }
        String text = value;
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(BASE_URL, "'" + value + "' is not a URL (" + e.getReason() + ")",
                    example(BASE_URL));
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new ConfigException(BASE_URL, "'" + value + "' is not an https URL with a host (review links carry"
                    + " a credential, so they are served over TLS only)", example(BASE_URL));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new ConfigException(BASE_URL, "'" + value + "' has a query, fragment or user name: give only"
                    + " scheme, host and an optional path", example(BASE_URL));
        }
        return uri;
    }

    /**
     * The rules file, absolute: relative to the repository root ({@value FunctionsJar#ROOT_PROPERTY}, which cdk.json
     * sets) or else the working directory; null for {@value #NO_ROUTING_FILE}. Its content is checked where the
     * layer is built ({@link ApprovalService}), with every problem listed.
     */
    private static Path routingFile(String value) {
        if (value == null) {
            value = DEFAULT_ROUTING_FILE;
        }
        if (value.equalsIgnoreCase(NO_ROUTING_FILE)) {
            return null;
        }
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(ROUTING_FILE, "'" + value + "' is not a file path (" + e.getReason() + ")",
                    example(ROUTING_FILE));
        }
        if (!path.isAbsolute()) {
            String root = System.getProperty(FunctionsJar.ROOT_PROPERTY);
            path = (root == null || root.isBlank() ? Path.of("") : Path.of(root)).toAbsolutePath().resolve(path);
        }
        return path.normalize();
    }

    private static List<String> approvers(Object value) {
        if (value == null) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> parts.add(String.valueOf(item)));
        } else if (value instanceof String text) {
            parts.addAll(List.of(text.split(",", -1)));
        } else {
            throw new ConfigException(DEFAULT_APPROVERS, "is a " + value.getClass().getSimpleName() + ", not a"
                    + " comma-separated list of email addresses", example(DEFAULT_APPROVERS));
        }
        Set<String> approvers = new LinkedHashSet<>();
        for (String part : parts) {
            String address = part.strip();
            if (address.isEmpty()) {
                continue;
            }
            if (!EMAIL.matcher(address).matches()) {
                throw new ConfigException(DEFAULT_APPROVERS, "entry '" + address + "' is not an email address",
                        example(DEFAULT_APPROVERS));
            }
            approvers.add(address.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(approvers);
    }

    static String example(String key) {
        return key + "=" + OPTIONS.get(key);
    }

    /** The known option nearest to a mistyped one, or null. */
    private static String closest(String key) {
        return DidYouMean.closest(key, OPTIONS.keySet());
    }

    private static Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(SENDER_ADDRESS, "approvals@example.com");
        options.put(SENDER_DOMAIN, "example.com");
        options.put(SENDER_NAME, "\"Acme approvals\"");
        options.put(BASE_URL, "https://approvals.example.com");
        options.put(ROUTING_FILE, "config/routing-production.json");
        options.put(DEFAULT_APPROVERS, "lee@example.com,kim@example.com");
        options.put(RESOURCE_PREFIX, "countersign-staging");
        options.put(MEMORY_SIZE, String.valueOf(DEFAULT_MEMORY_MB));
        options.put(SNAP_START, "true");
        options.put(LOG_RETENTION_DAYS, "365");
        options.put(THROTTLE_RATE, String.valueOf(DEFAULT_THROTTLE_RATE));
        options.put(THROTTLE_BURST, String.valueOf(DEFAULT_THROTTLE_BURST));
        options.put(SENDER_IDENTITY, EXISTING);
        options.put(ALARM_EMAIL, "ops@example.com");
        options.put(PROPOSAL_SOURCES, "acme.refund-agent,acme.payout-agent");
        options.put(EXAMPLES, "true");
        return java.util.Collections.unmodifiableMap(options);
    }
}
