package dev.countersign.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.local.runtime.Chromium.Viewport;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The approver's walk in a real browser (Debian's Chromium), at a desktop width and on a phone's viewport: from the
 * mailbox, through the email, to the review page and the confirmation — approving, rejecting (the empty-comment
 * error first), handing over, and approving a bounded change (the out-of-bounds values first). axe-core checks every
 * page on the way (zero violations), and every page is written as a screenshot under
 * {@code local/runtime/target/browser-screenshots/<viewport>/} for a person to look at.
 */
class ApproverWalkBrowserTest {
    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    static final Path ROOT = Path.of(System.getProperty("countersign.root", "../.."));

    @TempDir
    static Path data;
    static RuntimeUnderTest runtime;

    @BeforeAll
    static void start() {
        Path rules = TestRoutingRules.write(data);
        runtime = RuntimeUnderTest.start(data.resolve("runtime"), options -> options.routingFile(rules));
    }

    private static String startRefund(String orderId, String amount) {
        ObjectNode order = RuntimeUnderTest.order(orderId);
        order.put("amount", new BigDecimal(amount));
        order.put("orderTotal", new BigDecimal(amount));
        return runtime.startRefund(order);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static List<Viewport> viewports() {
        return List.of(Viewport.DESKTOP, Viewport.PHONE);
    }

    /** One walk in one browser: each page checked by axe and written as a screenshot, in order. */
    private static final class Walk implements AutoCloseable {
        final Chromium browser;
        final ChromeDriver driver;
        final Path folder;
        final String name;
        final List<String> violations = new ArrayList<>();
        int page;

        Walk(Viewport viewport, String name) {
            this.browser = Chromium.start(viewport);
            this.driver = browser.driver();
            this.folder = SCREENSHOTS.resolve(viewport.name());
            this.name = name;
        }

        /** Checks the page with axe-core and writes it as {@code <walk>-<n>-<what>.png}. */
        void look(String what) {
            page++;
            browser.screenshot(folder, String.format("%s-%02d-%s", name, page, what));
            browser.axeViolations(ROOT).forEach(v -> violations.add(what + ": " + v));
        }

        /** From the mailbox, through the newest email to {@code recipient}, to its review page. */
        void openReviewFromMailbox(String recipient, String subjectStart) {
            driver.get(runtime.local.mailboxUrl().toString());
            look("mailbox");
            // The newest email to this recipient whose subject starts so (the list is newest first).
            WebElement message = driver.findElements(By.cssSelector("ol.messages li")).stream()
                    .filter(li -> li.getText().contains("to " + recipient))
                    .map(li -> li.findElement(By.tagName("a")))
                    .filter(a -> a.getText().startsWith(subjectStart)).findFirst().orElseThrow(
                            () -> new AssertionError("no email to " + recipient + " starting '" + subjectStart
                                    + "' in the mailbox"));
            message.click();
            assertThat(driver.getPageSource()).contains(recipient);
            look("email");
            String mailbox = driver.getWindowHandle();
            driver.switchTo().frame(driver.findElement(By.tagName("iframe")));
            WebElement review = driver.findElement(By.partialLinkText("Review and decide"));
            review.click();
            driver.switchTo().defaultContent();
            // The email's links open a new tab, as a mail client does.
            for (String handle : driver.getWindowHandles()) {
                if (!handle.equals(mailbox)) {
                    driver.switchTo().window(handle);
                }
            }
            assertThat(driver.getCurrentUrl()).contains("/review/");
            look("review");
        }

        /** The decision controls are on screen after one tap on the jump link. */
        void jumpToDecision() {
            driver.findElement(By.linkText("Go to your decision ↓")).click();
            assertThat(onScreen(driver.findElement(By.cssSelector("button.approve")))).as("Approve is on screen")
                    .isTrue();
        }

        /**
         * Nothing runs off the side of the screen, and no heading or column name is broken inside a word (a word of a
         * {@code th}, {@code h1} or {@code h2} drawn on two lines).
         */
        void assertReadable(String what) {
            Object overflow = driver.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(((Number) overflow).intValue()).as("%s: pixels wider than the %s screen", what,
                    browser.viewport().name()).isLessThanOrEqualTo(0);
            @SuppressWarnings("unchecked")
            List<String> broken = (List<String>) driver.executeScript("""
                    const broken = [];
                    for (const el of document.querySelectorAll('th, h1, h2')) {
                      if (el.offsetParent === null) continue;
                      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                        const re = /\\S+/g;
                        let m;
                        while ((m = re.exec(node.data)) !== null) {
                          const range = document.createRange();
                          range.setStart(node, m.index);
                          range.setEnd(node, m.index + m[0].length);
                          const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                          if (lines.size > 1) broken.push(el.tagName + ' ' + m[0]);
                        }
                      }
                    }
                    return broken;""");
            assertThat(broken).as("%s: words broken across lines (%s)", what, browser.viewport().name()).isEmpty();
        }

        boolean onScreen(WebElement element) {
            Object visible = driver.executeScript("const r = arguments[0].getBoundingClientRect();"
                    + "return r.top >= 0 && r.bottom <= window.innerHeight;", element);
            return Boolean.TRUE.equals(visible);
        }

        void type(String id, String text) {
            WebElement field = driver.findElement(By.id(id));
            field.clear();
            field.sendKeys(text);
        }

        /** Presses a button and waits for the page it posts to (a click can return before the old page is gone). */
        void press(String buttonClass) {
            submit(driver.findElement(By.cssSelector("button." + buttonClass)));
        }

        void submit(WebElement button) {
            WebElement oldPage = driver.findElement(By.tagName("html"));
            button.click();
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < until) {
                boolean gone;
                try {
                    oldPage.getTagName();
                    gone = false;
                } catch (org.openqa.selenium.StaleElementReferenceException stale) {
                    gone = true;
                } catch (org.openqa.selenium.WebDriverException e) {
                    // While the old document is being replaced, chromedriver may say so this way instead.
                    if (e.getMessage() == null || !e.getMessage().contains("does not belong to the document")) {
                        throw e;
                    }
                    gone = true;
                }
                if (gone && "complete".equals(driver.executeScript("return document.readyState"))) {
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            throw new AssertionError("the page did not change within 30 s after pressing " + button.getText());
        }

        /** The refused form: the problem in the title, at the top, focused, announced. */
        void assertProblemShown(String... words) {
            assertThat(driver.getTitle()).startsWith("Error: ");
            WebElement problem = driver.findElement(By.id("form-problem"));
            assertThat(problem.getAttribute("role")).isEqualTo("alert");
            assertThat(problem.getText()).contains(words);
            assertThat(onScreen(problem)).as("the problem is on screen without scrolling").isTrue();
            assertThat(driver.switchTo().activeElement().getAttribute("id")).as("focus is on the problem")
                    .isEqualTo("form-problem");
        }

        @Override
        public void close() {
            browser.close();
            assertThat(violations).as("axe-core violations on the pages of the %s walk (%s)", name,
                    browser.viewport().name()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("viewports")
    void approve_fromTheMailbox_toTheConfirmation(Viewport viewport) {
        String execution = startRefund("WALK-A-" + viewport.width(), "129.90");
        try (Walk walk = new Walk(viewport, "approve")) {
            walk.openReviewFromMailbox(RuntimeUnderTest.APPROVER, "Approval needed");
            assertThat(walk.driver.findElement(By.tagName("main")).getText()).contains("EUR 129.90",
                    "level 2 of 4", "out of 100");
            walk.jumpToDecision();
            walk.type("comment", "Checked the photos: refund it.");
            walk.press("approve");
            assertThat(walk.driver.getTitle()).doesNotStartWith("Error");
            assertThat(walk.driver.findElement(By.tagName("h1")).getText()).startsWith("Approved");
            walk.look("confirmation");
        }
        runtime.idle();
        assertThat(runtime.describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @ParameterizedTest
    @MethodSource("viewports")
    void reject_withoutAComment_isRefusedAtTheTop_thenRejectedWithOne(Viewport viewport) {
        String execution = startRefund("WALK-R-" + viewport.width(), "129.90");
        try (Walk walk = new Walk(viewport, "reject")) {
            walk.openReviewFromMailbox(RuntimeUnderTest.APPROVER, "Approval needed");
            walk.jumpToDecision();
            walk.press("reject");
            walk.assertProblemShown("To reject, write a comment");
            walk.look("empty-comment-refused");
            walk.driver.findElement(By.linkText("Go to the comment")).click();
            assertThat(walk.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("comment");
            walk.type("comment", "The parcel was not damaged: the photos show another order.");
            walk.press("reject");
            assertThat(walk.driver.findElement(By.tagName("h1")).getText()).startsWith("Rejected");
            walk.look("confirmation");
        }
        runtime.idle();
        assertThat(runtime.output(execution).at("/decision/outcome").asText()).isEqualTo("REJECTED");
    }

    @ParameterizedTest
    @MethodSource("viewports")
    void handOver_toAColleague_withAReason(Viewport viewport) {
        String execution = startRefund("WALK-H-" + viewport.width(), "129.90");
        String colleague = "colleague-" + viewport.width() + "@shop.example";
        try (Walk walk = new Walk(viewport, "hand-over")) {
            walk.openReviewFromMailbox(RuntimeUnderTest.APPROVER, "Approval needed");
            walk.jumpToDecision();
            walk.driver.findElement(By.cssSelector("#hand-over summary")).click();
            walk.type("hand-over-to", colleague);
            walk.type("hand-over-reason", "I am on leave this week.");
            walk.look("hand-over-filled");
            walk.submit(walk.driver.findElement(By.xpath("//button[text()='Hand over']")));
            assertThat(walk.driver.findElement(By.tagName("main")).getText()).contains(colleague);
            walk.look("confirmation");
        }
        assertThat(runtime.approval(execution).current().recipients()).extracting(r -> r.approver())
                .contains(colleague);
    }

    @ParameterizedTest
    @MethodSource("viewports")
    void aBoundedChange_outOfBoundsIsRefused_thenALowerAmountIsApproved(Viewport viewport) {
        String execution = startRefund("WALK-M-" + viewport.width(), "1500.00");
        try (Walk walk = new Walk(viewport, "bounded-change")) {
            // Kim is away: Pat is asked in her place, and the history says so.
            walk.openReviewFromMailbox(TestRoutingRules.DEPUTY, "Approval needed");
            assertThat(walk.driver.findElement(By.tagName("main")).getText())
                    .contains(TestRoutingRules.DEPUTY + " asked in place of " + TestRoutingRules.AWAY + ", who is away");
            walk.jumpToDecision();
            walk.driver.findElement(By.cssSelector("#change-parameters summary")).click();
            assertThat(walk.driver.findElement(By.id("modify-0-hint")).getText()).contains("EUR 0.01",
                    "EUR 1,500.00 (the proposed value)");
            walk.look("change-open");

            walk.type("modify-0", "5000000");
            walk.press("approve");
            walk.assertProblemShown("may be at most EUR 1,500.00, the proposed value");
            walk.look("raise-refused");

            walk.type("modify-0", "-100");
            walk.press("approve");
            walk.assertProblemShown("may be no less than EUR 0.01");
            walk.look("negative-refused");

            walk.type("modify-0", "1200.00");
            walk.press("approve");
            assertThat(walk.driver.findElement(By.tagName("main")).getText()).contains("EUR 1,500.00 → EUR 1,200.00");
            walk.look("confirmation");
        }
        runtime.idle();
        assertThat(runtime.output(execution).at("/result/refund/amount").decimalValue())
                .isEqualByComparingTo("1200");
        assertThat(runtime.approval(execution).status()).isEqualTo(ApprovalStatus.APPROVED);
        // The refused values left no trace: one APPROVED event, with the change that was approved.
        assertThat(runtime.auditTypes(runtime.approval(execution))).containsOnlyOnce("APPROVED")
                .doesNotContain("REJECTED");
    }

    @ParameterizedTest
    @MethodSource("viewports")
    void console_listsWhatWaits_readablyOnAnyScreen_andOpensTheApprovalsTrail(Viewport viewport) {
        String order = "WALK-C-" + viewport.width();
        startRefund(order, "129.90");
        runtime.idle();
        try (Walk walk = new Walk(viewport, "console")) {
            walk.driver.get(runtime.local.consoleUrl().toString());
            assertThat(walk.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Approvals");
            walk.look("home");
            walk.assertReadable("the console's lists");
            WebElement row = walk.driver.findElements(By.cssSelector("table.list tr")).stream()
                    .filter(tr -> tr.getText().contains(order)).findFirst()
                    .orElseThrow(() -> new AssertionError("order " + order + " is not listed as waiting"));
            assertThat(row.getText()).contains("EUR 129.90");
            row.findElement(By.tagName("a")).click();
            assertThat(walk.driver.findElement(By.tagName("main")).getText()).contains("Trail intact", order);
            walk.look("approval");
            walk.assertReadable("an approval's trail");
        }
    }
}
