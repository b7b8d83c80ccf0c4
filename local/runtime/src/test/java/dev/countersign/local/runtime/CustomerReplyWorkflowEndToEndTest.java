package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.ses.CapturedEmail;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Customer messages: the agent drafts a reply, a support lead may edit it, and only an approved reply is sent — through
 * the real SES client to the local SES endpoint, so it lands in the customer's mailbox. A rejection or nobody
 * answering sends nothing and puts the ticket back in the human queue with the draft.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerReplyWorkflowEndToEndTest {
    static final String WORKFLOW = "customer-reply-workflow";
    static final String MO = "mo.support@shop.example";
    static final String JULES = "jules.support@shop.example";

    @TempDir
    static Path data;
    UseCaseRuntime use;

    @BeforeAll
    void start() {
        use = UseCaseRuntime.start(data);
    }

    @AfterAll
    void stop() {
        use.close();
    }

    private static String ticket(String id, String customer) {
        return "{\"ticketId\": \"" + id + "\", \"customer\": {\"email\": \"" + customer + "\", \"name\": \"Dana"
                + " Whitfield\"}, \"subject\": \"Where is my order?\", \"message\": \"Has it been sent?\", \"order\":"
                + " {\"id\": \"ORD-10077\", \"status\": \"shipped\", \"carrier\": \"DHL\"},"
                + " \"requester\": {\"email\": \"sam.support@shop.example\"}}";
    }

    @Test
    void approvedWithAnEdit_sendsTheEditedReplyToTheCustomer_throughSes() {
        String customer = "dana.1@customer.example";
        String execution = use.start(WORKFLOW, ticket("T-1", customer));
        assertThat(use.emailsTo(customer)).as("nothing reaches the customer before approval").isEmpty();

        String body = "Hello Dana,\r\n\r\nyour kettle is on its way with DHL and arrives tomorrow.\r\n\r\nKind regards";
        use.runtime.approveWithChanges(use.secret(JULES, "T-1"), "Added the delivery day.", Map.of("body", body));
        use.runtime.idle();

        assertThat(use.status(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<CapturedEmail> sent = use.emailsTo(customer);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).subject()).isEqualTo("Re: Where is my order?");
        assertThat(sent.get(0).text()).contains("arrives tomorrow").doesNotContain("\r");
        assertThat(sent.get(0).from()).isEqualTo(use.runtime.local.options().sender());
        assertThat(use.record("reply/T-1").path("messageId").asText()).isNotBlank();
    }

    @Test
    void rejected_sendsNothing_andPutsTheTicketBackInTheHumanQueue_withTheDraft() {
        String customer = "dana.2@customer.example";
        String execution = use.start(WORKFLOW, ticket("T-2", customer));

        use.decide(use.secret(MO, "T-2"), "reject", "I will call her instead.");

        assertThat(use.status(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(use.emailsTo(customer)).isEmpty();
        var queued = use.record("support-queue/T-2");
        assertThat(queued.path("notice").asText()).contains("back in the support queue").contains("call her");
        assertThat(queued.path("draft").asText()).contains("is on its way with DHL");
    }

    @Test
    void nobodyAnsweringInFourHours_sendsNothing_andQueuesTheTicket() {
        String customer = "dana.3@customer.example";
        String execution = use.start(WORKFLOW, ticket("T-3", customer));

        use.advance(Duration.ofHours(4));

        assertThat(use.status(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(use.emailsTo(customer)).isEmpty();
        assertThat(use.record("support-queue/T-3").path("outcome").asText()).isEqualTo("TIMED_OUT");
    }
}
