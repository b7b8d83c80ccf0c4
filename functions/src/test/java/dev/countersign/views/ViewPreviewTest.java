package dev.countersign.views;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ViewPreviewTest {

    @Test
    void preview_writesEveryEmailAndPage_intoTargetPreview() throws Exception {
        Path dir = Path.of("target", "preview");
        List<Path> files = ViewPreview.write(dir);
        // 4 emails × (html + txt), 14 pages, the index.
        assertThat(files).hasSize(4 * 2 + 14 + 1);
        assertThat(files).allSatisfy(f -> assertThat(Files.size(f)).isPositive());
        assertThat(Files.readString(dir.resolve("index.html"))).contains("page-review.html",
                "email-approval-request.txt");
        assertThat(Files.readString(dir.resolve("email-approval-request.txt")))
                .startsWith("Subject: Approval needed: Refund $1,250.00 to order 8812");
    }
}
