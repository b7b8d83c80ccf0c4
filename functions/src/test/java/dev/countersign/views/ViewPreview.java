package dev.countersign.views;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Dev aid: renders every email and page for the sample data into a folder (default {@code target/preview}),
 * with an index.html linking them all. Open the files in a browser; resize to 360 px for the phone view.
 */
public final class ViewPreview {

    private ViewPreview() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/preview");
        List<Path> written = write(dir);
        System.out.println("Wrote " + written.size() + " previews to " + dir.toAbsolutePath());
    }

    /** Writes every preview into {@code dir}; returns the files written. */
    public static List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        EmailRenderer emails = new EmailRenderer(SampleViews.CLOCK);
        PageRenderer pages = new PageRenderer(SampleViews.CLOCK);
        List<Path> files = new ArrayList<>();

        email(dir, "email-approval-request", emails.approvalRequest(SampleViews.requestEmail()), files);
        email(dir, "email-approval-request-escalated-reminder",
                emails.approvalRequest(SampleViews.escalatedReminderEmail()), files);
        email(dir, "email-decision-receipt", emails.decisionReceipt(SampleViews.receiptEmail()), files);
        email(dir, "email-hostile-approval-request", emails.approvalRequest(SampleViews.hostileRequestEmail()),
                files);

        page(dir, "page-review", pages.review(SampleViews.reviewPage()), files);
        page(dir, "page-review-reject-without-comment",
                pages.review(SampleViews.reviewPageAfterRejectWithoutComment()), files);
        page(dir, "page-decision-recorded", pages.decisionRecorded(SampleViews.decisionRecorded()), files);
        page(dir, "page-already-decided", pages.alreadyDecided(SampleViews.alreadyDecided()), files);
        page(dir, "page-expired-next-level", pages.expired(SampleViews.expiredToNextLevel()), files);
        page(dir, "page-expired-fallback", pages.expired(SampleViews.expiredFallback()), files);
        page(dir, "page-escalated", pages.escalated(SampleViews.escalated()), files);
        page(dir, "page-cancelled", pages.cancelled(SampleViews.cancelled()), files);
        page(dir, "page-late-decision", pages.lateDecision(SampleViews.lateDecision()), files);
        page(dir, "page-reassigned", pages.reassigned(SampleViews.reassigned()), files);
        page(dir, "page-link-not-valid", pages.linkNotValid(), files);
        page(dir, "page-self-approval-refused", pages.selfApprovalRefused(SampleViews.selfApprovalRefused()), files);
        page(dir, "page-error", pages.error(SampleViews.error()), files);
        page(dir, "page-hostile-review", pages.review(SampleViews.hostileReviewPage()), files);

        StringBuilder index = new StringBuilder("<!DOCTYPE html><meta charset=\"utf-8\"><title>Countersign previews"
                + "</title><h1>Countersign previews</h1><ul>");
        for (Path f : files) {
            String name = f.getFileName().toString();
            index.append("<li><a href=\"").append(name).append("\">").append(name).append("</a></li>");
        }
        index.append("</ul>");
        Path indexFile = dir.resolve("index.html");
        Files.writeString(indexFile, index, StandardCharsets.UTF_8);
        files.add(indexFile);
        return files;
    }

    private static void email(Path dir, String name, RenderedEmail email, List<Path> files) throws IOException {
        files.add(write(dir.resolve(name + ".html"), email.html()));
        files.add(write(dir.resolve(name + ".txt"), "Subject: " + email.subject() + "\n\n" + email.text()));
    }

    private static void page(Path dir, String name, RenderedPage page, List<Path> files) throws IOException {
        files.add(write(dir.resolve(name + ".html"), page.html()));
    }

    private static Path write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
