package dev.countersign.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.contract.Proposals;
import dev.countersign.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Routing invariants over generated rules files and proposals (seeded, so a failure names the seed that replays it):
 * nobody approves their own proposal, nobody is asked twice, every level can reach its quorum or the proposal is
 * refused, absent people are replaced only by their delegates, and a level's phases add up to its timeout.
 */
class RoutingPropertiesTest {
    private static final List<String> STAFF = List.of("ann@x.com", "bob@x.com", "cat@x.com", "dan@x.com",
            "eve@x.com", "fay@x.com", "gus@x.com", "hal@x.com");
    private static final List<String> DEPUTIES = List.of("dep1@x.com", "dep2@x.com");
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    static Stream<Long> seeds() {
        return LongStream.rangeClosed(1, 60).boxed();
    }

    /** A generated world: the rules file's JSON, who is away (active now) and the level candidates. */
    private record World(String rules, Map<String, String> awayNow, List<List<String>> levels, int quorum) {
    }

    private static String cased(String address, SplittableRandom random) {
        return random.nextBoolean() ? address : address.toUpperCase(Locale.ROOT);
    }

    private static World world(SplittableRandom random) {
        // Who is away: some staff, each with a deputy (deputies are never away, so no chains); some absences ended.
        Map<String, String> awayNow = new LinkedHashMap<>();
        Map<String, ObjectNode> declarations = new LinkedHashMap<>();
        for (String person : STAFF) {
            if (random.nextInt(4) == 0) {
                String deputy = DEPUTIES.get(random.nextInt(DEPUTIES.size()));
                ObjectNode away = Json.object().put("delegate", deputy);
                if (random.nextBoolean()) {
                    away.put("until", random.nextBoolean() ? "2026-11-24T11:59:59Z" : "2026-11-24T12:00:01Z");
                }
                if (!away.has("until") || away.get("until").asText().endsWith("12:00:01Z")) {
                    awayNow.put(person, deputy);
                }
                declarations.put(person, away);
            }
        }
        ObjectNode root = Json.object().put("version", 1);
        ArrayNode teams = root.putArray("teams");
        Map<String, List<String>> members = new LinkedHashMap<>();
        Set<String> declared = new LinkedHashSet<>();
        for (int t = 0; t < 3; t++) {
            List<String> people = new ArrayList<>();
            ArrayNode list = teams.addObject().put("name", "team" + t).putArray("members");
            for (String person : STAFF) {
                if (random.nextInt(3) == 0) {
                    people.add(person);
                    if (declarations.containsKey(person) && declared.add(person)) {
                        list.addObject().put("email", cased(person, random)).set("outOfOffice",
                                declarations.get(person));
                    } else {
                        list.add(cased(person, random));
                    }
                }
            }
            if (people.isEmpty()) {
                people.add(STAFF.get(t));
                list.add(STAFF.get(t));
            }
            members.put("team" + t, people);
        }
        // Absences only count where declared: a person away but never listed with the declaration is not away.
        awayNow.keySet().retainAll(declared);

        ObjectNode rule = root.putObject("default");
        List<List<String>> levels = new ArrayList<>();
        int levelCount = 1 + random.nextInt(3);
        int smallest = Integer.MAX_VALUE;
        ArrayNode escalation = null;
        for (int l = 0; l < levelCount; l++) {
            ObjectNode level = l == 0 ? rule : escalation.addObject();
            if (l == 0) {
                escalation = levelCount > 1 ? rule.putArray("escalation") : null;
            }
            Set<String> candidates = new LinkedHashSet<>();
            ArrayNode approvers = level.putArray("approvers");
            for (String person : STAFF) {
                if (random.nextInt(5) == 0) {
                    approvers.add(cased(person, random));
                    candidates.add(person);
                }
            }
            ArrayNode named = level.putArray("teams");
            for (String team : members.keySet()) {
                if (random.nextBoolean() || (candidates.isEmpty() && named.isEmpty() && team.equals("team2"))) {
                    named.add(team);
                    candidates.addAll(members.get(team));
                }
            }
            level.put("timeoutSeconds", 60 + random.nextInt(100_000));
            levels.add(List.copyOf(candidates));
            smallest = Math.min(smallest, candidates.size());
        }
        int quorum = 1 + random.nextInt(Math.min(3, smallest));
        rule.put("quorum", quorum);
        return new World(Json.write(root), awayNow, levels, quorum);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void route_neverAsksTheRequesterOrAgent_norAnyoneTwice_andEveryLevelCanDecide(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 20; round++) {
            World world = world(random);
            RoutingRules rules = RoutingRules.parse(world.rules(), "seed " + seed).orThrow();
            List<String> everyone = new ArrayList<>(STAFF);
            everyone.addAll(DEPUTIES);
            String requester = everyone.get(random.nextInt(everyone.size()));
            String agent = random.nextBoolean() ? everyone.get(random.nextInt(everyone.size())) : "some-agent";
            ObjectNode proposal = Proposals.minimal();
            ((ObjectNode) proposal.get("requester")).put("email", cased(requester, random));
            ((ObjectNode) proposal.get("proposedBy")).put("agent", cased(agent, random));

            RouteOutcome outcome = rules.route(proposal, NOW);

            String context = "seed " + seed + " round " + round + ", requester " + requester + ", agent " + agent
                    + ", rules " + world.rules();
            // The oracle: each level's people after substitution, minus the requester and the agent.
            boolean decidable = true;
            for (List<String> candidates : world.levels()) {
                Set<String> asked = new LinkedHashSet<>();
                for (String person : candidates) {
                    if (person.equals(requester) || person.equals(agent)) {
                        continue;
                    }
                    String actual = world.awayNow().getOrDefault(person, person);
                    if (!actual.equals(requester) && !actual.equals(agent)) {
                        asked.add(actual);
                    }
                }
                decidable &= asked.size() >= world.quorum();
            }
            if (!decidable) {
                assertThat(outcome).as(context).isInstanceOfSatisfying(Refusal.class,
                        r -> assertThat(r.error()).isEqualTo(Refusal.NO_ROUTE));
                continue;
            }
            assertThat(outcome).as(context).isInstanceOf(Route.class);
            Route route = (Route) outcome;
            assertThat(route.levels()).as(context).hasSize(world.levels().size());
            assertThat(route.excluded()).as(context).allMatch(e -> e.equals(requester) || e.equals(agent));
            for (RouteLevel level : route.levels()) {
                List<String> candidates = world.levels().get(level.level() - 1);
                assertThat(level.recipients()).as(context).doesNotContain(requester, agent)
                        .doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(route.quorum().required())
                        .hasSizeLessThanOrEqualTo(10)
                        .allMatch(r -> r.equals(r.toLowerCase(Locale.ROOT)))
                        .allMatch(r -> (candidates.contains(r) && !world.awayNow().containsKey(r))
                                || world.awayNow().entrySet().stream().anyMatch(e -> candidates.contains(e.getKey())
                                        && e.getValue().equals(r)));
                assertThat(level.delegations()).as(context).allMatch(d -> candidates.contains(d.from())
                        && d.to().equals(world.awayNow().get(d.from())));
                assertThat(level.phases().stream().mapToLong(Phase::seconds).sum()).as(context)
                        .isEqualTo(level.timeoutSeconds());
            }
        }
    }
}
