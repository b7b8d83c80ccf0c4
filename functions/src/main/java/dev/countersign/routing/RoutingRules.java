package dev.countersign.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.contract.Violation;
import dev.countersign.contract.internal.Texts;
import dev.countersign.core.Proposal;
import dev.countersign.core.json.InvalidJsonException;
import dev.countersign.core.json.Json;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A deployment's routing rules file ({@code routing-1.schema.json}, docs/routing.md): teams, ordered rules and a
 * default rule. Loading checks the schema and everything a schema cannot say, and reports every problem with its JSON
 * path ({@link RulesCheck}); the loaded rules are immutable and safe to share between threads.
 *
 * <p>Routing a proposal: the first rule whose {@code riskLevels} include the proposal's risk level and whose
 * {@code when} is true decides; else the default rule; else {@link Refusal#NO_ROUTE}. Each level asks the approvers
 * and the members of the teams it names, once each, never the requester or the proposing agent, with absent people
 * replaced by their delegates.
 *
 * <p>One loader for every caller: the Route function at init ({@code COUNTERSIGN_ROUTING_FILE}), {@code countersign
 * up} (refuses to start), and the CDK synth (fails): {@code RoutingRules.load(path).orThrow()}.
 */
public final class RoutingRules implements RoutePolicy {
    /** A rules file is configuration, not data: anything bigger is a mistake. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    private static final java.util.regex.Pattern JACKSON_CONTEXT =
            java.util.regex.Pattern.compile("\\s*\\(for \\w+ starting at \\[Source:.*?\\]\\)");

    private final String source;
    private final Map<String, Team> teams;
    private final Map<String, OutOfOffice> absences;
    private final List<RoutingRule> rules;
    private final RoutingRule defaultRule;

    RoutingRules(String source, List<Team> teams, Map<String, OutOfOffice> absences, List<RoutingRule> rules,
                 RoutingRule defaultRule) {
        this.source = source;
        Map<String, Team> byName = new LinkedHashMap<>();
        teams.forEach(team -> byName.put(team.name(), team));
        this.teams = java.util.Collections.unmodifiableMap(byName);
        this.absences = Map.copyOf(absences);
        this.rules = List.copyOf(rules);
        this.defaultRule = defaultRule;
    }

    // ------------------------------------------------------------------------------------------------ loading

    /** Reads and checks a rules file; a missing or unreadable file is one problem at {@code $}. */
    public static RulesCheck load(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                return invalid(source, "is a directory, not a rules file — point to the JSON file itself, e.g."
                        + " config/routing.json");
            }
            if (Files.exists(file) && Files.size(file) > MAX_FILE_BYTES) {
                return invalid(source, "is " + Texts.count(Files.size(file)) + " bytes; a rules file may have at most "
                        + Texts.count(MAX_FILE_BYTES) + " — it should hold teams and rules, not data");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return invalid(source, "cannot be read: there is no file " + file.toAbsolutePath() + " — create it"
                    + " (docs/routing.md has a complete example) or point to the right file");
        } catch (IOException e) {
            return invalid(source, "cannot be read (" + e + ") — check the path and its permissions");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return invalid(source, "is not UTF-8 text — save it as UTF-8");
        }
        return parse(text, source);
    }

    /** Checks rules given as JSON text; {@code sourceName} names them in messages (a path, "the CDK context"…). */
    public static RulesCheck parse(String json, String sourceName) {
        if (json.length() > MAX_FILE_BYTES) {
            return invalid(sourceName, "is " + Texts.count(json.length()) + " characters; a rules file may have at"
                    + " most " + Texts.count(MAX_FILE_BYTES) + " bytes");
        }
        JsonNode root;
        try {
            root = Json.parse(json);
        } catch (InvalidJsonException e) {
            // Jackson adds where the open container started, in its own words; line and column say enough.
            String problem = JACKSON_CONTEXT.matcher(e.problem()).replaceAll("");
            return new RulesCheck.Invalid(sourceName, List.of(new Violation(e.path().toString(), problem
                    + " (line " + e.line() + ", column " + e.column() + ") — fix the JSON; nothing else was checked")));
        }
        return check(root, sourceName);
    }

    /** Checks rules already parsed. */
    public static RulesCheck check(JsonNode root, String sourceName) {
        return RulesReader.check(root, sourceName);
    }

    /** {@code load(file).orThrow()}: the rules, or {@link InvalidRoutingRulesException} listing every problem. */
    public static RoutingRules loadOrThrow(Path file) {
        return load(file).orThrow();
    }

    private static RulesCheck invalid(String source, String problem) {
        return new RulesCheck.Invalid(source, List.of(new Violation("$", problem)));
    }

    // ------------------------------------------------------------------------------------------------ the model

    /** Where the rules came from. */
    public String source() {
        return source;
    }

    /** Teams by name, in file order. */
    public Map<String, Team> teams() {
        return teams;
    }

    /** The rules in the order they are tried (the default rule is not among them). */
    public List<RoutingRule> rules() {
        return rules;
    }

    public Optional<RoutingRule> defaultRule() {
        return Optional.ofNullable(defaultRule);
    }

    /** The person's absence as declared in any team, or empty. */
    public Optional<OutOfOffice> absence(String address) {
        return Optional.ofNullable(absences.get(dev.countersign.core.EmailAddress.normalize(address)));
    }

    @Override
    public String delegateOf(String person, Instant now) {
        OutOfOffice absence = absences.get(dev.countersign.core.EmailAddress.normalize(person));
        return absence != null && absence.activeAt(now) ? absence.delegate() : null;
    }

    @Override
    public String describe() {
        return "routing rules " + source + " (" + rules.size() + (rules.size() == 1 ? " rule" : " rules")
                + (defaultRule == null ? ", no default)" : " and a default)");
    }

    // ------------------------------------------------------------------------------------------------ routing

    @Override
    public RouteOutcome route(Proposal proposal, Instant now) {
        ObjectNode json = proposal.toJson();
        for (RoutingRule rule : rules) {
            if (!rule.riskLevels().isEmpty() && !rule.riskLevels().contains(proposal.risk().level())) {
                continue;
            }
            boolean matches;
            try {
                matches = rule.when().test(json);
            } catch (WhenCondition.ConditionFailedException e) {
                return new Refusal(Refusal.ROUTING_ERROR, "routing rule '" + rule.name() + "' (" + rule.path()
                        + ".when in " + source + ") " + e.getMessage() + " for a proposal of workflow '"
                        + proposal.workflow() + "' (action " + proposal.action().type() + "): fix the condition so"
                        + " it always gives true or false. The gate stops rather than try the later rules, which"
                        + " could send the proposal to the wrong people.");
            }
            if (matches) {
                return resolve(rule, proposal, now);
            }
        }
        if (defaultRule != null) {
            return resolve(defaultRule, proposal, now);
        }
        List<String> tried = rules.stream().map(RoutingRule::name).toList();
        return new Refusal(Refusal.NO_ROUTE, "no routing rule matches workflow '" + proposal.workflow() + "' (action "
                + proposal.action().type() + ", risk " + proposal.risk().level() + ") and " + source + " has no"
                + " default rule: add a rule whose when matches it, or a \"default\" rule (rules tried: "
                + (tried.isEmpty() ? "none" : String.join(", ", tried)) + ")");
    }

    /** The rule's chain for this proposal, or a refusal when a level keeps fewer people than the quorum. */
    private RouteOutcome resolve(RoutingRule rule, Proposal proposal, Instant now) {
        List<RouteLevel> levels = new ArrayList<>();
        Set<String> excluded = new LinkedHashSet<>();
        for (int i = 0; i < rule.levels().size(); i++) {
            RuleLevel spec = rule.levels().get(i);
            List<String> candidates = new ArrayList<>(spec.approvers());
            spec.teams().forEach(name -> candidates.addAll(teams.get(name).addresses()));
            Recipients recipients = Recipients.resolve(candidates, person -> delegateOf(person, now), proposal);
            excluded.addAll(recipients.excluded());
            if (recipients.recipients().size() < rule.quorum()) {
                return new Refusal(Refusal.NO_ROUTE, "routing rule '" + rule.name() + "' (" + rule.path() + " in "
                        + source + ") matched the proposal of workflow '" + proposal.workflow() + "', but level "
                        + (i + 1) + " keeps " + recipients.recipients().size() + " recipient(s)"
                        + (recipients.recipients().isEmpty() ? "" : " (" + String.join(", ", recipients.recipients())
                        + ")") + (recipients.excluded().isEmpty() ? "" : " after separation of duties removed "
                        + String.join(", ", recipients.excluded()) + " (the requester or the proposing agent never"
                        + " approves their own proposal)") + ", fewer than its quorum of " + rule.quorum()
                        + ": nobody could decide it. Add people to that level or lower the rule's quorum.");
            }
            long timeout = spec.timeoutSeconds();
            levels.add(new RouteLevel(i + 1, recipients.recipients(), recipients.delegations(), timeout,
                    rule.remindAfterSeconds(timeout)));
        }
        return Route.start(rule.name(), new Quorum(rule.quorum(), rule.majority()), rule.modifiable(),
                rule.fallback(), List.copyOf(excluded), levels);
    }

    @Override
    public String toString() {
        return describe();
    }
}
