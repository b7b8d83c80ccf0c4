package dev.countersign.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.contract.Proposals;
import dev.countersign.core.json.Json;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The routing table: proposals × one rules file → the rule, recipients, quorum, chain, delegations and exclusions,
 * written as one line per route so that a difference shows exactly where it is.
 */
class RoutingTableTest {
    static final String RULES = """
            {"version": 1,
             "teams": [
               {"name": "finance-leads", "members": ["lee@shop.example",
                 {"email": "Kim@Shop.example", "outOfOffice": {"delegate": "pat@shop.example",
                  "from": "2026-12-20T00:00:00Z", "until": "2027-01-05T00:00:00Z"}}]},
               {"name": "finance-directors", "members": ["cfo@shop.example"]},
               {"name": "editors", "members": ["ana@shop.example", "ben@shop.example", "cy@shop.example"]},
               {"name": "legal", "members": ["ANA@shop.example", "lex@shop.example"]},
               {"name": "support-leads", "members": ["sam@shop.example",
                 {"email": "tia@shop.example", "outOfOffice": {"delegate": "dana@shop.example"}}]}
             ],
             "rules": [
               {"name": "small-low-risk-refunds", "riskLevels": ["low"],
                "when": "workflow = 'refunds' and action.params.amount < 20",
                "approvers": ["lee@shop.example"], "timeoutSeconds": 3600, "reminders": false, "fallback": "APPROVED"},
               {"name": "refunds-over-1000", "when": "workflow = 'refunds' and action.params.amount > 1000",
                "teams": ["finance-leads"], "timeoutSeconds": 14400,
                "escalation": [{"teams": ["finance-directors"], "timeoutSeconds": 28800}],
                "modifiable": [{"param": "amount", "type": "number", "minimum": 0, "maximum": "proposed"}]},
               {"name": "content-publishing", "when": "workflow = 'content' and action.type = 'content.publish'",
                "teams": ["editors", "legal"], "quorum": 2, "majority": true},
               {"name": "deletes", "when": "$contains($lowercase(action.type), 'delete')",
                "approvers": ["ops@shop.example", "sec@shop.example"], "quorum": 2, "fallback": "FAILED",
                "reminderFraction": 0.5},
               {"name": "support", "when": "workflow = 'support'", "teams": ["support-leads"],
                "approvers": ["sam@shop.example"]}
             ],
             "default": {"approvers": ["approver@example.com"]}}""";

    private static final RoutingRules ROUTING = RoutingRules.parse(RULES, "table.json").orThrow();
    private static final Instant BEFORE_HOLIDAY = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant DURING_HOLIDAY = Instant.parse("2026-12-24T09:00:00Z");
    private static final Instant HOLIDAY_ENDS = Instant.parse("2027-01-05T00:00:00Z");

    private static UnaryOperator<ObjectNode> refund(double amount, String risk) {
        return p -> {
            ((ObjectNode) p.get("action").get("params")).put("amount", amount);
            ((ObjectNode) p.get("risk")).put("level", risk);
            return p;
        };
    }

    private static UnaryOperator<ObjectNode> action(String workflow, String type) {
        return p -> {
            p.put("workflow", workflow);
            ((ObjectNode) p.get("action")).put("type", type);
            return p;
        };
    }

    private static UnaryOperator<ObjectNode> requester(String email) {
        return p -> {
            ((ObjectNode) p.get("requester")).put("email", email);
            return p;
        };
    }

    private static UnaryOperator<ObjectNode> agent(String name) {
        return p -> {
            ((ObjectNode) p.get("proposedBy")).put("agent", name);
            return p;
        };
    }

    @SafeVarargs
    private static ObjectNode proposal(UnaryOperator<ObjectNode>... edits) {
        ObjectNode p = Proposals.minimal();
        for (UnaryOperator<ObjectNode> edit : edits) {
            p = edit.apply(p);
        }
        return p;
    }

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("a refund over 1,000: finance leads, then the CFO; the amount may be changed",
                        proposal(refund(1500, "high")), BEFORE_HOLIDAY,
                        "refunds-over-1000 quorum 1 REJECTED modifiable [amount] excluded []"
                                + " | 1: [lee@shop.example, kim@shop.example] 14400s remind 10800s"
                                + " | 2: [cfo@shop.example] 28800s remind 21600s | phase 1 REMIND 10800"),
                Arguments.of("out of office: Kim's requests go to Pat while she is away, recorded as a delegation",
                        proposal(refund(1500, "high")), DURING_HOLIDAY,
                        "refunds-over-1000 quorum 1 REJECTED modifiable [amount] excluded []"
                                + " | 1: [lee@shop.example, pat@shop.example] kim@shop.example>pat@shop.example"
                                + " 14400s remind 10800s"
                                + " | 2: [cfo@shop.example] 28800s remind 21600s | phase 1 REMIND 10800"),
                Arguments.of("the absence ends at 'until' (exclusive): Kim is asked again",
                        proposal(refund(1500, "high")), HOLIDAY_ENDS,
                        "refunds-over-1000 quorum 1 REJECTED modifiable [amount] excluded []"
                                + " | 1: [lee@shop.example, kim@shop.example] 14400s remind 10800s"
                                + " | 2: [cfo@shop.example] 28800s remind 21600s | phase 1 REMIND 10800"),
                Arguments.of("a small low-risk refund: the low-risk rule, auto-approved by policy if nobody answers",
                        proposal(refund(10, "low")), BEFORE_HOLIDAY,
                        "small-low-risk-refunds quorum 1 APPROVED modifiable [] excluded []"
                                + " | 1: [lee@shop.example] 3600s remind 0s | phase 1 DEADLINE 3600"),
                Arguments.of("the same small refund at medium risk: riskLevels keeps it out of the low-risk rule;"
                                + " no rule matches, so the default",
                        proposal(refund(10, "medium")), BEFORE_HOLIDAY,
                        "default quorum 1 REJECTED modifiable [] excluded []"
                                + " | 1: [approver@example.com] 86400s remind 64800s | phase 1 REMIND 64800"),
                Arguments.of("a person in two teams (Ana: editors and legal) is asked once; 2 of 4, majority",
                        proposal(action("content", "content.publish")), BEFORE_HOLIDAY,
                        "content-publishing quorum 2 majority REJECTED modifiable [] excluded []"
                                + " | 1: [ana@shop.example, ben@shop.example, cy@shop.example, lex@shop.example]"
                                + " 86400s remind 64800s | phase 1 REMIND 64800"),
                Arguments.of("the requester is never asked, even as a team member (case differs)",
                        proposal(action("content", "content.publish"), requester("Ana@Shop.Example")),
                        BEFORE_HOLIDAY,
                        "content-publishing quorum 2 majority REJECTED modifiable [] excluded [ana@shop.example]"
                                + " | 1: [ben@shop.example, cy@shop.example, lex@shop.example]"
                                + " 86400s remind 64800s | phase 1 REMIND 64800"),
                Arguments.of("the requester among the finance leads: excluded, the other lead is asked",
                        proposal(refund(2500, "critical"), requester("LEE@shop.example")), BEFORE_HOLIDAY,
                        "refunds-over-1000 quorum 1 REJECTED modifiable [amount] excluded [lee@shop.example]"
                                + " | 1: [kim@shop.example] 14400s remind 10800s"
                                + " | 2: [cfo@shop.example] 28800s remind 21600s | phase 1 REMIND 10800"),
                Arguments.of("deletes, in any workflow: the two named people, both must approve; FAILED fallback",
                        proposal(action("storage-cleanup", "s3:DeleteObject")), BEFORE_HOLIDAY,
                        "deletes quorum 2 FAILED modifiable [] excluded []"
                                + " | 1: [ops@shop.example, sec@shop.example] 86400s remind 43200s"
                                + " | phase 1 REMIND 43200"),
                Arguments.of("a delegate who is the requester is excluded too; the delegation is still recorded;"
                                + " Sam named as approver and team member is asked once",
                        proposal(action("support", "ticket.close")), BEFORE_HOLIDAY,
                        "support quorum 1 REJECTED modifiable [] excluded [dana@shop.example]"
                                + " | 1: [sam@shop.example] tia@shop.example>dana@shop.example 86400s remind 64800s"
                                + " | phase 1 REMIND 64800"),
                Arguments.of("first matching rule wins: a refund whose type mentions delete still takes the refund"
                                + " rule listed before 'deletes'",
                        proposal(refund(1200, "medium"), action("refunds", "refund.delete-and-reissue")),
                        BEFORE_HOLIDAY,
                        "refunds-over-1000 quorum 1 REJECTED modifiable [amount] excluded []"
                                + " | 1: [lee@shop.example, kim@shop.example] 14400s remind 10800s"
                                + " | 2: [cfo@shop.example] 28800s remind 21600s | phase 1 REMIND 10800"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void route_givesTheExpectedRuleRecipientsQuorumAndChain(String behaviour, ObjectNode proposal, Instant now,
                                                           String expected) {
        RouteOutcome outcome = ROUTING.route(proposal, now);

        assertThat(outcome).as(behaviour).isInstanceOf(Route.class);
        assertThat(describe((Route) outcome)).as(behaviour).isEqualTo(expected);
        // What the Route function returns must read back as the same route (the workflow carries it as JSON).
        assertThat(Route.fromJson(Json.parse(Json.write(((Route) outcome).toJson())))).isEqualTo(outcome);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("a delete requested by one of the two named people: one approver left for a quorum"
                                + " of 2 — refused, not a wait that can never end",
                        ROUTING, proposal(action("ops", "db.delete"), requester("ops@shop.example")),
                        Refusal.NO_ROUTE, "routing rule 'deletes' ($.rules[3] in table.json) matched the proposal of"
                                + " workflow 'ops', but level 1 keeps 1 recipient(s) (sec@shop.example) after"
                                + " separation of duties removed ops@shop.example (the requester or the proposing"
                                + " agent never approves their own proposal), fewer than its quorum of 2: nobody"
                                + " could decide it. Add people to that level or lower the rule's quorum."),
                Arguments.of("the proposing agent named like an address is excluded: level 2 (the CFO) is empty",
                        ROUTING, proposal(refund(5000, "critical"), agent("CFO@shop.example")),
                        Refusal.NO_ROUTE, "routing rule 'refunds-over-1000' ($.rules[1] in table.json) matched the"
                                + " proposal of workflow 'refunds', but level 2 keeps 0 recipient(s) after separation"
                                + " of duties removed cfo@shop.example (the requester or the proposing agent never"
                                + " approves their own proposal), fewer than its quorum of 1: nobody could decide"
                                + " it. Add people to that level or lower the rule's quorum."),
                Arguments.of("no rule matches and there is no default: NoRoute naming the workflow",
                        RoutingRules.parse("""
                                {"version": 1, "rules": [
                                  {"name": "refunds", "when": "workflow = 'refunds'", "approvers": ["lee@x.com"]},
                                  {"name": "deletes", "when": "action.type = 'delete'", "approvers": ["kim@x.com"]}]}
                                """, "no-default.json").orThrow(),
                        proposal(action("payroll", "salary.change")),
                        Refusal.NO_ROUTE, "no routing rule matches workflow 'payroll' (action salary.change, risk"
                                + " low) and no-default.json has no default rule: add a rule whose when matches it,"
                                + " or a \"default\" rule (rules tried: refunds, deletes)"),
                Arguments.of("a condition that gives a number is a routing error naming the rule, not a silent"
                                + " false that would fall through to a laxer rule",
                        RoutingRules.parse("""
                                {"version": 1, "rules": [
                                  {"name": "amount-only", "when": "action.params.amount", "approvers": ["lee@x.com"]}],
                                 "default": {"approvers": ["anyone@x.com"]}}
                                """, "numeric.json").orThrow(),
                        proposal(refund(70, "low")),
                        Refusal.ROUTING_ERROR, "routing rule 'amount-only' ($.rules[0].when in numeric.json) gave a"
                                + " number (70.0) instead of true or false for a proposal of workflow 'refunds'"
                                + " (action refund.issue): fix the condition so it always gives true or false. The"
                                + " gate stops rather than try the later rules, which could send the proposal to the"
                                + " wrong people."),
                Arguments.of("a path the proposal lacks gives nothing: a routing error that says how to compare",
                        RoutingRules.parse("""
                                {"version": 1, "rules": [
                                  {"name": "urgent", "when": "action.params.urgent", "approvers": ["lee@x.com"]}],
                                 "default": {"approvers": ["anyone@x.com"]}}
                                """, "undefined.json").orThrow(),
                        proposal(),
                        Refusal.ROUTING_ERROR, "routing rule 'urgent' ($.rules[0].when in undefined.json) gave nothing"
                                + " (a path the proposal does not have gives nothing; compare it instead, e.g."
                                + " action.params.urgent = true) instead of true or false for a proposal of workflow"
                                + " 'refunds' (action refund.issue): fix the condition so it always gives true or"
                                + " false. The gate stops rather than try the later rules, which could send the"
                                + " proposal to the wrong people."),
                Arguments.of("a condition that fails while evaluating is a routing error with JSONata's reason",
                        RoutingRules.parse("""
                                {"version": 1, "rules": [
                                  {"name": "broken", "when": "action.params.amount + 'x' > 1", "approvers": ["l@x.com"]}],
                                 "default": {"approvers": ["anyone@x.com"]}}
                                """, "failing.json").orThrow(),
                        proposal(refund(70, "low")),
                        Refusal.ROUTING_ERROR, "routing rule 'broken' ($.rules[0].when in failing.json) failed: The"
                                + " right side of the \"+\" operator must evaluate to a number (JSONata T2002) for a"
                                + " proposal of workflow 'refunds' (action refund.issue): fix the condition so it"
                                + " always gives true or false. The gate stops rather than try the later rules, which"
                                + " could send the proposal to the wrong people."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void route_refusesWithTheErrorAndACauseThatSaysWhatToDo(String behaviour, RoutingRules rules, ObjectNode proposal,
                                                            String error, String cause) {
        RouteOutcome outcome = rules.route(proposal, BEFORE_HOLIDAY);

        assertThat(outcome).as(behaviour).isEqualTo(new Refusal(error, cause));
    }

    @Test
    void route_refusesAnInvalidProposal_withEveryViolation() {
        ObjectNode proposal = proposal(refund(1500, "high"));
        ((ObjectNode) proposal.get("risk")).put("level", "High");
        proposal.put("riskLevel", "high");

        RouteOutcome outcome = ROUTING.route(proposal, BEFORE_HOLIDAY);

        assertThat(outcome).isEqualTo(new Refusal(Refusal.INVALID_PROPOSAL, "{\"violations\":["
                + "{\"path\":\"$.risk.level\",\"message\":\"must be one of low, medium, high or critical; got a string"
                + " \\\"High\\\" — did you mean \\\"high\\\"?\"},"
                + "{\"path\":\"$.riskLevel\",\"message\":\"is not a known field; did you mean \\\"risk\\\"? (known"
                + " here: proposalId, workflow, action, reasoning, evidence, risk, proposedBy, requester, routing)\"}]}"));
    }

    @Test
    void route_ignoresRoutingHints_whenRulesDecide() {
        // A hint must never add someone the rules do not allow: rules decide alone (docs/routing.md).
        ObjectNode proposal = proposal(refund(1500, "high"));
        proposal.putObject("routing").putArray("approvers").add("friend-of-the-agent@evil.example");

        Route route = (Route) ROUTING.route(proposal, BEFORE_HOLIDAY);

        assertThat(route.level(1).recipients()).containsExactly("lee@shop.example", "kim@shop.example");
    }

    /** One line: rule, quorum, fallback, modifiable, excluded, then each level, then the phase. */
    static String describe(Route route) {
        StringBuilder line = new StringBuilder(route.rule()).append(" quorum ").append(route.quorum().required())
                .append(route.quorum().majority() ? " majority " : " ").append(route.fallback())
                .append(" modifiable ").append(route.modifiable().stream().map(m -> m.param()).toList()).append(" excluded ").append(route.excluded());
        for (RouteLevel level : route.levels()) {
            line.append(" | ").append(level.level()).append(": ").append(level.recipients());
            if (!level.delegations().isEmpty()) {
                line.append(' ').append(level.delegations().stream().map(d -> d.from() + ">" + d.to())
                        .collect(Collectors.joining(",")));
            }
            line.append(' ').append(level.timeoutSeconds()).append("s remind ").append(level.remindAfterSeconds())
                    .append('s');
        }
        Phase phase = route.phase();
        return line.append(" | phase ").append(phase.level()).append(' ').append(phase.kind()).append(' ')
                .append(phase.seconds()).toString();
    }
}
