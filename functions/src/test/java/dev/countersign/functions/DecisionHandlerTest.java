package dev.countersign.functions;

import static dev.countersign.testing.HandlerFixture.APPROVER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.ChainVerification;
import dev.countersign.core.Decision;
import dev.countersign.core.json.Json;
import dev.countersign.local.ses.CapturedEmail;
import dev.countersign.local.ses.SesFailure;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.HandlerFixture;
import dev.countersign.testing.LocalSes;
import dev.countersign.views.SecurityHeaders;
import dev.countersign.workflow.CallbackResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DecisionHandlerTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();
    static final LocalSes ses = new LocalSes();

    HandlerFixture fixture;
    DecisionHandler handler;

    @BeforeEach
    void wire() {
        fixture = new HandlerFixture(dynalite, ses);
        handler = fixture.decisionHandler();
    }

    @AfterAll
    static void stopSes() {
        ses.close();
    }

    private ApprovalId requested() {
        return fixture.requestApproval(HandlerFixture.proposal());
    }

    @Test
    void get_showsTheReviewPage_withTheProposal_andTheSecretOnlyInTheHiddenField() {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);

        ObjectNode response = handler.handle(HandlerFixture.get(secret), "r");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        Document page = Jsoup.parse(response.get("body").asText());
        assertThat(page.title()).contains("Refund EUR 120.00 to order 4711");
        assertThat(page.text()).contains("The customer sent photos of the broken mugs.").contains("Carrier report")
                .contains("dana@shop.example").contains("refund-agent").contains(id.value());
        assertThat(page.select("form").attr("action")).isEqualTo("/review");
        assertThat(page.select("input[type=hidden][name=secret]").attr("value")).isEqualTo(secret);
        // The secret is in the hidden field and nowhere else on the page.
        assertThat(response.get("body").asText().split(secret, -1)).hasSize(2);
        assertThat(fixture.trailTypes(id)).containsExactly("REQUESTED", "ROUTED", "NOTIFIED", "VIEWED");
        assertThat(fixture.approval(id).auditTrail().get(3).actor()).isEqualTo(APPROVER);
        assertThat(fixture.callback.calls()).isEmpty();
    }

    @Test
    void secondGet_recordsNoSecondView() {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);

        handler.handle(HandlerFixture.get(secret), "r1");
        handler.handle(HandlerFixture.get(secret), "r2");

        assertThat(fixture.trailTypes(id)).containsExactly("REQUESTED", "ROUTED", "NOTIFIED", "VIEWED");
    }

    @Test
    void head_answersWithTheSameStatusAndHeaders_noBody_andWritesNothing() {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);

        ObjectNode head = handler.handle(HandlerFixture.head(secret), "r1");
        ObjectNode get = handler.handle(HandlerFixture.get(secret), "r2");

        assertThat(head.get("statusCode").asInt()).isEqualTo(get.get("statusCode").asInt()).isEqualTo(200);
        assertThat(head.get("headers")).isEqualTo(get.get("headers"));
        assertThat(head.get("body").asText()).isEmpty();
        // Only the GET recorded a view.
        assertThat(fixture.trailTypes(id)).containsExactly("REQUESTED", "ROUTED", "NOTIFIED", "VIEWED");
    }

    @Test
    void postApprove_recordsTheDecision_handsItToTheWorkflowOnce_confirms_andEmailsNoReceipt() {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);
        handler.handle(HandlerFixture.get(secret), "r1");
        String token = fixture.store.taskTokenForCallback(id, 1).orElseThrow().value();
        List<CapturedEmail> before = ses.mailbox().to(APPROVER);

        ObjectNode response = handler.handle(HandlerFixture.approve(secret), "r2");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(Jsoup.parse(response.get("body").asText()).text()).contains("Decision recorded")
                .contains("The workflow has your decision and continues on its approved path")
                .contains("No receipt was emailed: you did not ask for one. Your decision is in the audit trail");
        ApprovalRecord approval = fixture.approval(id);
        assertThat(approval.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(fixture.trailTypes(id))
                .containsExactly("REQUESTED", "ROUTED", "NOTIFIED", "VIEWED", "APPROVED", "CALLBACK_DELIVERED");
        assertThat(fixture.callback.calls()).singleElement().satisfies(call -> {
            assertThat(call.kind()).isEqualTo("success");
            assertThat(call.token().value()).isEqualTo(token);
            Decision decision = Decision.fromJson(call.output());
            assertThat(decision.outcome().wireName()).isEqualTo("APPROVED");
            assertThat(decision.decidedBy()).isEqualTo(APPROVER);
            assertThat(decision.channel().wireName()).isEqualTo("email-link");
            assertThat(decision.level()).isEqualTo(1);
            assertThat(decision.proposalHash()).isEqualTo(approval.proposalHash());
            assertThat(decision.approvalId()).isEqualTo(id.value());
        });
        // The box was not ticked: the approver's mailbox still holds only what it held (the request).
        assertThat(ses.mailbox().to(APPROVER)).isEqualTo(before);
        assertThat(before).last().satisfies(m -> assertThat(m.subject()).startsWith("Approval needed"));
        assertThat(fixture.store.verifyChain(id)).containsInstanceOf(ChainVerification.Intact.class);
    }

    @Test
    void postApprove_withTheReceiptBoxTicked_emailsExactlyOneReceiptToTheDecider_andARepeatedPostNoSecond() {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);
        int mails = ses.mailbox().to(APPROVER).size();
        int all = ses.mailbox().all().size();

        ObjectNode response = handler.handle(HandlerFixture.approveWithReceipt(secret), "r1");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(Jsoup.parse(response.get("body").asText()).select("#receipt").text())
                .isEqualTo("A receipt of your decision was emailed to " + APPROVER
                        + ". The decision is also in the audit trail under your name.");
        assertThat(fixture.trailTypes(id)).endsWith("APPROVED", "CALLBACK_DELIVERED");
        List<CapturedEmail> after = ses.mailbox().to(APPROVER);
        assertThat(after).hasSize(mails + 1);
        assertThat(ses.mailbox().all()).hasSize(all + 1);
        CapturedEmail receipt = after.get(after.size() - 1);
        assertThat(receipt.subject()).startsWith("Recorded: you approved");
        assertThat(receipt.text()).doesNotContain(secret).doesNotContain("/review/");
        assertThat(fixture.logLines()).filteredOn(l -> l.contains("\"receipt emailed\"")).hasSize(1);

        // A browser re-sending the form (back button, double click) finds the level decided: no second receipt.
        fixture.clock.advance(Duration.ofMinutes(5));
        ObjectNode again = handler.handle(HandlerFixture.approveWithReceipt(secret), "r2");

        assertThat(again.get("statusCode").asInt()).isEqualTo(409);
        assertThat(ses.mailbox().to(APPROVER)).hasSize(mails + 1);
        assertThat(fixture.callback.calls()).hasSize(1);
    }

    @Test
    void postReject_withTheReceiptBoxTicked_butTheMailServiceRefusing_keepsTheDecision_andSaysNoReceiptWent() {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);
        int mails = ses.mailbox().to(APPROVER).size();
        ses.endpoint().failNextSends(1, SesFailure.REJECTED);

        ObjectNode response = handler.handle(HandlerFixture.rejectWithReceipt(secret, "Wrong order."), "r");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(Jsoup.parse(response.get("body").asText()).select("#receipt").text())
                .startsWith("You asked for a receipt, but it could not be emailed to " + APPROVER);
        assertThat(ses.mailbox().to(APPROVER)).hasSize(mails);
    }

    @Test
    void get_rendersTheReceiptCheckbox_uncheckedInsideTheDecisionForm() {
        requested();
        String secret = fixture.linkSecretFor(APPROVER);

        Document page = Jsoup.parse(handler.handle(HandlerFixture.get(secret), "r").get("body").asText());

        Element box = page.selectFirst("form input[type=checkbox]#receipt");
        assertThat(box).isNotNull();
        assertThat(box.attr("name")).isEqualTo("receipt");
        assertThat(box.attr("value")).isEqualTo("yes");
        // Opt-in: a pre-ticked box would send the email the cost budget has no room for.
        assertThat(box.hasAttr("checked")).isFalse();
        assertThat(page.selectFirst("label[for=receipt]").text()).isEqualTo("Email me a receipt of this decision");
        assertThat(page.select("script")).isEmpty();
    }

    static Stream<String> receiptValuesThePageNeverPosts() {
        return Stream.of("", "on", "YES", "no", "true", "1", " yes", "yes please", "<b>yes</b>");
    }

    @ParameterizedTest
    @MethodSource("receiptValuesThePageNeverPosts")
    void post_withAReceiptValueOtherThanYes_isRefusedWith422_namingTheField_andWritesNothing(String value) {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);
        long version = fixture.approval(id).version();
        int all = ses.mailbox().all().size();

        ObjectNode response = handler.handle(HandlerFixture.post("secret", secret, "decision", "approve", "comment",
                "Fine by me", "receipt", value), "r");

        assertThat(response.get("statusCode").asInt()).isEqualTo(422);
        Document page = Jsoup.parse(response.get("body").asText());
        assertThat(page.select("#form-problem").text()).contains("The form's 'receipt' field may only be 'yes'")
                .contains("Nothing was recorded")
                .contains("Field 'receipt' was '" + value + "'")
                .contains("it accepts only 'yes', or no field at all for no receipt");
        assertThat(page.select("input#receipt").attr("aria-invalid")).isEqualTo("true");
        assertThat(page.select("input#receipt").hasAttr("checked")).isFalse();
        assertThat(page.select("textarea").text()).isEqualTo("Fine by me");
        // Nothing written: no decision, no event (not even a view), no callback, no email.
        assertThat(fixture.approval(id).version()).isEqualTo(version);
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(fixture.callback.calls()).isEmpty();
        assertThat(ses.mailbox().all()).hasSize(all);
    }

    @Test
    void aRefusedPost_keepsTheReceiptBoxAsItWas() {
        requested();
        String secret = fixture.linkSecretFor(APPROVER);

        ObjectNode ticked = handler.handle(HandlerFixture.rejectWithReceipt(secret, " "), "r1");
        ObjectNode unticked = handler.handle(HandlerFixture.reject(secret, " "), "r2");

        assertThat(ticked.get("statusCode").asInt()).isEqualTo(422);
        assertThat(Jsoup.parse(ticked.get("body").asText()).select("input#receipt").hasAttr("checked")).isTrue();
        assertThat(Jsoup.parse(unticked.get("body").asText()).select("input#receipt").hasAttr("checked")).isFalse();
    }

    @Test
    void postReject_withAComment_handsOverREJECTED_withTheComment() {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);

        ObjectNode response = handler.handle(HandlerFixture.reject(secret, "  Photos show a different order.\r\n"),
                "r");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.REJECTED);
        JsonNode decision = fixture.callback.successes().get(0).output();
        assertThat(decision.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(decision.get("comment").asText()).isEqualTo("Photos show a different order.");
    }

    @Test
    void postReject_withoutAComment_reRendersTheForm_with422_andChangesNothing() {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);
        long version = fixture.approval(id).version();

        ObjectNode response = handler.handle(HandlerFixture.reject(secret, "   "), "r");

        assertThat(response.get("statusCode").asInt()).isEqualTo(422);
        Document page = Jsoup.parse(response.get("body").asText());
        assertThat(page.text()).contains("To reject, write a comment");
        assertThat(page.select("input[type=hidden][name=secret]").attr("value")).isEqualTo(secret);
        assertThat(fixture.approval(id).version()).isEqualTo(version);
        assertThat(fixture.callback.calls()).isEmpty();
    }

    @Test
    void postWithoutAChoice_orWithAnUnknownChoice_reRendersTheForm_andChangesNothing() {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);
        long version = fixture.approval(id).version();

        ObjectNode none = handler.handle(HandlerFixture.post("secret", secret, "comment", "hm"), "r1");
        ObjectNode odd = handler.handle(HandlerFixture.post("secret", secret, "decision", "APPROVE"), "r2");

        assertThat(none.get("statusCode").asInt()).isEqualTo(422);
        assertThat(odd.get("statusCode").asInt()).isEqualTo(422);
        assertThat(Jsoup.parse(none.get("body").asText()).select("textarea").text()).isEqualTo("hm");
        assertThat(fixture.approval(id).version()).isEqualTo(version);
    }

    @Test
    void tooLongAComment_reRendersTheForm_andChangesNothing() {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);

        ObjectNode response = handler.handle(HandlerFixture.reject(secret, "x".repeat(2001)), "r");

        assertThat(response.get("statusCode").asInt()).isEqualTo(422);
        assertThat(Jsoup.parse(response.get("body").asText()).text()).contains("longer than 2000 characters");
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void repeatedPost_afterDelivery_namesTheDecision_andSendsNoSecondCallback() {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);
        handler.handle(HandlerFixture.approve(secret), "r1");
        fixture.clock.advance(Duration.ofMinutes(5));

        ObjectNode again = handler.handle(HandlerFixture.reject(secret, "changed my mind"), "r2");

        assertThat(again.get("statusCode").asInt()).isEqualTo(409);
        assertThat(Jsoup.parse(again.get("body").asText()).text()).contains("You already decided")
                .contains("approved");
        assertThat(fixture.callback.calls()).hasSize(1);
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void getAfterTheDecision_showsWhoDecidedWhat() {
        requested();
        String secret = fixture.linkSecretFor(APPROVER);
        handler.handle(HandlerFixture.reject(secret, "No photos attached."), "r1");

        ObjectNode page = handler.handle(HandlerFixture.get(secret), "r2");

        assertThat(page.get("statusCode").asInt()).isEqualTo(409);
        assertThat(Jsoup.parse(page.get("body").asText()).text()).contains("rejected").contains("No photos attached.");
    }

    @Test
    void unavailableWorkflow_keepsTheDecision_andARepeatedPostResendsIt_onceTheFirstDeliveryHadItsTime() {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);
        fixture.callback.answerNext(new CallbackResult.Unavailable("ThrottlingException", "Rate exceeded", 3));

        ObjectNode first = handler.handle(HandlerFixture.approve(secret), "r1");

        // The decision is recorded before the callback, and stays recorded when the callback fails.
        assertThat(first.get("statusCode").asInt()).isEqualTo(200);
        assertThat(Jsoup.parse(first.get("body").asText()).text()).contains("has not taken it yet");
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(fixture.trailTypes(id)).endsWith("APPROVED", "CALLBACK_FAILED");

        ObjectNode tooSoon = handler.handle(HandlerFixture.approve(secret), "r2");
        assertThat(tooSoon.get("statusCode").asInt()).isEqualTo(409);
        assertThat(fixture.callback.successes()).hasSize(1);

        fixture.clock.advance(Duration.ofMinutes(2));
        ObjectNode later = handler.handle(HandlerFixture.approve(secret), "r3");

        assertThat(later.get("statusCode").asInt()).isEqualTo(409);
        assertThat(fixture.callback.successes()).hasSize(2);
        assertThat(fixture.callback.successes().get(1).output().get("outcome").asText()).isEqualTo("APPROVED");
        assertThat(fixture.trailTypes(id)).endsWith("APPROVED", "CALLBACK_FAILED", "CALLBACK_DELIVERED");

        fixture.clock.advance(Duration.ofMinutes(1));
        handler.handle(HandlerFixture.approve(secret), "r4");
        // Delivered once: never sent again.
        assertThat(fixture.callback.successes()).hasSize(2);
    }

    @Test
    void aRepeatedPostOnADecisionNotYetHandedOver_saysTheWorkflowHasNotContinued_notThatAllIsWell() {
        requested();
        String secret = fixture.linkSecretFor(APPROVER);
        fixture.callback.answerNext(new CallbackResult.Unavailable("ThrottlingException", "Rate exceeded", 3));
        handler.handle(HandlerFixture.approve(secret), "r1");

        ObjectNode again = handler.handle(HandlerFixture.approve(secret), "r2");
        ObjectNode view = handler.handle(HandlerFixture.get(secret), "r3");

        for (ObjectNode page : List.of(again, view)) {
            assertThat(page.get("statusCode").asInt()).isEqualTo(409);
            assertThat(Jsoup.parse(page.get("body").asText()).text()).contains("You already decided")
                    .contains("The workflow has not continued with it yet")
                    .contains("without anyone clicking again").doesNotContain("That decision stands");
        }
    }

    @Test
    void aStoreThatCannotBeReached_answers503TemporarilyUnavailable_andClaimsNoOutcome() throws Exception {
        String secret = "Z".repeat(43);
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress());
             software.amazon.awssdk.services.dynamodb.DynamoDbClient client = software.amazon.awssdk.services.dynamodb
                     .DynamoDbClient.builder().endpointOverride(java.net.URI.create("http://127.0.0.1:"
                             + closed.getLocalPort())).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                     .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                     .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                             software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("l", "l"))).build()) {
            closed.close(); // a port nothing listens on: every call is refused, as during an outage
            var unreachable = dev.countersign.store.dynamodb.DynamoDbApprovalStore.overSdk(client, dynalite.tables(),
                    dynalite.auditKey(), fixture.clock, dev.countersign.audit.AnchorPublisher.OFF)
                    .retrying(dev.countersign.aws.RetryPolicy.immediate(2));
            FunctionDependencies deps = fixture.dependencies();
            DecisionHandler down = new DecisionHandler(new FunctionDependencies(deps.settings(), unreachable,
                    unreachable, deps.mailer(), deps.callback(), deps.clock(), deps.log()));

            for (ObjectNode event : List.of(HandlerFixture.get(secret), HandlerFixture.approve(secret))) {
                ObjectNode page = down.handle(event, "r-out");
                assertThat(page.get("statusCode").asInt()).isEqualTo(503);
                String text = Jsoup.parse(page.get("body").asText()).text();
                assertThat(text).contains("Temporarily unavailable", "Try again in a moment", "r-out")
                        .doesNotContain("approved", "rejected", "recorded.");
            }
            assertThat(fixture.callback.calls()).isEmpty();
            assertThat(fixture.logLines()).anySatisfy(l -> assertThat(l).contains("approval store unavailable;"
                    + " answered 503"));
        }
    }

    @Test
    void taskTimedOut_keepsTheDecision_saysTheWorkflowHasNotTakenItYet_andStopsResending() {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);
        fixture.callback.answerNext(new CallbackResult.TaskClosed("TaskTimedOut", "Task Timed Out"));

        ObjectNode response = handler.handle(HandlerFixture.approve(secret), "r1");
        fixture.clock.advance(Duration.ofMinutes(5));
        handler.handle(HandlerFixture.approve(secret), "r2");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.APPROVED);
        AuditEvent failed = fixture.approval(id).auditTrail().stream()
                .filter(e -> e.type().equals("CALLBACK_FAILED")).findFirst().orElseThrow();
        assertThat(failed.details().get("error").asText()).isEqualTo("TaskTimedOut");
        assertThat(failed.details().get("final").asBoolean()).isTrue();
        assertThat(fixture.callback.successes()).hasSize(1);
    }

    @Test
    void taskDoesNotExist_keepsTheDecision_andSaysTheWorkflowNoLongerWaits() {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);
        fixture.callback.answerNext(new CallbackResult.TaskUnknown("TaskDoesNotExist", "Task does not exist"));

        ObjectNode response = handler.handle(HandlerFixture.approveWithReceipt(secret), "r1");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(Jsoup.parse(response.get("body").asText()).text()).contains("no longer waits");
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.APPROVED);
        CapturedEmail receipt = ses.mailbox().to(APPROVER).get(ses.mailbox().to(APPROVER).size() - 1);
        assertThat(receipt.text().replaceAll("\\s+", " ")).contains("no longer waits for it");
    }

    static Stream<ObjectNode> everyKindOfRequest() {
        return Stream.of(
                HandlerFixture.get("A".repeat(43)),
                HandlerFixture.head("nope"),
                HandlerFixture.post("secret", "B".repeat(43), "decision", "approve"),
                HandlerFixture.post(),
                HandlerFixture.httpEvent("GET", "/", Map.of(), null),
                HandlerFixture.httpEvent("PUT", "/review/" + "C".repeat(43), Map.of(), "x"),
                HandlerFixture.httpEvent("GET", "/review/" + "D".repeat(43) + "/more", Map.of(), null),
                HandlerFixture.httpEvent("DELETE", "/review", Map.of(), null));
    }

    @ParameterizedTest
    @MethodSource("everyKindOfRequest")
    void everyResponse_carriesTheSecurityHeaders(ObjectNode event) {
        ObjectNode response = handler.handle(event, "r");

        JsonNode headers = response.get("headers");
        SecurityHeaders.ALL.forEach((name, value) -> assertThat(headers.get(name).asText()).as(name).isEqualTo(value));
        assertThat(headers.get("Content-Type").asText()).isEqualTo("text/html; charset=utf-8");
        assertThat(headers.get("Cache-Control").asText()).isEqualTo("no-store");
    }

    @Test
    void unknownRoutesAndMethods_getTheOneGenericPage() {
        String generic = handler.handle(HandlerFixture.get("A".repeat(43)), "r").get("body").asText();

        for (ObjectNode event : everyKindOfRequest().toList()) {
            ObjectNode response = handler.handle(event, "r");
            assertThat(response.get("statusCode").asInt()).isEqualTo(404);
            if (!event.path("requestContext").path("http").path("method").asText().equals("HEAD")) {
                assertThat(response.get("body").asText()).isEqualTo(generic);
            }
        }
    }

    @Test
    void base64EncodedForm_isRead() {
        ApprovalId id = requested();
        String secret = fixture.linkSecretFor(APPROVER);
        ObjectNode event = HandlerFixture.approve(secret);
        event.put("body", Base64.getEncoder().encodeToString(event.get("body").asText()
                .getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);

        ObjectNode response = handler.handle(event, "r");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void aBaseUrlWithAPath_servesTheLinksUnderIt() {
        fixture.withSettings(fixture.settings().withBaseUrl("http://localhost:8080/approvals/"));
        ApprovalId id = fixture.requestApproval(HandlerFixture.proposalFor("path@shop.example"));
        List<CapturedEmail> mails = ses.mailbox().to("path@shop.example");
        String text = mails.get(mails.size() - 1).text();
        String secret = text.replaceAll("(?s).*http://localhost:8080/approvals/review/([A-Za-z0-9_-]{43}).*", "$1");
        DecisionHandler underPath = fixture.decisionHandler();

        ObjectNode page = underPath.handle(HandlerFixture.httpEvent("GET", "/approvals/review/" + secret, Map.of(),
                null), "r");

        assertThat(page.get("statusCode").asInt()).isEqualTo(200);
        assertThat(Jsoup.parse(page.get("body").asText()).select("form").attr("action"))
                .isEqualTo("/approvals/review");
        assertThat(fixture.approval(id).status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void throughTheLambdaStreamInterface_theResponseIsWrittenAsJson_andGarbageGets404() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream("{not json".getBytes(StandardCharsets.UTF_8)), out, null);

        assertThat(Json.parse(out.toString(StandardCharsets.UTF_8)).get("statusCode").asInt()).isEqualTo(404);
    }
}
