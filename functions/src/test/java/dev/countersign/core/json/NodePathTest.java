package dev.countersign.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodePathTest {

    @Test
    void toString_writesIdentifiersWithDots_andOtherNamesInBrackets() {
        NodePath path = NodePath.root().key("evidence").index(2).key("url");
        NodePath odd = NodePath.root().key("order id").key("it's").key("a\\b").key("").key("ü");

        assertThat(path).hasToString("$.evidence[2].url");
        assertThat(odd).hasToString("$['order id']['it\\'s']['a\\\\b']['']['ü']");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$", "$.a", "$.evidence[2].url", "$['order id'][0]['it\\'s']", "$[0][1].x_1", "$['a.b']"})
    void parse_readsWhatToStringWrites(String text) {
        assertThat(NodePath.parse(text)).hasToString(text);
    }

    @Test
    void compareTo_ordersMembersByNameAndItemsByIndex() {
        List<NodePath> paths = new ArrayList<>(List.of(
                NodePath.parse("$.risk"), NodePath.parse("$.evidence[10].url"), NodePath.parse("$"),
                NodePath.parse("$.evidence[2].url"), NodePath.parse("$.action.summary"), NodePath.parse("$.evidence")));

        paths.sort(null);

        // Index 10 after index 2: numeric order, not text order.
        assertThat(paths).extracting(NodePath::toString).containsExactly(
                "$", "$.action.summary", "$.evidence", "$.evidence[2].url", "$.evidence[10].url", "$.risk");
    }

    @Test
    void truncate_andContains() {
        NodePath deep = NodePath.parse("$.action.params.a.b.c");

        assertThat(deep.truncate(3)).hasToString("$.action.params.a");
        assertThat(deep.truncate(99)).isSameAs(deep);
        assertThat(NodePath.parse("$.action").contains(deep)).isTrue();
        assertThat(NodePath.parse("$.risk").contains(deep)).isFalse();
        assertThat(deep.depth()).isEqualTo(5);
    }

    @Test
    void equalsAndHashCode_compareByValue() {
        assertThat(NodePath.root().key("a").index(1)).isEqualTo(NodePath.parse("$.a[1]"))
                .hasSameHashCodeAs(NodePath.parse("$.a[1]"))
                .isNotEqualTo(NodePath.parse("$.a[2]"));
    }
}
