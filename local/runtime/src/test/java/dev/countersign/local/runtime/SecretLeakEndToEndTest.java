package dev.countersign.local.runtime;

import static dev.countersign.local.runtime.RuntimeUnderTest.APPROVER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.local.ses.CapturedEmail;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a whole run — approvals, scanners, refused and repeated posts, a rejection, receipts — neither a task token
 * nor a raw link secret appears where it must not: not in any log line (everything the JVM printed to stdout and
 * stderr), not in any email except the recipient's own link, not in any page except the hidden field of the
 * recipient's own review page.
 */
class SecretLeakEndToEndTest {
    @TempDir
    Path data;

    /** A page as served, and the one secret it may carry (its hidden field), or null. */
    private record Served(String what, String html, String ownSecret) {
    }

    @Test
    void tokensAndSecrets_appearOnlyWhereTheyBelong() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        PrintStream capture = new PrintStream(new Tee(captured, originalOut), true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        List<String> executions = new ArrayList<>();
        List<Served> pages = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        Map<String, String> secretsByRecipient = new LinkedHashMap<>();
        List<CapturedEmail> emails;
        try (RuntimeUnderTest runtime = RuntimeUnderTest.start(data, options -> options.log(capture))) {
            // 1. One approver approves after a scanner and a second look.
            String first = runtime.startRefund(RuntimeUnderTest.order("ORD-L1"));
            executions.add(first);
            String link = RuntimeUnderTest.reviewLink(runtime.requestEmail(APPROVER, "ORD-L1"));
            String secret = RuntimeUnderTest.secretOf(link);
            secretsByRecipient.put(APPROVER + " ORD-L1", secret);
            pages.add(new Served("scanner GET", runtime.get(link, "Barracuda Sentinel").body(), secret));
            runtime.head(link, "Proofpoint URL Defense/1.0");
            pages.add(new Served("review page", runtime.get(link).body(), secret));
            pages.add(new Served("reject without comment", runtime.decide(secret, "reject", "").body(), secret));
            pages.add(new Served("approve", runtime.decideWithReceipt(secret, "approve", "fine").body(), null));
            pages.add(new Served("approve again", runtime.decideWithReceipt(secret, "approve", "again").body(), null));
            pages.add(new Served("page after decision", runtime.get(link).body(), null));
            pages.add(new Served("tampered", runtime.decide(secret.substring(1) + "x", "approve", "").body(),
                    null));

            // 2. Two approvers; one rejects, the other comes too late.
            ObjectNode order = RuntimeUnderTest.order("ORD-L2");
            order.putArray("approvers").add("alice@shop.example").add("bob@shop.example");
            String second = runtime.startRefund(order);
            executions.add(second);
            String alice = RuntimeUnderTest.secretOf(RuntimeUnderTest.reviewLink(
                    runtime.requestEmail("alice@shop.example", "ORD-L2")));
            String bob = RuntimeUnderTest.secretOf(RuntimeUnderTest.reviewLink(
                    runtime.requestEmail("bob@shop.example", "ORD-L2")));
            secretsByRecipient.put("alice ORD-L2", alice);
            secretsByRecipient.put("bob ORD-L2", bob);
            pages.add(new Served("alice rejects", runtime.decideWithReceipt(alice, "reject", "not covered").body(), null));
            pages.add(new Served("bob too late", runtime.decideWithReceipt(bob, "approve", "").body(), null));
            pages.add(new Served("bob's page", runtime.get(runtime.local.reviewBaseUrl() + "/review/" + bob).body(),
                    null));

            // 3. The mailbox, as a person browses it.
            pages.add(new Served("mailbox", runtime.get(runtime.local.mailboxUrl().toString()).body(), null));
            runtime.idle();
            for (String execution : executions) {
                tokens.add(runtime.taskToken(execution));
            }
            emails = runtime.local.mailbox().all();
            for (CapturedEmail email : emails) {
                HttpResponse<String> messagePage = runtime.get(runtime.local.webEndpoint()
                        .resolve("/mailbox/messages/" + email.messageId()).toString());
                assertMayCarryOnly("mailbox page of " + email.subject(), messagePage.body(), ownSecret(email),
                        tokens, secretsByRecipient.values());
            }
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }

        Set<String> secrets = Set.copyOf(secretsByRecipient.values());
        assertThat(tokens).hasSize(2).allSatisfy(t -> assertThat(t).hasSizeGreaterThan(20));
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).as("the run logged something to look through").contains("countersign-decision");
        for (String token : tokens) {
            assertThat(logs).as("a task token in the logs").doesNotContain(token);
        }
        for (String secret : secrets) {
            assertThat(logs).as("a link secret in the logs").doesNotContain(secret);
        }

        // 3 requests, 2 receipts (the boxes were ticked; the repeated and the late post send none).
        assertThat(emails).hasSize(5);
        for (CapturedEmail email : emails) {
            String own = ownSecret(email);
            String all = email.subject() + "\n" + email.html() + "\n" + email.text();
            assertMayCarryOnly("email " + email.subject() + " to " + email.to(), all, own, tokens, secrets);
            if (email.subject().startsWith("Recorded")) {
                assertThat(own).as("a receipt carries no link").isNull();
            }
        }

        for (Served page : pages) {
            assertMayCarryOnly(page.what(), page.html(), page.ownSecret(), tokens, secrets);
            if (page.ownSecret() != null) {
                Document doc = Jsoup.parse(page.html());
                List<Element> carrying = doc.getAllElements().stream()
                        .filter(e -> e.attributes().asList().stream().anyMatch(a -> a.getValue()
                                .contains(page.ownSecret())) || e.ownText().contains(page.ownSecret())).toList();
                // Only the form's hidden field, nowhere else (not in the action, a link or the text).
                assertThat(carrying).as(page.what()).singleElement().satisfies(e -> {
                    assertThat(e.normalName()).isEqualTo("input");
                    assertThat(e.attr("type")).isEqualTo("hidden");
                    assertThat(e.attr("name")).isEqualTo("secret");
                });
                assertThat(page.html().split(java.util.regex.Pattern.quote(page.ownSecret()), -1)).hasSize(2);
            }
        }
    }

    /** The secret of the review link an approval request carries, or null for other emails. */
    private static String ownSecret(CapturedEmail email) {
        if (!email.subject().startsWith("Approval needed")) {
            return null;
        }
        return RuntimeUnderTest.secretOf(RuntimeUnderTest.reviewLink(email));
    }

    private static void assertMayCarryOnly(String what, String text, String own,
                                           java.util.Collection<String> tokens,
                                           java.util.Collection<String> secrets) {
        for (String token : tokens) {
            assertThat(text).as(what + " carries a task token").doesNotContain(token);
        }
        for (String secret : secrets) {
            if (!secret.equals(own)) {
                assertThat(text).as(what + " carries someone else's link secret").doesNotContain(secret);
            }
        }
    }

    /** Writes to the capture and still shows the output, so a failing run can be read in the build log. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
