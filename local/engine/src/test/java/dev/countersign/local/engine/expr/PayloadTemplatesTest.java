package dev.countersign.local.engine.expr;

import static dev.countersign.local.engine.expr.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.StatesFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadTemplatesTest {

    @Test
    void apply_copiesStaticFieldsAndResolvesDynamicOnes_atAnyDepth() {
        JsonNode template = parse("""
                {"static": {"n": 1, "list": [true, null]},
                 "items": [{"id.$": "$.id"}, "plain", {"deep": [{"ctx.$": "$$.State.Name"}]}],
                 "fromVar.$": "$limit",
                 "notAPath": "$.id"}
                """);
        Scope scope = Json.scope("{\"id\": \"p-1\"}", "{\"State\": {\"Name\": \"Gate\"}}",
                Map.of("limit", parse("3")));

        JsonNode payload = PayloadTemplates.apply(template, scope);

        assertThat(payload).isEqualTo(parse("""
                {"static": {"n": 1, "list": [true, null]},
                 "items": [{"id": "p-1"}, "plain", {"deep": [{"ctx": "Gate"}]}],
                 "fromVar": 3,
                 "notAPath": "$.id"}
                """));
    }

    @Test
    void apply_neverHandsOutTheDefinitionsOwnNodes() {
        JsonNode template = parse("{\"static\": {\"n\": 1}}");
        PayloadTemplates.Template compiled = PayloadTemplates.compile(template);
        ((ObjectNode) compiled.apply(Json.input("{}")).get("static")).put("n", 2);
        // a caller that edits one execution's payload must not change the next execution's payload
        assertThat(compiled.apply(Json.input("{}"))).isEqualTo(parse("{\"static\": {\"n\": 1}}"));
    }

    @Test
    void apply_failsWithStatesRuntime_namingTheFieldAndPath_whenThePathSelectsNothing() {
        JsonNode template = parse("{\"JobName.$\": \"$.JobName\"}");
        assertThatThrownBy(() -> PayloadTemplates.apply(template, Json.input("{}")))
                .isInstanceOf(StatesFailure.class)
                .satisfies(e -> {
                    StatesFailure failure = (StatesFailure) e;
                    assertThat(failure.error()).isEqualTo("States.Runtime");
                    // Step Functions' own wording, as seen in real execution histories
                    assertThat(failure.causeText()).isEqualTo(
                            "The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the "
                                    + "input '{}'");
                });
    }

    @Test
    void apply_echoesTheInputPrettyPrinted_asStepFunctionsDoes() {
        JsonNode template = parse("{\"x.$\": \"$.optional\"}");
        assertThatThrownBy(() -> PayloadTemplates.apply(template, Json.input("{\"requiredProperty\": 1}")))
                .isInstanceOf(StatesFailure.class)
                .hasMessageEndingWith("could not be found in the input '{\n    \"requiredProperty\": 1\n}'");
    }

    @Test
    void apply_namesTheContextObjectOrVariable_whenTheirPathSelectsNothing() {
        assertThatThrownBy(() -> PayloadTemplates.apply(parse("{\"t.$\": \"$$.Task.Token\"}"), Json.input("{}")))
                .isInstanceOf(StatesFailure.class)
                .hasMessageContaining("specified for the field 't.$' could not be found in the context object");
        assertThatThrownBy(() -> PayloadTemplates.apply(parse("{\"v.$\": \"$nope\"}"), Json.input("{}")))
                .isInstanceOf(StatesFailure.class)
                .hasMessageContaining("The variable '$nope' referenced by the field 'v.$' has not been assigned");
        Scope withVariable = Json.scope("{}", "{}", Map.of("order", parse("{\"id\": 1}")));
        assertThatThrownBy(() -> PayloadTemplates.apply(parse("{\"v.$\": \"$order.total\"}"), withVariable))
                .isInstanceOf(StatesFailure.class)
                .hasMessageContaining("could not be found in the variable '$order'");
    }

    @Test
    void apply_givesAnEmptyArray_whenAnIndefinitePathMatchesNothing() {
        JsonNode payload = PayloadTemplates.apply(parse("{\"hits.$\": \"$.items[?(@.p > 9)]\"}"),
                Json.input("{\"items\": [{\"p\": 1}]}"));
        assertThat(payload).isEqualTo(parse("{\"hits\": []}"));
    }

    @Test
    void apply_keepsJsonNull_whenThePathSelectsANullField() {
        JsonNode payload = PayloadTemplates.apply(parse("{\"v.$\": \"$.n\"}"), Json.input("{\"n\": null}"));
        assertThat(payload).isEqualTo(parse("{\"v\": null}"));
    }

    @Test
    void check_acceptsAValidTemplate() {
        assertThat(PayloadTemplates.check(parse("""
                {"a.$": "$.x", "b": {"c.$": "$$.Execution.Id", "d": ["$.not-a-path", {"e.$": "$var"}]}}
                """), "$.States.A.Parameters")).isEmpty();
    }

    @Test
    void check_reportsEveryProblem_withItsLocation() {
        List<DefinitionProblem> problems = PayloadTemplates.check(parse("""
                {"name": 1, "name.$": "$.n",
                 "count.$": 3,
                 "nested": {"bad.$": "$.a[", "text.$": "hello"},
                 "list": [{"x.$": "$$..."}]}
                """), "$.States.A.Parameters");

        assertThat(problems).extracting(DefinitionProblem::path).containsExactly(
                "$.States.A.Parameters['name.$']",
                "$.States.A.Parameters['count.$']",
                "$.States.A.Parameters.nested['bad.$']",
                "$.States.A.Parameters.nested['text.$']",
                "$.States.A.Parameters.list[0]['x.$']");
        assertThat(problems.get(0).message()).contains("the field 'name' is given twice");
        assertThat(problems.get(1).message()).contains("must be a string", "it is a number");
        assertThat(problems.get(2).message()).contains("unclosed '['");
        assertThat(problems.get(3).message()).contains("'hello' is neither a Path nor an intrinsic function call");
        assertThat(problems.get(4).message()).contains("'$$...'");
    }

    @Test
    void compile_refusesAnInvalidTemplate_listingItsProblems() {
        assertThatThrownBy(() -> PayloadTemplates.compile(parse("{\"a.$\": 1}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$['a.$']");
    }

    @Test
    void checkAssign_reportsInvalidVariableNames() {
        List<DefinitionProblem> problems = PayloadTemplates.checkAssign(parse("""
                {"ok": 1, "also_ok.$": "$.x", "1st": 2, "has-dash": 3}
                """), "$.States.A.Assign");
        assertThat(problems).extracting(DefinitionProblem::path)
                .containsExactly("$.States.A.Assign['1st']", "$.States.A.Assign['has-dash']");
        assertThat(PayloadTemplates.checkAssign(parse("[1]"), "$.States.A.Assign")).singleElement()
                .extracting(DefinitionProblem::message).asString().contains("must be an object");
    }
}
