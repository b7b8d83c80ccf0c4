package dev.countersign.routing;

import dev.countersign.testing.TestRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.CanonicalJson;
import dev.countersign.core.json.Json;
import dev.countersign.approval.ParamBounds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteTest {
    private static final String NOTE_EXAMPLE = """
            {"version": 1, "rule": "refunds-over-1000", "quorum": {"required": 1, "majority": false},
             "modifiable": [{"param": "amount", "type": "number", "minimum": 0, "maximum": "proposed"},
                            {"param": "reason", "type": "text", "maxLength": 200}], "fallback": "REJECTED",
             "levels": [
               {"level": 1, "recipients": ["lead@x.com"], "delegations": [{"from": "ooo@x.com", "to": "deputy@x.com"}],
                "timeoutSeconds": 3600, "remindAfterSeconds": 2700},
               {"level": 2, "recipients": ["cfo@x.com"], "delegations": [], "timeoutSeconds": 7200,
                "remindAfterSeconds": 5400}],
             "phase": {"level": 1, "kind": "REMIND", "seconds": 2700}}""";

    private static Route twoLevels() {
        return Route.start("refunds-over-1000", Quorum.ONE, List.of(TestRules.AMOUNT), Fallback.REJECTED,
                List.of("dana@shop.example"), List.of(
                        new RouteLevel(1, List.of("lead@x.com", "deputy@x.com"),
                                List.of(new Delegation("ooo@x.com", "deputy@x.com")), 3600, 2700),
                        new RouteLevel(2, List.of("cfo@x.com"), List.of(), 7200, 0)));
    }

    @Test
    void fromJson_readsTheAgreedShape_andWritesItBack() {
        Route route = Route.fromJson(Json.parse(NOTE_EXAMPLE));

        assertThat(route.rule()).isEqualTo("refunds-over-1000");
        assertThat(route.level(1).delegations()).containsExactly(new Delegation("ooo@x.com", "deputy@x.com"));
        assertThat(route.phase()).isEqualTo(new Phase(1, PhaseKind.REMIND, 2700));
        assertThat(route.excluded()).as("absent excluded reads as none").isEmpty();
        ObjectNode expected = (ObjectNode) Json.parse(NOTE_EXAMPLE);
        expected.putArray("excluded");
        // Canonical text: 2700 read as an int and written as a long are different nodes but the same JSON.
        assertThat(CanonicalJson.canonicalize(route.toJson())).isEqualTo(CanonicalJson.canonicalize(expected));
    }

    @Test
    void aRouteWrittenBeforeBounds_readsItsBareNames_asNothingToChange() {
        // A paused execution's route from before bounds: an unbounded name must not become changeable.
        ObjectNode old = (ObjectNode) Json.parse(NOTE_EXAMPLE);
        old.putArray("modifiable").add("amount").add("reason");

        Route route = Route.fromJson(old);

        assertThat(route.modifiable()).isEmpty();
        assertThat(route.mayModify("amount")).isFalse();
    }

    @Test
    void fromJson_readsEachKindOfBounds() {
        Route route = Route.fromJson(Json.parse(NOTE_EXAMPLE));

        assertThat(route.modifiable()).containsExactly(TestRules.AMOUNT, new ParamBounds.Text("reason", 200, false));
    }

    @Test
    void toJson_thenFromJson_isTheSameRoute_inEveryPhase() {
        Route route = twoLevels();
        for (Optional<Phase> p = Optional.of(route.firstPhase()); p.isPresent(); p = route.nextPhase(p.get())) {
            Route at = route.withPhase(p.get());
            assertThat(Route.fromJson(Json.parse(Json.write(at.toJson())))).isEqualTo(at);
        }
    }

    @Test
    void phases_remindThenDeadlinePerLevel_thenNothing_whenTheChainIsExhausted() {
        Route route = twoLevels();
        List<Phase> walked = new ArrayList<>();
        for (Optional<Phase> p = Optional.of(route.firstPhase()); p.isPresent(); p = route.nextPhase(p.get())) {
            walked.add(p.get());
        }
        // Level 2 has no reminder (remindAfterSeconds 0): one DEADLINE phase of the whole timeout.
        assertThat(walked).containsExactly(new Phase(1, PhaseKind.REMIND, 2700), new Phase(1, PhaseKind.DEADLINE, 900),
                new Phase(2, PhaseKind.DEADLINE, 7200));
        assertThat(route.withPhase(walked.get(2)).atLastLevel()).isTrue();
        assertThat(route.withPhase(walked.get(2)).nextPhase()).isEmpty();
        assertThat(route.withPhase(walked.get(1)).currentLevel().level()).isEqualTo(1);
    }

    @Test
    void nextPhase_refusesAPhaseThatIsNotTheRoutes() {
        assertThatThrownBy(() -> twoLevels().nextPhase(new Phase(1, PhaseKind.DEADLINE, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a phase of level 1");
        assertThatThrownBy(() -> twoLevels().level(3)).hasMessageContaining("there is no level 3");
    }

    @Test
    void refusal_isThrownAsTheExceptionWhoseClassNameIsItsError() {
        for (String error : List.of(Refusal.INVALID_PROPOSAL, Refusal.NO_ROUTE, Refusal.ROUTING_ERROR)) {
            Refusal refusal = new Refusal(error, "no rule matches workflow 'refunds'");
            RouteRefusedException thrown = refusal.exception();
            // The Java Lambda runtime reports getClass().getName() as errorType: that is the public error name.
            assertThat(thrown.getClass().getName()).isEqualTo(error);
            assertThat(thrown.error()).isEqualTo(error);
            assertThat(thrown.getMessage()).isEqualTo("no rule matches workflow 'refunds'");
            assertThat(thrown.refusal()).isEqualTo(refusal);
            // No frames: the Cause Step Functions shows is the message, not a page of stack trace.
            assertThat(thrown.getStackTrace()).isEmpty();
            assertThat(thrown.getCause()).isNull();
        }
    }

    @Test
    void refusal_errorNames_areTheCountersignExceptionClasses() {
        assertThat(Countersign.InvalidProposal.class.getName()).isEqualTo(Refusal.INVALID_PROPOSAL)
                .isEqualTo(dev.countersign.contract.ProposalCheck.ERROR_NAME);
        assertThat(Countersign.NoRoute.class.getName()).isEqualTo(Refusal.NO_ROUTE);
        assertThat(Countersign.RoutingError.class.getName()).isEqualTo(Refusal.ROUTING_ERROR);
        assertThatThrownBy(() -> new Refusal("Countersign.Other", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be Countersign.InvalidProposal, Countersign.NoRoute or"
                        + " Countersign.RoutingError");
    }

    @Test
    void refusal_cutsACause_soThatLambdasErrorDocumentFitsTheStepFunctionsLimit() {
        Refusal plain = new Refusal(Refusal.NO_ROUTE, "x".repeat(40_000));
        assertThat(plain.cause()).hasSize(Refusal.MAX_CAUSE_CHARS).endsWith("…");
        // Quotes double when escaped into errorMessage: counting raw characters would overflow the Cause.
        Refusal quoted = new Refusal(Refusal.NO_ROUTE, "\"".repeat(40_000));
        assertThat(quoted.cause()).hasSize(Refusal.MAX_CAUSE_CHARS / 2);
        Refusal emoji = new Refusal(Refusal.NO_ROUTE, "\uD83D\uDE00".repeat(20_000));
        assertThat(Character.isHighSurrogate(emoji.cause().charAt(emoji.cause().length() - 2))).isFalse();
        for (Refusal refusal : List.of(plain, quoted, emoji)) {
            String document = Json.write(Json.object().put("errorMessage", refusal.cause())
                    .put("errorType", refusal.error()).set("stackTrace", Json.array()));
            assertThat(document.length()).isLessThanOrEqualTo(32_768);
        }
    }

    @Test
    void fromJson_namesThePathOfAMistypedMember() {
        ObjectNode json = twoLevels().toJson();
        ((ObjectNode) json.withArray("levels").get(1)).put("timeoutSeconds", "7200");
        assertThatThrownBy(() -> Route.fromJson(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$.levels[1].timeoutSeconds: must be a whole number");
    }

    @Test
    void constructor_refusesAQuorumNoLevelCanReach_andAPhaseOutsideTheLevels() {
        ObjectNode json = twoLevels().toJson();
        ((ObjectNode) json.get("quorum")).put("required", 2);
        assertThatThrownBy(() -> Route.fromJson(json)).hasMessageContaining("level 2 has 1 recipient(s), fewer than"
                + " the quorum of 2");
        assertThatThrownBy(() -> twoLevels().withPhase(new Phase(3, PhaseKind.DEADLINE, 7200)))
                .hasMessageContaining("is not a phase of this route's levels");
        assertThatThrownBy(() -> new RouteLevel(1, List.of("a@x.com"), List.of(), 60, 60))
                .hasMessageContaining("remindAfterSeconds must be 0 (no reminder) or less than timeoutSeconds 60");
    }

    @Test
    void wireNames_areExact() {
        assertThatThrownBy(() -> Fallback.fromWire("approved")).hasMessageContaining("expected REJECTED, FAILED or"
                + " APPROVED");
        assertThatThrownBy(() -> PhaseKind.fromWire("remind")).hasMessageContaining("REMIND or DEADLINE");
    }
}
