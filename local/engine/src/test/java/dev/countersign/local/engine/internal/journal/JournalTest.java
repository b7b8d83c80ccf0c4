package dev.countersign.local.engine.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.local.engine.EngineStorageException;
import dev.countersign.local.engine.FsyncPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's framing and recovery: torn tails, damage, segments, snapshots. */
class JournalTest {
    @TempDir
    Path directory;

    private static List<String> replay(Path directory, long segmentLimit) {
        List<String> records = new ArrayList<>();
        Journal journal = Journal.open(directory, FsyncPolicy.ALWAYS, segmentLimit,
                (file, offset, body) -> records.add(StandardCharsets.UTF_8.decode(body).toString()));
        journal.close();
        return records;
    }

    private static void write(Path directory, long segmentLimit, String... bodies) {
        Journal journal = Journal.open(directory, FsyncPolicy.ALWAYS, segmentLimit, (file, offset, body) -> { });
        for (String body : bodies) {
            journal.append(body.getBytes(StandardCharsets.UTF_8)).durable().join();
        }
        journal.close();
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith("segment-"))
                    .sorted(Comparator.naturalOrder()).toList();
        }
    }

    @Test
    void appendedRecords_replayInOrder_acrossSegments() {
        write(directory, 40, "one", "two", "three", "four", "five");
        assertThat(replay(directory, 40)).containsExactly("one", "two", "three", "four", "five");
    }

    @Test
    void aTornLastRecord_isCutOff_atEveryPossibleLength() throws IOException {
        write(directory, 1 << 20, "first record", "second record", "the last record, torn by a crash");
        Path segment = segments().get(0);
        byte[] whole = Files.readAllBytes(segment);
        int lastStart = whole.length - (8 + "the last record, torn by a crash".length());
        for (int cut = lastStart; cut < whole.length; cut++) {
            Files.write(segment, java.util.Arrays.copyOf(whole, cut));
            // Whatever byte the crash stopped at, recovery keeps exactly the complete records.
            assertThat(replay(directory, 1 << 20)).containsExactly("first record", "second record");
            assertThat(Files.size(segment)).isEqualTo(lastStart);
        }
    }

    @Test
    void aLastRecordWithABadChecksum_isCutOff_andAppendingContinuesAfterIt() throws IOException {
        write(directory, 1 << 20, "good", "flipped");
        Path segment = segments().get(0);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 1] ^= 0x40;
        Files.write(segment, bytes);
        write(directory, 1 << 20, "after");
        assertThat(replay(directory, 1 << 20)).containsExactly("good", "after");
    }

    @Test
    void zeroFilledTail_isTreatedAsTorn() throws IOException {
        write(directory, 1 << 20, "kept");
        Path segment = segments().get(0);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.allocate(64));
        }
        assertThat(replay(directory, 1 << 20)).containsExactly("kept");
    }

    @Test
    void damageBeforeTheLastSegment_refusesToOpen() throws IOException {
        write(directory, 30, "aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb", "cccccccccccccccccccc");
        Path first = segments().get(0);
        byte[] bytes = Files.readAllBytes(first);
        bytes[10] ^= 0x01;
        Files.write(first, bytes);
        assertThatThrownBy(() -> replay(directory, 30)).isInstanceOf(EngineStorageException.class)
                .hasMessageContaining("is damaged").hasMessageContaining("restore the data directory");
    }

    @Test
    void snapshot_replacesEveryEarlierSegment() throws IOException {
        Journal journal = Journal.open(directory, FsyncPolicy.ALWAYS, 30, (file, offset, body) -> { });
        for (String body : List.of("old-1", "old-2", "old-3")) {
            journal.append(body.getBytes(StandardCharsets.UTF_8)).durable().join();
        }
        List<Journal.Position> positions = new ArrayList<>();
        journal.snapshot(sink -> positions.add(sink.write("state".getBytes(StandardCharsets.UTF_8))));
        journal.append("new-1".getBytes(StandardCharsets.UTF_8)).durable().join();
        assertThat(new String(journal.read(positions.get(0).fileKey(), positions.get(0).offset(), 5),
                StandardCharsets.UTF_8)).isEqualTo("state");
        journal.close();
        assertThat(replay(directory, 30)).containsExactly("state", "new-1");
        assertThat(segments()).hasSize(1);
    }

    @Test
    void anInterruptedSnapshot_isIgnored() throws IOException {
        write(directory, 1 << 20, "kept");
        Files.write(directory.resolve("snapshot-0000000009.tmp"), "half a snapshot".getBytes(StandardCharsets.UTF_8));
        assertThat(replay(directory, 1 << 20)).containsExactly("kept");
        assertThat(Files.exists(directory.resolve("snapshot-0000000009.tmp"))).isFalse();
    }
}
