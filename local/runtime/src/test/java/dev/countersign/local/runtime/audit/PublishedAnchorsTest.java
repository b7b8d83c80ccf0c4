package dev.countersign.local.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading published anchors from the files an auditor has: events.jsonl lines or a CloudWatch Logs export. */
class PublishedAnchorsTest {
    private static final String ID = "ap_abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path dir;

    private static String anchorLine(String approvalId, int seq, String hash) {
        return "{\"source\":\"countersign\",\"detailType\":\"Countersign Audit Anchor\",\"detail\":{\"approvalId\":\""
                + approvalId + "\",\"seq\":" + seq + ",\"hash\":\"" + hash + "\",\"at\":\"2026-11-24T10:00:00.000Z\"}}";
    }

    @Test
    void newest_takesTheHighestSeqOfThatApproval_andSkipsOtherApprovalsAndDetailTypes() throws IOException {
        Path file = Files.writeString(dir.resolve("events.jsonl"), String.join("\n",
                anchorLine(ID, 2, "h2"), anchorLine("ap_zzzzzzzzzzzzzzzzzzzzzzzzzz", 9, "other"),
                "{\"detailType\":\"Something Else\",\"detail\":{\"seq\":50}}", anchorLine(ID, 5, "h5"),
                anchorLine(ID, 3, "h3"), ""));

        PublishedAnchors.Published newest = PublishedAnchors.newest(file, ID).orElseThrow();

        // File order is not seq order when several writers publish: the highest seq is the newest claim.
        assertThat(newest.seq()).isEqualTo(5);
        assertThat(newest.hash()).isEqualTo("h5");
        assertThat(newest.source()).isEqualTo(file + " line 4");
    }

    @Test
    void newest_isEmpty_whenTheFileHasNoneForTheApproval() throws IOException {
        Path file = Files.writeString(dir.resolve("events.jsonl"), anchorLine("ap_zzzzzzzzzzzzzzzzzzzzzzzzzz", 1, "h"));

        assertThat(PublishedAnchors.newest(file, ID)).isEmpty();
    }

    @Test
    void read_namesTheLine_thatIsNotJson() throws IOException {
        Path file = Files.writeString(dir.resolve("events.jsonl"), anchorLine(ID, 1, "h1") + "\nnot json\n");

        assertThatThrownBy(() -> PublishedAnchors.read(file)).hasMessageContaining(file + " line 2 is not JSON");
    }

    @Test
    void read_namesTheLine_whoseAnchorHasNoHash() throws IOException {
        Path file = Files.writeString(dir.resolve("events.jsonl"),
                "{\"detail-type\":\"Countersign Audit Anchor\",\"detail\":{\"approvalId\":\"" + ID + "\",\"seq\":1}}");

        assertThatThrownBy(() -> PublishedAnchors.read(file))
                .hasMessageContaining(file + " line 1: an audit anchor needs detail.approvalId, detail.seq");
    }

    @Test
    void read_saysWhatToDo_whenTheFileIsMissing() {
        Path missing = dir.resolve("anchors.json");

        assertThatThrownBy(() -> PublishedAnchors.read(missing))
                .hasMessageContaining("the anchors file " + missing + " does not exist");
    }
}
