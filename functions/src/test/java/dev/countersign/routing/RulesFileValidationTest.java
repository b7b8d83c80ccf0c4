package dev.countersign.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.contract.Violation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of invalid rules file → the complete list of problems, each with its path and what to do. */
class RulesFileValidationTest {
    private static final String TEAMS = """
            "teams": [{"name": "finance", "members": ["lee@x.com", "kim@x.com"]},
                      {"name": "cfo", "members": ["cfo@x.com"]}]""";

    static Stream<Arguments> invalidFiles() {
        return Stream.of(
                Arguments.of("unknown team, with a did-you-mean", """
                        {"version": 1, %s,
                         "rules": [{"name": "r", "when": "true", "teams": ["finanse"]}]}""".formatted(TEAMS),
                        List.of("$.rules[0].teams[0]: names the team \"finanse\", which is not defined under \"teams\";"
                                + " did you mean \"finance\"? (defined: finance, cfo)")),
                Arguments.of("unknown team when no team is defined", """
                        {"version": 1, "default": {"teams": ["ops"]}}""",
                        List.of("$.default.teams[0]: names the team \"ops\", which is not defined under \"teams\" —"
                                + " define it there (no teams are defined)")),
                Arguments.of("empty team (and no quorum noise about the level that uses it)", """
                        {"version": 1, "teams": [{"name": "ghosts", "members": []}],
                         "rules": [{"name": "r", "when": "true", "teams": ["ghosts"], "quorum": 2}]}""",
                        List.of("$.teams[0].members: the team \"ghosts\" has no members: add at least one address, or"
                                + " remove the team and the rules' references to it")),
                Arguments.of("bad JSONata", """
                        {"version": 1, "rules": [
                          {"name": "a", "when": "workflow = ", "approvers": ["lee@x.com"]},
                          {"name": "b", "when": "workflow = \\"refunds", "approvers": ["lee@x.com"]},
                          {"name": "c", "when": "  ", "approvers": ["lee@x.com"]}]}""",
                        List.of("$.rules[0].when: is not valid JSONata: Unexpected end of expression (JSONata S0207, at"
                                        + " character 11) — check the quotes and brackets (write strings in single"
                                        + " quotes inside the JSON string: workflow = 'refunds')",
                                "$.rules[1].when: is not valid JSONata: String literal must be terminated by a"
                                        + " matching quote (JSONata S0101, at character 19) — check the quotes and"
                                        + " brackets (write strings in single quotes inside the JSON string:"
                                        + " workflow = 'refunds')",
                                "$.rules[2].when: is empty: write a JSONata condition such as workflow = 'refunds'"
                                        + " and action.params.amount > 1000")),
                Arguments.of("quorum larger than a level's recipients (a person in two places counts once)", """
                        {"version": 1, "teams": [{"name": "finance", "members": ["lee@x.com", "KIM@x.com"]},
                                                 {"name": "cfo", "members": ["cfo@x.com"]}],
                         "rules": [{"name": "r", "when": "true", "teams": ["finance"], "approvers": ["kim@x.com"],
                                    "quorum": 2, "escalation": [{"teams": ["cfo"]}]},
                                   {"name": "s", "when": "true", "approvers": ["a@x.com"], "quorum": 3}]}""",
                        List.of("$.rules[0].quorum: is 2, but level 2 ($.rules[0].escalation[0]) asks only 1 person"
                                        + " (cfo@x.com): lower the quorum to at most 1 or add people to that level",
                                "$.rules[1].quorum: is 3, but level 1 ($.rules[1]) asks only 1 person (a@x.com):"
                                        + " lower the quorum to at most 1 or add people to that level")),
                Arguments.of("auto-approve on a rule not restricted to low risk, and on the default rule", """
                        {"version": 1, "rules": [
                          {"name": "any", "when": "true", "approvers": ["a@x.com"], "fallback": "APPROVED"},
                          {"name": "lowish", "when": "true", "riskLevels": ["medium", "low"], "approvers": ["a@x.com"],
                           "fallback": "APPROVED"},
                          {"name": "low", "when": "true", "riskLevels": ["low"], "approvers": ["a@x.com"],
                           "fallback": "APPROVED"}],
                         "default": {"approvers": ["a@x.com"], "fallback": "APPROVED"}}""",
                        List.of("$.default.fallback: APPROVED is refused on the default rule: it would approve"
                                        + " proposals of any risk when nobody answers — use REJECTED or FAILED here,"
                                        + " and put auto-approval in a rule with \"riskLevels\": [\"low\"]",
                                "$.rules[0].fallback: APPROVED needs the rule restricted to low risk: add"
                                        + " \"riskLevels\": [\"low\"] (Countersign then applies the rule only to"
                                        + " proposals whose risk.level is low), or use REJECTED or FAILED — silence"
                                        + " never approves anything riskier",
                                "$.rules[1].fallback: APPROVED needs the rule restricted to low risk: add"
                                        + " \"riskLevels\": [\"low\"] (Countersign then applies the rule only to"
                                        + " proposals whose risk.level is low) instead of [\"low\", \"medium\"], or use"
                                        + " REJECTED or FAILED — silence never approves anything riskier")),
                Arguments.of("duplicate rule names, ignoring case, the default's name included", """
                        {"version": 1, "rules": [
                          {"name": "refunds", "when": "true", "approvers": ["a@x.com"]},
                          {"name": "Refunds", "when": "true", "approvers": ["a@x.com"]},
                          {"name": "default", "when": "true", "approvers": ["a@x.com"]}],
                         "default": {"approvers": ["a@x.com"]}}""",
                        List.of("$.rules[1].name: \"Refunds\" is already the name of $.rules[0]; rule names must"
                                        + " differ, ignoring case, because routes and audit events record them —"
                                        + " rename one",
                                "$.rules[2].name: \"default\" is already the name of the default rule ($.default);"
                                        + " rule names must differ, ignoring case, because routes and audit events"
                                        + " record them — rename one")),
                Arguments.of("duplicate team names, ignoring case", """
                        {"version": 1, "teams": [{"name": "Finance", "members": ["a@x.com"]},
                                                 {"name": "finance", "members": ["b@x.com"]}],
                         "default": {"teams": ["Finance"]}}""",
                        List.of("$.teams[1].name: \"finance\" is already the name of the team at $.teams[0]; team"
                                + " names must differ, ignoring case — rename one or merge the two teams")),
                Arguments.of("unknown fields everywhere, each with a did-you-mean or the known names", """
                        {"version": 1, "team": [],
                         "rules": [{"name": "r", "when": "true", "approver": ["a@x.com"], "approvers": ["a@x.com"],
                                    "escalation": [{"approvers": ["b@x.com"], "timeout": 60}]}],
                         "default": {"approvers": ["a@x.com"], "zzz": 1}}""",
                        List.of("$.default.zzz: is not a known field; remove it (known here: name, description,"
                                        + " approvers, teams, timeoutSeconds, escalation, quorum, majority,"
                                        + " reminderFraction, reminders, modifiable, fallback)",
                                "$.rules[0].approver: is not a known field; did you mean \"approvers\"? (known here:"
                                        + " name, description, when, riskLevels, approvers, teams, timeoutSeconds,"
                                        + " escalation, quorum, majority, reminderFraction, reminders, modifiable,"
                                        + " fallback)",
                                "$.rules[0].escalation[0].timeout: is not a known field; did you mean"
                                        + " \"timeoutSeconds\"? (known here: approvers, teams, timeoutSeconds)",
                                "$.team: is not a known field; did you mean \"teams\"? (known here: $schema, version,"
                                        + " description, teams, rules, default)")),
                Arguments.of("timeouts out of range, per level and for the whole chain", """
                        {"version": 1, "rules": [
                          {"name": "short", "when": "true", "approvers": ["a@x.com"], "timeoutSeconds": 59},
                          {"name": "long", "when": "true", "approvers": ["a@x.com"],
                           "escalation": [{"approvers": ["b@x.com"], "timeoutSeconds": 31536001}]},
                          {"name": "chain", "when": "true", "approvers": ["a@x.com"], "timeoutSeconds": 31536000,
                           "escalation": [{"approvers": ["b@x.com"], "timeoutSeconds": 60}]}]}""",
                        List.of("$.rules[0].timeoutSeconds: is 59; the least allowed is 60 — give seconds from 60 (a"
                                        + " minute) to 31536000 (365 days, the longest a Standard workflow runs), e.g."
                                        + " 3600 for an hour",
                                "$.rules[1].escalation[0].timeoutSeconds: is 31536001; the most allowed is 31536000 —"
                                        + " give seconds from 60 (a minute) to 31536000 (365 days, the longest a"
                                        + " Standard workflow runs), e.g. 3600 for an hour",
                                "$.rules[2]: its levels wait 31,536,060 seconds in all, longer than the 31,536,000"
                                        + " (365 days) a Standard workflow may run: shorten the timeouts")),
                Arguments.of("reminder fraction out of (0, 1), and one that rounds to no time at all", """
                        {"version": 1, "rules": [
                          {"name": "zero", "when": "true", "approvers": ["a@x.com"], "reminderFraction": 0},
                          {"name": "one", "when": "true", "approvers": ["a@x.com"], "reminderFraction": 1},
                          {"name": "tiny", "when": "true", "approvers": ["a@x.com"], "reminderFraction": 0.01,
                           "timeoutSeconds": 60}]}""",
                        List.of("$.rules[0].reminderFraction: is 0; it must be more than 0 — write a fraction such as"
                                        + " 0.75 (the reminder goes out after three quarters of the level's time); to"
                                        + " send no reminder set \"reminders\": false",
                                "$.rules[1].reminderFraction: is 1; it must be less than 1 — write a fraction such as"
                                        + " 0.75 (the reminder goes out after three quarters of the level's time); to"
                                        + " send no reminder set \"reminders\": false",
                                "$.rules[2].reminderFraction: gives level 1 (timeout 60 s) a reminder after 0"
                                        + " seconds: use a larger fraction, or \"reminders\": false")),
                Arguments.of("a level with no recipients", """
                        {"version": 1, "rules": [
                          {"name": "nobody", "when": "true", "approvers": [], "escalation": [{"timeoutSeconds": 600}]}],
                         "default": {}}""",
                        List.of("$.default: level 1 names nobody: give \"approvers\", \"teams\" or both",
                                "$.rules[0]: level 1 names nobody: give \"approvers\", \"teams\" or both",
                                "$.rules[0].escalation[0]: level 2 names nobody: give \"approvers\", \"teams\" or"
                                        + " both")),
                Arguments.of("more than ten people at one level", """
                        {"version": 1, "teams": [{"name": "all", "members": ["a1@x.com", "a2@x.com", "a3@x.com",
                          "a4@x.com", "a5@x.com", "a6@x.com", "a7@x.com", "a8@x.com", "a9@x.com", "a10@x.com"]}],
                         "default": {"teams": ["all"], "approvers": ["boss@x.com", "A1@x.com"]}}""",
                        List.of("$.default: level 1 asks 11 people (its approvers and every member of its teams, each"
                                + " once); a level asks at most 10 — name fewer people or a smaller team")),
                Arguments.of("a modifiable parameter that is not a plain top-level name", """
                        {"version": 1, "default": {"approvers": ["a@x.com"],
                          "modifiable": [{"param": "order.amount", "type": "boolean"},
                                         {"param": "lines[0]", "type": "boolean"}]}}""",
                        List.of("$.default.modifiable[0].param: \"order.amount\" is not a plain top-level parameter"
                                        + " name: write the name of a member of action.params as it is, e.g."
                                        + " \"amount\" (letters, digits, _ and -; nested members and paths such as"
                                        + " \"order.amount\" cannot be made modifiable)",
                                "$.default.modifiable[1].param: \"lines[0]\" is not a plain top-level parameter"
                                        + " name: write the name of a member of action.params as it is, e.g."
                                        + " \"amount\" (letters, digits, _ and -; nested members and paths such as"
                                        + " \"order.amount\" cannot be made modifiable)")),
                Arguments.of("a modifiable name from before bounds", """
                        {"version": 1, "default": {"approvers": ["a@x.com"], "modifiable": ["amount"]}}""",
                        List.of("$.default.modifiable[0]: \"amount\" names a parameter without bounds, so an approver"
                                + " could change it to anything; write what it may become instead, for example"
                                + " {\"param\": \"amount\", \"type\": \"number\", \"minimum\": 0, \"maximum\":"
                                + " \"proposed\"} (a number from 0 up to the proposed value), {\"param\": \"amount\","
                                + " \"type\": \"text\", \"maxLength\": 200} or {\"param\": \"amount\", \"type\":"
                                + " \"choice\", \"choices\": [\"…\"]} (docs/routing.md, \"Parameters an approver"
                                + " may change\")")),
                Arguments.of("bounds that are missing, crossed or of another type", """
                        {"version": 1, "default": {"approvers": ["a@x.com"], "modifiable": [
                          {"param": "amount", "type": "number", "maximum": "proposed"},
                          {"param": "fee", "type": "number", "minimum": 10, "maximum": 5},
                          {"param": "rate", "type": "number", "minimum": "lowest", "maximum": 1},
                          {"param": "note", "type": "text"},
                          {"param": "title", "type": "text", "maxLength": 50, "minimum": 1},
                          {"param": "channel", "type": "choice"},
                          {"param": "channel", "type": "boolean"}]}}""",
                        List.of("$.default.modifiable[0]: a number parameter needs \"minimum\": a number, or"
                                        + " \"proposed\" for the value the agent proposed (e.g. \"minimum\": 0,"
                                        + " \"maximum\": \"proposed\" lets amount be lowered, never raised or made"
                                        + " negative)",
                                "$.default.modifiable[1].minimum: is 10, more than the maximum 5: no value could be"
                                        + " approved — swap them",
                                "$.default.modifiable[2].minimum: is \"lowest\"; write a number, or \"proposed\" for"
                                        + " the value the agent proposed",
                                "$.default.modifiable[3]: a text parameter needs \"maxLength\", the most characters"
                                        + " an approver may write, e.g. \"maxLength\": 200",
                                "$.default.modifiable[4].minimum: does not apply to a text parameter (text takes"
                                        + " maxLength, multiline) — remove it",
                                "$.default.modifiable[5]: a choice parameter needs \"choices\", the values an"
                                        + " approver may pick, e.g. \"choices\": [\"email\", \"letter\"]",
                                "$.default.modifiable[6].param: \"channel\" is already listed at"
                                        + " $.default.modifiable[5] — give each parameter one entry")),
                Arguments.of("no rules and no default", """
                        {"version": 1, "rules": []}""",
                        List.of("$: has no rules and no default rule, so every proposal would fail with"
                                + " Countersign.NoRoute: add rules under \"rules\", a \"default\" rule, or both")),
                Arguments.of("out of office: the delegate is the member, dates the wrong way round, not a time", """
                        {"version": 1, "teams": [{"name": "t", "members": [
                          {"email": "a@x.com", "outOfOffice": {"delegate": "A@x.com"}},
                          {"email": "b@x.com", "outOfOffice": {"delegate": "c@x.com", "from": "2026-02-01T00:00:00Z",
                                                               "until": "2026-01-01T00:00:00Z"}},
                          {"email": "d@x.com", "outOfOffice": {"delegate": "c@x.com", "until": "next week"}}]}],
                         "default": {"teams": ["t"]}}""",
                        List.of("$.teams[0].members[0].outOfOffice.delegate: is a@x.com themselves: name the person"
                                        + " who decides while a@x.com is away",
                                "$.teams[0].members[1].outOfOffice.until: is 2026-01-01T00:00:00Z, not after from"
                                        + " (2026-02-01T00:00:00Z): an absence ends after it starts — correct the"
                                        + " dates",
                                "$.teams[0].members[2].outOfOffice.until: must be an RFC 3339 time with a zone, such"
                                        + " as 2026-12-20T00:00:00Z; got \"next week\"")),
                Arguments.of("out of office: a delegate away at the same time, and one person declared twice"
                                + " differently", """
                        {"version": 1, "teams": [
                          {"name": "t", "members": [
                            {"email": "a@x.com", "outOfOffice": {"delegate": "b@x.com", "until": "2026-12-31T00:00:00Z"}},
                            {"email": "b@x.com", "outOfOffice": {"delegate": "c@x.com", "from": "2026-12-30T00:00:00Z"}},
                            {"email": "e@x.com", "outOfOffice": {"delegate": "a@x.com", "from": "2027-01-01T00:00:00Z"}}]},
                          {"name": "u", "members": [
                            {"email": "A@x.com", "outOfOffice": {"delegate": "d@x.com"}}]}],
                         "default": {"teams": ["t", "u"]}}""",
                        List.of("$.teams[0].members[0].outOfOffice.delegate: b@x.com is out of office too"
                                        + " ($.teams[0].members[1].outOfOffice) while a@x.com is away: name a delegate"
                                        + " who is in (Countersign does not follow a delegate's own delegate)",
                                "$.teams[1].members[0].outOfOffice: a@x.com is also declared out of office at"
                                        + " $.teams[0].members[0].outOfOffice with another delegate or other dates; a"
                                        + " person's absence applies wherever they are asked, so declare it once (or"
                                        + " the same way everywhere)")),
                Arguments.of("the same person twice in a team or a level, and a team named twice in a level", """
                        {"version": 1, "teams": [{"name": "t", "members": ["a@x.com", "A@X.com"]}],
                         "default": {"approvers": ["b@x.com", "B@x.com"], "teams": ["t", "t"]}}""",
                        List.of("$.default.approvers[1]: lists b@x.com again (first at $.default.approvers[0];"
                                        + " addresses are compared ignoring case) — remove one",
                                "$.default.teams[1]: names the team \"t\" again — remove one",
                                "$.teams[0].members[1]: lists a@x.com again (first at $.teams[0].members[0];"
                                        + " addresses are compared ignoring case) — remove one")),
                Arguments.of("schema limits: version, an escalation chain longer than five levels, types", """
                        {"version": 2, "rules": [{"name": "r", "when": "true", "approvers": ["a@x.com"],
                          "quorum": "two", "majority": "yes", "fallback": "approve",
                          "escalation": [{"approvers": ["b@x.com"]}, {"approvers": ["b@x.com"]},
                                         {"approvers": ["b@x.com"]}, {"approvers": ["b@x.com"]},
                                         {"approvers": ["not an address"]}]}]}""",
                        List.of("$.rules[0].escalation: has 5 items; the limit is 4 — a chain has at most 5 levels:"
                                        + " level 1 and 4 escalation levels",
                                "$.rules[0].escalation[4].approvers[0]: must be an email address such as"
                                        + " name@example.com; got \"not an address\"",
                                "$.rules[0].fallback: must be one of REJECTED, FAILED or APPROVED; got a string"
                                        + " \"approve\"",
                                "$.rules[0].majority: must be true or false; got a string \"yes\"",
                                "$.rules[0].quorum: must be an integer; got a string \"two\"",
                                "$.version: must be 1; got a number (2) — this Countersign reads version 1 files")),
                Arguments.of("not JSON at all: where the syntax breaks, and nothing else", """
                        {"version": 1, "rules": [}""",
                        List.of("$.rules[0]: is not valid JSON: Unexpected close marker '}': expected ']' (line 1,"
                                + " column 26) — fix the JSON; nothing else was checked")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void parse_listsEveryProblem_withItsPathAndWhatToDo(String kind, String rules, List<String> expected) {
        RulesCheck check = RoutingRules.parse(rules, "rules.json");

        assertThat(check).as(kind).isInstanceOf(RulesCheck.Invalid.class);
        assertThat(((RulesCheck.Invalid) check).problems()).map(Violation::toString).as(kind)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void parse_reportsEveryProblemOfAFile_inOneListOrderedByPath() {
        String rules = """
                {"version": 1,
                 "teams": [{"name": "finance", "members": []}],
                 "rules": [{"name": "a", "when": "amount >", "teams": ["finanse"], "fallback": "APPROVED"},
                           {"name": "A", "when": "true", "approvers": ["x@x.com"], "quorum": 2, "timeoutSeconds": 1}],
                 "defualt": {}}""";

        RulesCheck check = RoutingRules.parse(rules, "many.json");

        // Schema and semantic problems together: one bad part does not hide the others.
        assertThat(((RulesCheck.Invalid) check).problems()).map(Violation::path).containsExactly(
                "$.defualt", "$.rules[0].fallback", "$.rules[0].teams[0]", "$.rules[0].when", "$.rules[1].name",
                "$.rules[1].quorum", "$.rules[1].timeoutSeconds", "$.teams[0].members");
    }

    @Test
    void orThrow_failsFast_withASummaryLineAndEveryProblemIndented() {
        RulesCheck check = RoutingRules.parse("{\"version\": 1, \"default\": {\"teams\": [\"ops\"],"
                + " \"fallback\": \"APPROVED\"}}", "config/routing.json");

        assertThatThrownBy(check::orThrow).isInstanceOfSatisfying(InvalidRoutingRulesException.class, e -> {
            assertThat(e.source()).isEqualTo("config/routing.json");
            assertThat(e.problems()).hasSize(2);
            assertThat(e.getMessage()).isEqualTo("the routing rules in config/routing.json are invalid (2 problems);"
                    + " fix them and try again:\n"
                    + "  $.default.fallback: APPROVED is refused on the default rule: it would approve proposals of"
                    + " any risk when nobody answers — use REJECTED or FAILED here, and put auto-approval in a rule"
                    + " with \"riskLevels\": [\"low\"]\n"
                    + "  $.default.teams[0]: names the team \"ops\", which is not defined under \"teams\" — define it"
                    + " there (no teams are defined)");
        });
    }

    @Test
    void load_reportsAMissingFile_asOneProblemThatSaysWhatToDo(@TempDir Path directory) {
        Path missing = directory.resolve("routing.json");

        RulesCheck check = RoutingRules.load(missing);

        assertThat(((RulesCheck.Invalid) check).problems()).containsExactly(new Violation("$", "cannot be read: there"
                + " is no file " + missing.toAbsolutePath() + " — create it (docs/routing.md has a complete example)"
                + " or point to the right file"));
    }

    @Test
    void load_refusesTextThatIsNotUtf8(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("routing.json");
        Files.write(file, new byte[] {'{', (byte) 0xff, '}'});

        assertThat(((RulesCheck.Invalid) RoutingRules.load(file)).problems())
                .containsExactly(new Violation("$", "is not UTF-8 text — save it as UTF-8"));
    }

    @Test
    void load_readsAValidFile(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("routing.json");
        Files.writeString(file, RoutingTableTest.RULES, StandardCharsets.UTF_8);

        RoutingRules rules = RoutingRules.loadOrThrow(file);

        assertThat(rules.source()).isEqualTo(file.toString());
        assertThat(rules.rules()).map(RoutingRule::name).containsExactly("small-low-risk-refunds",
                "refunds-over-1000", "content-publishing", "deletes", "support");
        assertThat(rules.defaultRule()).map(RoutingRule::name).contains("default");
        assertThat(rules.teams().get("legal").addresses()).containsExactly("ana@shop.example", "lex@shop.example");
        assertThat(rules.absence("KIM@shop.example")).map(OutOfOffice::delegate).contains("pat@shop.example");
    }
}
