package dev.countersign.example;

import static dev.countersign.testing.HandlerFixture.gateRouteInput;
import static dev.countersign.testing.HandlerFixture.routeInput;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import dev.countersign.functions.RouteDependencies;
import dev.countersign.functions.RouteHandler;
import dev.countersign.local.dynalite.ProjectRoot;
import dev.countersign.routing.Fallback;
import dev.countersign.routing.GateApprovers;
import dev.countersign.routing.Phase;
import dev.countersign.routing.PhaseKind;
import dev.countersign.routing.Quorum;
import dev.countersign.routing.Route;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example agent's proposals through Countersign's Route function, with the example rules of countersign up. */
class RefundRoutingTest {
    private static final Path EXAMPLE_RULES = ProjectRoot.locate().resolve("config/routing.json");

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final MutableClock clock = MutableClock.at("2026-11-24T10:00:00Z");

    private RouteHandler handler(Map<String, String> env) {
        return HandlerFixture.routeHandler(env, clock, logged);
    }

    /** What the example workflow's agent step proposes for a refund of {@code amount} EUR. */
    private static ObjectNode exampleRefund(String amount) {
        return new RefundAgentFunction().handle(Json.parse("{\"orderId\": \"ORD-1\", \"amount\": " + amount + ","
                + " \"currency\": \"EUR\", \"reason\": \"Arrived broken\", \"customer\": {\"email\": \"c@customer.example\"},"
                + " \"requester\": {\"email\": \"sam.support@shop.example\"}}"));
    }

    @Test
    void handle_routesTheExampleRefundOfCountersignUp_toTheDefaultApprover_withTheExampleRules() {
        RouteHandler route = handler(Map.of(RouteDependencies.ROUTING_FILE, EXAMPLE_RULES.toString()));

        ObjectNode output = route.handle(routeInput(exampleRefund("129.90")), "req-1");

        Route routed = Route.fromJson(output);
        assertThat(routed.rule()).isEqualTo("default");
        assertThat(routed.levels()).singleElement().satisfies(level -> {
            assertThat(level.recipients()).containsExactly("approver@example.com");
            assertThat(level.timeoutSeconds()).isEqualTo(86_400);
        });
        assertThat(routed.phase()).isEqualTo(new Phase(1, PhaseKind.REMIND, 64_800));
    }

    @Test
    void handle_routesALargeExampleRefund_toTheFinanceLeads_thenTheCfo_withKimAwayAndPatDeciding() {
        RouteHandler route = handler(Map.of(RouteDependencies.ROUTING_FILE, EXAMPLE_RULES.toString()));

        Route routed = Route.fromJson(route.handle(routeInput(exampleRefund("1500.00")), "req-2"));

        assertThat(routed.rule()).isEqualTo("refunds-over-1000");
        assertThat(routed.level(1).recipients()).containsExactly("lee.finance@shop.example", "pat.finance@shop.example");
        assertThat(routed.level(1).delegations()).singleElement()
                .satisfies(d -> assertThat(d.from() + ">" + d.to())
                        .isEqualTo("kim.finance@shop.example>pat.finance@shop.example"));
        assertThat(routed.level(2).recipients()).containsExactly("cfo@shop.example");
        // The README's bounds: lower the amount in cents, never below what this rule covers.
        assertThat(routed.modifiable()).containsExactly(new dev.countersign.approval.ParamBounds.Number("amount",
                new dev.countersign.approval.ParamBounds.Limit(new java.math.BigDecimal("1000.01")),
                dev.countersign.approval.ParamBounds.Limit.PROPOSED_VALUE, 2));
        assertThat(routed.phase()).isEqualTo(new Phase(1, PhaseKind.REMIND, 10_800));
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"message\":\"routed\"")
                .contains("\"rule\":\"refunds-over-1000\"");
    }

    @Test
    void handleRequest_readsAndWritesTheLambdaStreams() throws Exception {
        RouteHandler route = handler(Map.of(RouteDependencies.ROUTING_FILE, EXAMPLE_RULES.toString()));
        ObjectNode proposal = exampleRefund("50.00");
        ((ObjectNode) proposal.get("action")).put("type", "orders.delete");
        proposal.put("workflow", "cleanup");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        route.handleRequest(new ByteArrayInputStream(Json.write(routeInput(proposal)).getBytes(StandardCharsets.UTF_8)),
                out, null);

        Route routed = Route.fromJson(Json.parse(out.toByteArray()));
        assertThat(routed.rule()).isEqualTo("deletes");
        assertThat(routed.quorum().required()).isEqualTo(2);
        assertThat(routed.level(1).recipients()).containsExactly("ops.lead@shop.example", "security.lead@shop.example");
    }

    @Test
    void gateApprovers_makeAOneLevelRouteInsteadOfTheRules_withTheGatesTimeout() {
        RouteHandler route = handler(Map.of(RouteDependencies.ROUTING_FILE, EXAMPLE_RULES.toString()));

        // 1,500 EUR would match refunds-over-1000 (two levels, finance leads): the gate's own approvers win.
        Route routed = Route.fromJson(route.handle(gateRouteInput(exampleRefund("1500.00"), 7200L, "Gina@Shop.example"),
                "req-g1"));

        assertThat(routed.rule()).isEqualTo(GateApprovers.RULE);
        assertThat(routed.levels()).singleElement().satisfies(level -> {
            assertThat(level.recipients()).containsExactly("gina@shop.example");
            assertThat(level.timeoutSeconds()).isEqualTo(7200);
        });
        assertThat(routed.quorum()).isEqualTo(Quorum.ONE);
        assertThat(routed.modifiable()).isEmpty();
        assertThat(routed.fallback()).isEqualTo(Fallback.REJECTED);
        assertThat(routed.phase()).isEqualTo(new Phase(1, PhaseKind.REMIND, 5400));
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"rule\":\"gate\"")
                .contains("\"source\":\"gate\"");
    }
}
