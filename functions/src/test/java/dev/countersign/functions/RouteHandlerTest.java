package dev.countersign.functions;

import static dev.countersign.testing.HandlerFixture.gateRouteInput;
import static dev.countersign.testing.HandlerFixture.routeInput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import dev.countersign.local.dynalite.ProjectRoot;
import dev.countersign.routing.GateApprovers;
import dev.countersign.routing.HintRouting;
import dev.countersign.routing.InvalidRoutingRulesException;
import dev.countersign.routing.Phase;
import dev.countersign.routing.PhaseKind;
import dev.countersign.routing.Refusal;
import dev.countersign.routing.Route;
import dev.countersign.routing.RouteRefusedException;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteHandlerTest {
    private static final Path EXAMPLE_RULES = ProjectRoot.locate().resolve("config/routing.json");

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final MutableClock clock = MutableClock.at("2026-11-24T10:00:00Z");

    private RouteHandler handler(Map<String, String> env) {
        return HandlerFixture.routeHandler(env, clock, logged);
    }

    /** What the Route function threw, as the refusal it carries; fails when it returned instead. */
    private static Refusal refusalOf(RouteHandler route, ObjectNode input) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> route.handle(input, "req"));
        assertThat(thrown).as("the Route function refuses by throwing").isInstanceOf(RouteRefusedException.class);
        return ((RouteRefusedException) thrown).refusal();
    }

    @Test
    void handle_refusesAnInvalidProposal_byThrowingCountersignInvalidProposal_listingEveryViolation() {
        ObjectNode proposal = HandlerFixture.proposal();
        proposal.remove("reasoning");
        proposal.put("workflow", "");
        RouteHandler route = handler(Map.of(RouteDependencies.ROUTING_FILE, EXAMPLE_RULES.toString()));

        // The Java runtime reports the class name as errorType: the Task fails with the public error name itself.
        assertThatThrownBy(() -> route.handle(routeInput(proposal), "req-3"))
                .isInstanceOf(Countersign.InvalidProposal.class)
                .satisfies(thrown -> {
                    assertThat(thrown.getClass().getName()).isEqualTo("Countersign.InvalidProposal");
                    assertThat(thrown.getStackTrace()).isEmpty();
                    JsonNode violations = Json.parse(thrown.getMessage()).get("violations");
                    assertThat(violations).extracting(v -> v.get("path").asText())
                            .containsExactly("$.reasoning", "$.workflow");
                });
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"message\":\"refused\"")
                .contains("\"error\":\"Countersign.InvalidProposal\"");
    }

    @Test
    void handleRequest_throwsTheRefusal_andWritesNoOutput() {
        ObjectNode proposal = HandlerFixture.proposal();
        proposal.remove("routing");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> handler(Map.of()).handleRequest(new ByteArrayInputStream(
                Json.write(routeInput(proposal)).getBytes(StandardCharsets.UTF_8)), out, null))
                .isInstanceOf(Countersign.NoRoute.class);
        // A half-written route next to a failure would be read by nobody, but Lambda would discard it anyway.
        assertThat(out.size()).isZero();
    }

    @Test
    void init_failsWithEveryProblem_whenTheRoutingFileIsInvalid(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("routing.json");
        Files.writeString(file, "{\"version\": 1, \"rules\": [{\"name\": \"r\", \"when\": \"amount >\","
                + " \"teams\": [\"finance\"]}]}");

        // The Lambda runtime reports a failed init; the message is the list, so the log says what to fix.
        assertThatThrownBy(() -> new RouteHandler(Map.of(RouteDependencies.ROUTING_FILE, file.toString())))
                .isInstanceOfSatisfying(InvalidRoutingRulesException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("the routing rules in " + file + " are invalid (2 problems); fix them and try"
                                + " again:\n"
                                + "  $.rules[0].teams[0]: names the team \"finance\", which is not defined under"
                                + " \"teams\" — define it there (no teams are defined)\n"
                                + "  $.rules[0].when: is not valid JSONata: Unexpected end of expression (JSONata"
                                + " S0207, at character 8) — check the quotes and brackets (write strings in single"
                                + " quotes inside the JSON string: workflow = 'refunds')"));
    }

    @Test
    void withoutARoutingFile_theProposalsHintsAreAsked_asBeforeRulesExisted() {
        RouteHandler route = handler(Map.of("COUNTERSIGN_DEFAULT_APPROVERS", "ops@shop.example",
                RouteDependencies.DEFAULT_TIMEOUT, "3600"));

        Route routed = Route.fromJson(route.handle(routeInput(HandlerFixture.proposalFor("lee@shop.example",
                "DANA@shop.example")), "req-4"));

        assertThat(routed.rule()).isEqualTo(HintRouting.RULE_HINTS);
        assertThat(routed.level(1).recipients()).containsExactly("lee@shop.example");
        assertThat(routed.excluded()).as("the requester named as approver is removed, and recorded")
                .containsExactly("dana@shop.example");
        assertThat(routed.level(1).timeoutSeconds()).isEqualTo(3600);
        assertThat(routed.phase()).isEqualTo(new Phase(1, PhaseKind.REMIND, 2700));
    }

    @Test
    void withoutARoutingFile_theDefaultApproversAreAsked_whenTheProposalNamesNobody() {
        ObjectNode proposal = HandlerFixture.proposal();
        proposal.remove("routing");

        Route routed = Route.fromJson(handler(Map.of("COUNTERSIGN_DEFAULT_APPROVERS", "Ops@Shop.example, kim@x.com"))
                .handle(routeInput(proposal), "req-5"));

        assertThat(routed.rule()).isEqualTo(HintRouting.RULE_DEFAULT);
        assertThat(routed.level(1).recipients()).containsExactly("ops@shop.example", "kim@x.com");
        assertThat(routed.level(1).timeoutSeconds()).as("one day unless configured").isEqualTo(86_400);
    }

    @Test
    void withoutARoutingFile_nobodyToAsk_isNoRoute_sayingWhatToSet() {
        ObjectNode proposal = HandlerFixture.proposal();
        proposal.remove("routing");

        Refusal outcome = refusalOf(handler(Map.of()), routeInput(proposal));

        assertThat(outcome).isEqualTo(new Refusal(Refusal.NO_ROUTE, "no approver for workflow 'refunds': the"
                + " proposal names no approvers and COUNTERSIGN_DEFAULT_APPROVERS is empty — name approvers in the"
                + " proposal's routing.approvers, set COUNTERSIGN_DEFAULT_APPROVERS, or configure routing rules with"
                + " COUNTERSIGN_ROUTING_FILE"));
    }

    @Test
    void withoutARoutingFile_moreThanTenHintedApprovers_askTheFirstTen() {
        List<String> many = java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(i -> "a" + i + "@x.com").toList();

        Route routed = Route.fromJson(handler(Map.of()).handle(routeInput(HandlerFixture.proposalFor(
                many.toArray(String[]::new))), "req-7"));

        assertThat(routed.level(1).recipients()).containsExactlyElementsOf(many.subList(0, 10));
    }

    @Test
    void init_refusesABadDefaultTimeout_namingTheVariable() {
        assertThatThrownBy(() -> RouteDependencies.policyFromEnvironment(Map.of(RouteDependencies.DEFAULT_TIMEOUT,
                "1d"))).hasMessage("COUNTERSIGN_DEFAULT_TIMEOUT_SECONDS='1d' is not a whole number of seconds from 60"
                + " to 31536000: set it like COUNTERSIGN_DEFAULT_TIMEOUT_SECONDS=86400 (one day), or leave it out for"
                + " one day");
    }

    @Test
    void handle_failsTheInvocation_namingAMissingField() {
        RouteHandler route = handler(Map.of());
        ObjectNode input = routeInput(HandlerFixture.proposal());
        input.remove("gate");

        assertThatThrownBy(() -> route.handle(input, "req-8")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the route function's input field 'gate' is missing: name the gate, e.g. \"gate\":"
                        + " \"refund-approval\" in the gate's Route state Parameters");
        assertThatThrownBy(() -> route.handle(Json.object().put("executionArn", "arn:x").put("gate", "g"), "req-9"))
                .hasMessageContaining("'proposal' is missing");
    }

    @Test
    void gateApprovers_withoutATimeout_waitOneDay() {
        Route routed = Route.fromJson(handler(Map.of()).handle(gateRouteInput(HandlerFixture.proposal(), null,
                "gina@shop.example"), "req-g2"));

        assertThat(routed.level(1).timeoutSeconds()).isEqualTo(86_400);
    }

    @Test
    void proposalHints_mayPickAmongTheGatesApprovers_butNeverAddAnyone() {
        RouteHandler route = handler(Map.of());

        Route picked = Route.fromJson(route.handle(gateRouteInput(HandlerFixture.proposalFor("hal@shop.example"), 3600L,
                "gina@shop.example", "hal@shop.example"), "req-g3"));
        Route ignored = Route.fromJson(route.handle(gateRouteInput(HandlerFixture.proposalFor("zed@shop.example"),
                3600L, "gina@shop.example", "hal@shop.example"), "req-g4"));

        assertThat(picked.rule()).isEqualTo(GateApprovers.RULE_NARROWED);
        assertThat(picked.level(1).recipients()).containsExactly("hal@shop.example");
        // An agent naming someone the workflow's owner did not name must not get that person asked.
        assertThat(ignored.rule()).isEqualTo(GateApprovers.RULE);
        assertThat(ignored.level(1).recipients()).containsExactly("gina@shop.example", "hal@shop.example");
    }

    @Test
    void gateApprovers_keepSeparationOfDuties_andTheRulesFilesOutOfOfficeDelegates() {
        RouteHandler route = handler(Map.of(RouteDependencies.ROUTING_FILE, EXAMPLE_RULES.toString()));

        Route routed = Route.fromJson(route.handle(gateRouteInput(HandlerFixture.proposal(), 3600L,
                HandlerFixture.REQUESTER.toUpperCase(java.util.Locale.ROOT), "kim.finance@shop.example"), "req-g5"));

        assertThat(routed.excluded()).containsExactly(HandlerFixture.REQUESTER);
        assertThat(routed.level(1).recipients()).containsExactly("pat.finance@shop.example");
        assertThat(routed.level(1).delegations()).singleElement()
                .satisfies(d -> assertThat(d.to()).isEqualTo("pat.finance@shop.example"));
    }

    @Test
    void gateApprovers_thatAreAllTheRequester_isNoRoute_namingTheGate() {
        Refusal refusal = refusalOf(handler(Map.of()), gateRouteInput(HandlerFixture.proposal(), 3600L,
                HandlerFixture.REQUESTER));

        assertThat(refusal.error()).isEqualTo(Refusal.NO_ROUTE);
        assertThat(refusal.cause()).contains("at gate 'refund-approval'").contains("every approver the gate names")
                .contains("name other approvers on the gate");
    }

    @Test
    void gateApprovers_stillRefuseAnInvalidProposal() {
        ObjectNode proposal = HandlerFixture.proposal();
        proposal.remove("reasoning");

        Refusal refusal = refusalOf(handler(Map.of()), gateRouteInput(proposal, 3600L, "gina@shop.example"));

        assertThat(refusal.error()).isEqualTo(Refusal.INVALID_PROPOSAL);
        assertThat(refusal.cause()).contains("$.reasoning");
    }

    @Test
    void malformedGateApproversOrTimeout_failTheInvocation_namingTheField() {
        RouteHandler route = handler(Map.of());
        ObjectNode notAnAddress = gateRouteInput(HandlerFixture.proposal(), 3600L, "gina@shop.example", "gina");
        ObjectNode empty = gateRouteInput(HandlerFixture.proposal(), 3600L);
        ObjectNode tooShort = gateRouteInput(HandlerFixture.proposal(), 30L, "gina@shop.example");
        ObjectNode timeoutAlone = routeInput(HandlerFixture.proposal()).put("timeoutSeconds", 3600);

        assertThatThrownBy(() -> route.handle(notAnAddress, "r1"))
                .hasMessageContaining("input field 'approvers[1]' is not an email address");
        assertThatThrownBy(() -> route.handle(empty, "r2"))
                .hasMessageContaining("input field 'approvers' is not a list of 1 to 10 email addresses");
        assertThatThrownBy(() -> route.handle(tooShort, "r3"))
                .hasMessageContaining("input field 'timeoutSeconds' is not a whole number of seconds from 60 to"
                        + " 31536000");
        // A timeout without approvers would be silently ignored under the rules: refuse it instead.
        assertThatThrownBy(() -> route.handle(timeoutAlone, "r4"))
                .hasMessageContaining("input field 'timeoutSeconds' is given without \"approvers\"");
    }
}
