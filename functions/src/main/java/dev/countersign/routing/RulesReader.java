package dev.countersign.routing;

import dev.countersign.core.text.DidYouMean;
import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.ApprovalLimits;
import dev.countersign.approval.ParamBounds;
import dev.countersign.contract.Violation;
import dev.countersign.contract.internal.Texts;
import dev.countersign.core.EmailAddress;
import dev.countersign.core.RiskLevel;
import dev.countersign.core.json.NodePath;
import dev.countersign.routing.internal.RulesSchema;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a parsed rules file and builds the model. The schema's violations and the checks a schema cannot make (team
 * references, JSONata syntax, quorum against recipients, auto-approval only for low risk, unique names, absences) go
 * into one list, ordered by path. Every part is read defensively: a part the schema already refused is skipped, so
 * one mistake gives one problem, and the other parts are still checked.
 */
final class RulesReader {
    /** A plain top-level member name of {@code action.params}: no dots, brackets, $ or spaces. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,127}");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]"
            + "{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private final String source;
    private final List<Violation> problems = new ArrayList<>();
    private final Map<String, Team> teams = new LinkedHashMap<>();
    private final Map<String, NodePath> teamPaths = new LinkedHashMap<>();
    private final Map<String, NodePath> teamNamesIgnoringCase = new LinkedHashMap<>();
    private final Map<String, OutOfOffice> absences = new LinkedHashMap<>();
    private final Map<String, NodePath> absencePaths = new LinkedHashMap<>();
    private final Map<String, NodePath> ruleNames = new LinkedHashMap<>();
    /** Bare-name modifiable entries: their migration message replaces the schema's "must be an object". */
    private final Set<String> migrated = new java.util.HashSet<>();

    private RulesReader(String source) {
        this.source = source;
    }

    static RulesCheck check(JsonNode root, String source) {
        RulesReader reader = new RulesReader(source);
        RoutingRules rules = reader.read(root);
        List<Violation> all = new ArrayList<>();
        for (Violation violation : RulesSchema.instance().validate(root)) {
            if (!reader.migrated.contains(violation.path())) {
                all.add(violation);
            }
        }
        all.addAll(reader.problems);
        List<Violation> ordered = new ArrayList<>(new LinkedHashSet<>(all));
        ordered.sort(Comparator.comparing((Violation v) -> NodePath.parse(v.path())));
        return ordered.isEmpty() ? new RulesCheck.Loaded(rules) : new RulesCheck.Invalid(source, ordered);
    }

    private RoutingRules read(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null; // the schema says what the root must be
        }
        NodePath top = NodePath.root();
        readTeams(root.get("teams"), top.key("teams"));
        checkDelegates();

        RoutingRule defaultRule = null;
        JsonNode defaultNode = root.get("default");
        if (defaultNode != null && defaultNode.isObject()) {
            defaultRule = readRule(defaultNode, top.key("default"), true);
        }
        List<RoutingRule> rules = new ArrayList<>();
        JsonNode rulesNode = root.get("rules");
        if (rulesNode != null && rulesNode.isArray()) {
            for (int i = 0; i < rulesNode.size(); i++) {
                if (rulesNode.get(i).isObject()) {
                    rules.add(readRule(rulesNode.get(i), top.key("rules").index(i), false));
                }
            }
        }
        boolean noRules = rulesNode == null || (rulesNode.isArray() && rulesNode.isEmpty());
        if (noRules && defaultNode == null) {
            problem(top, "has no rules and no default rule, so every proposal would fail with "
                    + Refusal.NO_ROUTE + ": add rules under \"rules\", a \"default\" rule, or both");
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new RoutingRules(source, List.copyOf(teams.values()), absences, rules, defaultRule);
    }

    // ------------------------------------------------------------------------------------------------ teams

    private void readTeams(JsonNode node, NodePath path) {
        if (node == null || !node.isArray()) {
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode team = node.get(i);
            NodePath at = path.index(i);
            if (!team.isObject()) {
                continue;
            }
            String name = text(team, "name");
            boolean usable = name != null;
            if (name != null) {
                String lower = name.toLowerCase(Locale.ROOT);
                NodePath first = teamNamesIgnoringCase.get(lower);
                if (first != null) {
                    problem(at.key("name"), Texts.quote(name) + " is already the name of the team at " + first
                            + "; team names must differ, ignoring case — rename one or merge the two teams");
                    usable = false;
                } else {
                    teamNamesIgnoringCase.put(lower, at);
                }
            }
            List<TeamMember> members = readMembers(team.get("members"), at.key("members"), name);
            if (usable) {
                teams.put(name, new Team(name, members));
                teamPaths.put(name, at);
            }
        }
    }

    private List<TeamMember> readMembers(JsonNode node, NodePath path, String team) {
        List<TeamMember> members = new ArrayList<>();
        if (node == null || !node.isArray()) {
            return members;
        }
        if (node.isEmpty()) {
            problem(path, "the team" + (team == null ? "" : " " + Texts.quote(team)) + " has no members: add at"
                    + " least one address, or remove the team and the rules' references to it");
        }
        Map<String, NodePath> seen = new LinkedHashMap<>();
        for (int j = 0; j < node.size(); j++) {
            JsonNode member = node.get(j);
            NodePath at = path.index(j);
            String email = member.isTextual() ? member.textValue() : member.isObject() ? text(member, "email") : null;
            if (email == null || !EMAIL.matcher(email).matches()) {
                continue; // the schema reports it
            }
            String person = EmailAddress.normalize(email);
            if (seen.containsKey(person)) {
                problem(at, "lists " + person + " again (first at " + seen.get(person) + "; addresses are compared"
                        + " ignoring case) — remove one");
                continue;
            }
            seen.put(person, at);
            OutOfOffice absence = null;
            JsonNode away = member.isObject() ? member.get("outOfOffice") : null;
            if (away != null && away.isObject()) {
                absence = readAbsence(away, at.key("outOfOffice"), person);
            }
            members.add(new TeamMember(person, absence));
        }
        return members;
    }

    private OutOfOffice readAbsence(JsonNode node, NodePath path, String person) {
        String delegate = text(node, "delegate");
        if (delegate == null || !EMAIL.matcher(delegate).matches()) {
            return null;
        }
        delegate = EmailAddress.normalize(delegate);
        boolean valid = true;
        if (delegate.equals(person)) {
            problem(path.key("delegate"), "is " + person + " themselves: name the person who decides while "
                    + person + " is away");
            valid = false;
        }
        Instant from = instant(node, "from", path);
        Instant until = instant(node, "until", path);
        if ((node.has("from") && from == null) || (node.has("until") && until == null)) {
            valid = false;
        }
        if (from != null && until != null && !until.isAfter(from)) {
            problem(path.key("until"), "is " + until + ", not after from (" + from + "): an absence ends after it"
                    + " starts — correct the dates");
            valid = false;
        }
        if (!valid) {
            return null;
        }
        OutOfOffice absence = new OutOfOffice(delegate, from, until);
        OutOfOffice declared = absences.get(person);
        if (declared != null && !declared.equals(absence)) {
            problem(path, person + " is also declared out of office at " + absencePaths.get(person) + " with another"
                    + " delegate or other dates; a person's absence applies wherever they are asked, so declare it"
                    + " once (or the same way everywhere)");
        } else if (declared == null) {
            absences.put(person, absence);
            absencePaths.put(person, path);
        }
        return absence;
    }

    private Instant instant(JsonNode node, String name, NodePath path) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            return null; // absent, or the schema reports the type
        }
        try {
            return OffsetDateTime.parse(value.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            problem(path.key(name), "must be an RFC 3339 time with a zone, such as 2026-12-20T00:00:00Z; got "
                    + Texts.quote(value.textValue()));
            return null;
        }
    }

    /** A delegate who is away at the same time would leave the request with nobody: delegations are not chained. */
    private void checkDelegates() {
        absences.forEach((person, absence) -> {
            OutOfOffice theirs = absences.get(absence.delegate());
            if (theirs != null && absence.overlaps(theirs)) {
                problem(absencePaths.get(person).key("delegate"), absence.delegate() + " is out of office too ("
                        + absencePaths.get(absence.delegate()) + ") while " + person + " is away: name a delegate"
                        + " who is in (Countersign does not follow a delegate's own delegate)");
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ rules

    private RoutingRule readRule(JsonNode node, NodePath path, boolean isDefault) {
        String name = text(node, "name");
        if (isDefault && name == null && !node.has("name")) {
            name = RoutingRule.DEFAULT_NAME;
        }
        if (name != null) {
            String lower = name.toLowerCase(Locale.ROOT);
            NodePath first = ruleNames.get(lower);
            if (first != null) {
                problem(isDefault && !node.has("name") ? path : path.key("name"), Texts.quote(name)
                        + " is already the name of " + (first.toString().equals("$.default") ? "the default rule ("
                        + first + ")" : first) + "; rule names must differ, ignoring case, because routes and"
                        + " audit events record them — rename one");
            } else {
                ruleNames.put(lower, path);
            }
        }

        WhenCondition when = null;
        if (!isDefault) {
            String text = text(node, "when");
            if (text != null) {
                try {
                    when = WhenCondition.parse(text);
                } catch (IllegalArgumentException e) {
                    problem(path.key("when"), text.isBlank()
                            ? "is empty: write a JSONata condition such as workflow = 'refunds' and"
                                    + " action.params.amount > 1000"
                            : "is not valid JSONata: " + e.getMessage() + " — check the quotes and brackets (write"
                                    + " strings in single quotes inside the JSON string: workflow = 'refunds')");
                }
            }
        }

        Set<RiskLevel> riskLevels = EnumSet.noneOf(RiskLevel.class);
        JsonNode risks = node.get("riskLevels");
        if (risks != null && risks.isArray()) {
            for (JsonNode risk : risks) {
                for (RiskLevel level : RiskLevel.values()) {
                    if (risk.isTextual() && level.wireName().equals(risk.textValue())) {
                        riskLevels.add(level);
                    }
                }
            }
        }

        List<LevelRead> levels = new ArrayList<>();
        levels.add(readLevel(node, path, 1, path));
        JsonNode escalation = node.get("escalation");
        if (escalation != null && escalation.isArray()) {
            for (int k = 0; k < escalation.size(); k++) {
                if (escalation.get(k).isObject()) {
                    NodePath at = path.key("escalation").index(k);
                    levels.add(readLevel(escalation.get(k), at, k + 2, at));
                }
            }
        }

        int quorum = integer(node, "quorum", 1, ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL, 1);
        boolean majority = bool(node, "majority", false);
        double fraction = RoutingRule.DEFAULT_REMINDER_FRACTION;
        JsonNode fractionNode = node.get("reminderFraction");
        if (fractionNode != null && fractionNode.isNumber() && fractionNode.doubleValue() > 0
                && fractionNode.doubleValue() < 1) {
            fraction = fractionNode.doubleValue();
        }
        boolean reminders = bool(node, "reminders", true);

        List<ParamBounds> modifiable = readModifiable(node.get("modifiable"), path.key("modifiable"));

        Fallback fallback = Fallback.REJECTED;
        JsonNode fallbackNode = node.get("fallback");
        if (fallbackNode != null && fallbackNode.isTextual()) {
            for (Fallback f : Fallback.values()) {
                if (f.name().equals(fallbackNode.textValue())) {
                    fallback = f;
                }
            }
        }
        if (fallback == Fallback.APPROVED) {
            if (isDefault) {
                problem(path.key("fallback"), "APPROVED is refused on the default rule: it would approve proposals"
                        + " of any risk when nobody answers — use REJECTED or FAILED here, and put auto-approval in"
                        + " a rule with \"riskLevels\": [\"low\"]");
            } else if (!riskLevels.equals(EnumSet.of(RiskLevel.LOW))) {
                problem(path.key("fallback"), "APPROVED needs the rule restricted to low risk: add \"riskLevels\":"
                        + " [\"low\"] (Countersign then applies the rule only to proposals whose risk.level is low)"
                        + (riskLevels.isEmpty() ? "" : " instead of " + wire(riskLevels))
                        + ", or use REJECTED or FAILED — silence never approves anything riskier");
            }
        }

        long total = 0;
        for (LevelRead level : levels) {
            total += level.level.timeoutSeconds();
            if (level.people != null && quorum > level.people.size() && !level.people.isEmpty()) {
                problem(path.key("quorum"), "is " + quorum + ", but level " + level.number + " (" + level.path
                        + ") asks only " + level.people.size() + (level.people.size() == 1 ? " person" : " people")
                        + " (" + String.join(", ", level.people) + "): lower the quorum to at most "
                        + level.people.size() + " or add people to that level");
            }
            long remindAfter = reminders ? (long) Math.floor(level.level.timeoutSeconds() * fraction) : 0;
            if (reminders && remindAfter < 1) {
                problem(path.key("reminderFraction"), "gives level " + level.number + " (timeout "
                        + level.level.timeoutSeconds() + " s) a reminder after 0 seconds: use a larger fraction,"
                        + " or \"reminders\": false");
            }
        }
        if (total > RuleLevel.MAX_TIMEOUT_SECONDS) {
            problem(path, "its levels wait " + Texts.count(total) + " seconds in all, longer than the "
                    + Texts.count(RuleLevel.MAX_TIMEOUT_SECONDS) + " (365 days) a Standard workflow may run: shorten"
                    + " the timeouts");
        }
        return new RoutingRule(name == null ? "?" : name, when, riskLevels,
                levels.stream().map(l -> l.level).toList(), quorum, majority, fraction, reminders, modifiable,
                fallback, path.toString());
    }

    /**
     * The parameters an approver may change, each with its bounds. A bare name (the form before bounds existed)
     * is refused with the entry to write instead: an unbounded change is what let an approver raise a refund
     * a thousandfold.
     */
    private List<ParamBounds> readModifiable(JsonNode node, NodePath path) {
        List<ParamBounds> entries = new ArrayList<>();
        if (node == null || !node.isArray()) {
            return entries;
        }
        Map<String, NodePath> seen = new LinkedHashMap<>();
        for (int k = 0; k < node.size(); k++) {
            JsonNode item = node.get(k);
            NodePath at = path.index(k);
            if (item.isTextual()) {
                migrated.add(at.toString());
                String name = PLAIN_NAME.matcher(item.textValue()).matches() ? item.textValue() : "amount";
                problem(at, Texts.quote(item.textValue()) + " names a parameter without bounds, so an approver could"
                        + " change it to anything; write what it may become instead, for example {\"param\": \""
                        + name + "\", \"type\": \"number\", \"minimum\": 0, \"maximum\": \"proposed\"} (a number"
                        + " from 0 up to the proposed value), {\"param\": \"" + name + "\", \"type\": \"text\","
                        + " \"maxLength\": 200} or {\"param\": \"" + name + "\", \"type\": \"choice\", \"choices\":"
                        + " [\"…\"]} (docs/routing.md, \"Parameters an approver may change\")");
                continue;
            }
            if (!item.isObject() || !item.path("param").isTextual()) {
                continue; // the schema reports it
            }
            String name = item.get("param").textValue();
            if (!PLAIN_NAME.matcher(name).matches()) {
                problem(at.key("param"), Texts.quote(name) + " is not a plain top-level parameter name: write the"
                        + " name of a member of action.params as it is, e.g. \"amount\" (letters, digits, _ and -;"
                        + " nested members and paths such as \"order.amount\" cannot be made modifiable)");
                continue;
            }
            if (seen.containsKey(name)) {
                problem(at.key("param"), Texts.quote(name) + " is already listed at " + seen.get(name)
                        + " — give each parameter one entry");
                continue;
            }
            seen.put(name, at);
            ParamBounds bounds = readBounds(item, at, name);
            if (bounds != null) {
                entries.add(bounds);
            }
        }
        return entries;
    }

    private static final Map<String, List<String>> BOUNDS_MEMBERS = Map.of(
            "number", List.of("minimum", "maximum", "decimals"),
            "text", List.of("maxLength", "multiline"),
            "choice", List.of("choices"),
            "boolean", List.of());

    private ParamBounds readBounds(JsonNode item, NodePath at, String name) {
        String type = text(item, "type");
        List<String> own = type == null ? null : BOUNDS_MEMBERS.get(type);
        if (own == null) {
            return null; // the schema reports a missing or unknown type
        }
        boolean valid = true;
        for (List<String> members : BOUNDS_MEMBERS.values()) {
            for (String member : members) {
                if (item.has(member) && !own.contains(member)) {
                    problem(at.key(member), "does not apply to a " + type + " parameter (" + type + " takes "
                            + (own.isEmpty() ? "no bounds" : String.join(", ", own)) + ") — remove it");
                    valid = false;
                }
            }
        }
        switch (type) {
            case "number": {
                ParamBounds.Limit min = limit(item, "minimum", at, name);
                ParamBounds.Limit max = limit(item, "maximum", at, name);
                if (min == null || max == null) {
                    return null;
                }
                if (min.fixed() != null && max.fixed() != null && min.fixed().compareTo(max.fixed()) > 0) {
                    problem(at.key("minimum"), "is " + min.fixed().toPlainString() + ", more than the maximum "
                            + max.fixed().toPlainString() + ": no value could be approved — swap them");
                    return null;
                }
                JsonNode decimals = item.get("decimals");
                Integer places = decimals != null && decimals.canConvertToInt() ? decimals.intValue() : null;
                return valid ? new ParamBounds.Number(name, min, max, places) : null;
            }
            case "text": {
                JsonNode length = item.get("maxLength");
                if (length == null) {
                    problem(at, "a text parameter needs \"maxLength\", the most characters an approver may write,"
                            + " e.g. \"maxLength\": 200");
                    return null;
                }
                if (!length.canConvertToInt()) {
                    return null;
                }
                return valid ? new ParamBounds.Text(name, length.intValue(), bool(item, "multiline", false)) : null;
            }
            case "choice": {
                JsonNode choices = item.get("choices");
                if (choices == null) {
                    problem(at, "a choice parameter needs \"choices\", the values an approver may pick, e.g."
                            + " \"choices\": [\"email\", \"letter\"]");
                    return null;
                }
                List<String> values = new ArrayList<>();
                choices.forEach(c -> values.add(c.asText()));
                return valid && choices.isArray() ? new ParamBounds.Choice(name, values) : null;
            }
            default:
                return valid ? new ParamBounds.Flag(name) : null;
        }
    }

    private ParamBounds.Limit limit(JsonNode item, String member, NodePath at, String name) {
        JsonNode value = item.get(member);
        if (value == null) {
            problem(at, "a number parameter needs \"" + member + "\": a number, or \"" + ParamBounds.PROPOSED
                    + "\" for the value the agent proposed (e.g. \"minimum\": 0, \"maximum\": \""
                    + ParamBounds.PROPOSED + "\" lets " + name + " be lowered, never raised or made negative)");
            return null;
        }
        if (value.isTextual() && !value.textValue().equals(ParamBounds.PROPOSED)) {
            problem(at.key(member), "is " + Texts.quote(value.textValue()) + "; write a number, or \""
                    + ParamBounds.PROPOSED + "\" for the value the agent proposed");
            return null;
        }
        return value.isNumber() || value.isTextual() ? ParamBounds.Limit.of(value, member) : null;
    }

    /**
     * @param people the level's distinct recipients before routing, or null when a named team is unknown or empty
     *               (those are reported on their own)
     */
    private record LevelRead(int number, NodePath path, RuleLevel level, List<String> people) {
    }

    private LevelRead readLevel(JsonNode node, NodePath path, int number, NodePath where) {
        String whoPath = "level " + number;
        List<String> approvers = new ArrayList<>();
        Map<String, NodePath> seen = new LinkedHashMap<>();
        JsonNode list = node.get("approvers");
        if (list != null && list.isArray()) {
            for (int k = 0; k < list.size(); k++) {
                JsonNode item = list.get(k);
                if (!item.isTextual() || !EMAIL.matcher(item.textValue()).matches()) {
                    continue;
                }
                String person = EmailAddress.normalize(item.textValue());
                if (seen.containsKey(person)) {
                    problem(path.key("approvers").index(k), "lists " + person + " again (first at "
                            + seen.get(person) + "; addresses are compared ignoring case) — remove one");
                } else {
                    seen.put(person, path.key("approvers").index(k));
                    approvers.add(person);
                }
            }
        }
        List<String> teamNames = new ArrayList<>();
        boolean known = true;
        JsonNode named = node.get("teams");
        if (named != null && named.isArray()) {
            for (int k = 0; k < named.size(); k++) {
                JsonNode item = named.get(k);
                if (!item.isTextual()) {
                    continue;
                }
                String name = item.textValue();
                NodePath at = path.key("teams").index(k);
                if (teamNames.contains(name)) {
                    problem(at, "names the team " + Texts.quote(name) + " again — remove one");
                    continue;
                }
                Team team = teams.get(name);
                if (team == null) {
                    known = false;
                    String suggestion = DidYouMean.closest(name, List.copyOf(teams.keySet()));
                    problem(at, "names the team " + Texts.quote(name) + ", which is not defined under \"teams\""
                            + (suggestion != null ? "; did you mean " + Texts.quote(suggestion) + "?" : "")
                            + (teams.isEmpty() ? " — define it there (no teams are defined)"
                                    : " (defined: " + String.join(", ", teams.keySet()) + ")"));
                    continue;
                }
                if (team.members().isEmpty()) {
                    known = false; // its own problem says so
                }
                teamNames.add(name);
            }
        }
        boolean approversGiven = list != null && list.isArray() && !list.isEmpty();
        boolean teamsGiven = named != null && named.isArray() && !named.isEmpty();
        boolean malformed = (list != null && !list.isArray()) || (named != null && !named.isArray());
        if (!approversGiven && !teamsGiven && !malformed) {
            problem(where, whoPath + " names nobody: give \"approvers\", \"teams\" or both");
        }
        long timeout = RuleLevel.DEFAULT_TIMEOUT_SECONDS;
        JsonNode timeoutNode = node.get("timeoutSeconds");
        if (timeoutNode != null && timeoutNode.isIntegralNumber() && timeoutNode.canConvertToLong()
                && timeoutNode.longValue() >= RuleLevel.MIN_TIMEOUT_SECONDS
                && timeoutNode.longValue() <= RuleLevel.MAX_TIMEOUT_SECONDS) {
            timeout = timeoutNode.longValue();
        }
        List<String> people = null;
        if (known) {
            Set<String> distinct = new LinkedHashSet<>(approvers);
            teamNames.forEach(name -> distinct.addAll(teams.get(name).addresses()));
            people = List.copyOf(distinct);
            if (people.size() > ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL) {
                problem(where, whoPath + " asks " + people.size() + " people (its approvers and every member of its"
                        + " teams, each once); a level asks at most " + ApprovalLimits.MAX_RECIPIENTS_PER_LEVEL
                        + " — name fewer people or a smaller team");
            }
        }
        return new LevelRead(number, path, new RuleLevel(approvers, teamNames, timeout), people);
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private static String wire(Set<RiskLevel> levels) {
        List<String> names = new ArrayList<>();
        for (RiskLevel level : RiskLevel.values()) {
            if (levels.contains(level)) {
                names.add("\"" + level.wireName() + "\"");
            }
        }
        return "[" + String.join(", ", names) + "]";
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static boolean bool(JsonNode node, String name, boolean otherwise) {
        JsonNode value = node.get(name);
        return value != null && value.isBoolean() ? value.booleanValue() : otherwise;
    }

    private static int integer(JsonNode node, String name, int min, int max, int otherwise) {
        JsonNode value = node.get(name);
        if (value != null && value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= min
                && value.intValue() <= max) {
            return value.intValue();
        }
        return otherwise;
    }

    private void problem(NodePath path, String message) {
        problems.add(new Violation(path.toString(), message));
    }
}
