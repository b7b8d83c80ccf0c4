package dev.countersign.functions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.core.json.Json;
import org.junit.jupiter.api.Test;

class FormAndEventTest {

    @Test
    void form_decodesFields_andTheFirstOfARepeatedFieldCounts() {
        FormBody form = FormBody.parse("secret=abc&decision=approve&decision=reject&comment=ok+%C3%A9%0D%0Ayes"
                + "&modify%3Aamount=1&empty=&flag");

        assertThat(form.get("decision")).isEqualTo("approve");
        assertThat(form.get("comment")).isEqualTo("ok é\r\nyes");
        assertThat(form.get("empty")).isEmpty();
        assertThat(form.get("flag")).isEmpty();
        assertThat(form.countWithPrefix("modify:")).isEqualTo(1);
        assertThat(form.toString()).doesNotContain("abc");
    }

    @Test
    void form_skipsMalformedEscapes_andIgnoresFieldsBeyondTheLimit() {
        FormBody form = FormBody.parse("bad=%zz&secret=s&" + "x=1&".repeat(500));

        assertThat(form.get("bad")).isNull();
        assertThat(form.get("secret")).isEqualTo("s");
    }

    @Test
    void event_readsMethodPathHeadersAndBody_andHidesPathAndBodyInItsStringForm() {
        HttpEvent event = HttpEvent.parse(Json.parse("{\"rawPath\": \"/review/SECRET\", \"headers\":"
                + " {\"User-Agent\": \"curl/8\"}, \"requestContext\": {\"http\": {\"method\": \"get\"}},"
                + " \"body\": \"c2VjcmV0PVg=\", \"isBase64Encoded\": true}"));

        assertThat(event.method()).isEqualTo("GET");
        assertThat(event.rawPath()).isEqualTo("/review/SECRET");
        assertThat(event.header("user-agent")).isEqualTo("curl/8");
        assertThat(event.body()).isEqualTo("secret=X");
        assertThat(event.toString()).doesNotContain("SECRET").doesNotContain("secret=X");
    }

    @Test
    void event_withoutBodyOrHeaders_isEmpty_notAnError() {
        HttpEvent event = HttpEvent.parse(Json.parse("{}"));

        assertThat(event.method()).isEmpty();
        assertThat(event.body()).isEmpty();
        assertThat(event.header("x")).isEmpty();
    }
}
