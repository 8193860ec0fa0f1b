package dev.orchard.ops.journal;

import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.spi.OpsMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalTest {

    @TempDir
    Path dir;

    private final CountingMetrics metrics = new CountingMetrics();

    private Journal open(JournalOptions options) throws IOException {
        return Journal.open(dir, options, metrics, Clock.systemUTC());
    }

    @Test
    void acknowledgedEventsAreReplayedWithTheMachineView() throws Exception {
        String mac = Events.mac(1);
        try (Journal j = open(JournalOptions.DEFAULTS)) {
            j.append(Events.seen(mac, "art-01")).get(10, TimeUnit.SECONDS);
            for (int seq = 1; seq <= 4; seq++) {
                assertThat(j.append(Events.progress(mac, "run-1", seq, seq * 25L, 100)).get(10, TimeUnit.SECONDS)
                        .duplicate()).isFalse();
            }
            MachineStatus live = j.machine(MacAddress.parse(mac)).orElseThrow();
            assertThat(live.progress()).isEqualTo(100.0);
        }
        try (Journal j = open(JournalOptions.DEFAULTS)) {
            MachineStatus s = j.machine(MacAddress.parse(mac)).orElseThrow();
            assertThat(s.name()).isEqualTo("art-01");
            assertThat(s.model()).isEqualTo("iMac18,1");
            assertThat(s.policy()).isEqualTo("art-room");
            assertThat(s.stage()).isEqualTo(Stage.RESTORE);
            assertThat(s.bytesDone()).isEqualTo(100L);
            assertThat(s.history()).hasSize(5);
            assertThat(s.lastByStage()).containsKey(Stage.RESTORE);
            assertThat(s.lastSeen()).isNotNull();
            assertThat(j.recovery().records()).isEqualTo(5);
            assertThat(j.recovery().discardedBytes()).isZero();
        }
    }

    @Test
    void aRetriedEventIsAcknowledgedButStoredOnce() throws Exception {
        String mac = Events.mac(2);
        try (Journal j = open(JournalOptions.DEFAULTS)) {
            MachineEvent e = Events.progress(mac, "run-1", 7, 10, 100);
            CompletableFuture<Journal.Appended> first = j.append(e);
            CompletableFuture<Journal.Appended> sameBatch = j.append(e);
            assertThat(first.get(10, TimeUnit.SECONDS).duplicate()).isFalse();
            assertThat(sameBatch.get(10, TimeUnit.SECONDS).duplicate()).isTrue();
            assertThat(j.append(e).get(10, TimeUnit.SECONDS).duplicate()).isTrue();
            // the same seq in another run is another event
            assertThat(j.append(Events.progress(mac, "run-2", 7, 10, 100)).get(10, TimeUnit.SECONDS).duplicate())
                    .isFalse();
            // an out-of-order earlier seq (a retry that arrives late) is still stored
            assertThat(j.append(Events.progress(mac, "run-1", 3, 5, 100)).get(10, TimeUnit.SECONDS).duplicate())
                    .isFalse();
        }
        try (Journal j = open(JournalOptions.DEFAULTS)) {
            assertThat(j.machine(MacAddress.parse(mac)).orElseThrow().history()).hasSize(3);
            // idempotency survives a restart
            assertThat(j.append(Events.progress(mac, "run-1", 7, 10, 100)).get(10, TimeUnit.SECONDS).duplicate())
                    .isTrue();
        }
        assertThat(metrics.duplicates.get()).isEqualTo(3);
    }

    @Test
    void aTornTailIsCutAtEveryPossibleOffsetAndNothingBeforeItIsLost() throws Exception {
        String mac = Events.mac(3);
        try (Journal j = open(JournalOptions.DEFAULTS)) {
            for (int seq = 1; seq <= 3; seq++) {
                j.append(Events.progress(mac, "r", seq, seq, 10)).get(10, TimeUnit.SECONDS);
            }
        }
        Path segment = SegmentFiles.segment(dir, 1);
        byte[] whole = Files.readAllBytes(segment);
        long threeRecords = whole.length;
        try (Journal j = open(JournalOptions.DEFAULTS)) {
            j.append(Events.progress(mac, "r", 4, 4, 10)).get(10, TimeUnit.SECONDS);
        }
        byte[] withFourth = Files.readAllBytes(segment);
        // a crash may stop the 4th frame's write after any number of bytes
        for (long cut = threeRecords; cut < withFourth.length; cut++) {
            Files.write(segment, java.util.Arrays.copyOf(withFourth, (int) cut));
            try (Journal j = open(JournalOptions.DEFAULTS)) {
                assertThat(j.machine(MacAddress.parse(mac)).orElseThrow().history()).as("cut at %d", cut).hasSize(3);
                assertThat(j.recovery().discardedBytes()).isEqualTo(cut - threeRecords);
            }
            assertThat(Files.size(segment)).isEqualTo(threeRecords);
        }
        // garbage after the last frame (e.g. a reused block) fails its checksum and is cut too
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 20, 1, 2, 3, 4, 'g', 'a', 'r', 'b', 'a', 'g', 'e',
                    '!', '!', '!', '!', '!', '!', '!', '!', '!', '!', '!', '!', '!'}));
        }
        try (Journal j = open(JournalOptions.DEFAULTS)) {
            assertThat(j.recovery().problems()).singleElement().asString().contains("checksum mismatch");
            j.append(Events.progress(mac, "r", 4, 4, 10)).get(10, TimeUnit.SECONDS);
        }
        try (Journal j = open(JournalOptions.DEFAULTS)) {
            assertThat(j.machine(MacAddress.parse(mac)).orElseThrow().history()).hasSize(4);
            assertThat(j.recovery().discardedBytes()).isZero();
        }
    }

    /**
     * A crash right after a new segment was created can leave it empty (its name durable, its header not):
     * ext4 leaves such zero-length files. Found by {@link JournalPowerCutProperties}: recovery took the empty
     * file for clean, the writer appended frames without a header, and the next start skipped the whole
     * segment as "not a journal segment" — acknowledged events lost.
     */
    @Test
    void anEmptyNewestSegmentLeftByACrashGetsItsHeaderBackAndNothingWrittenToItIsLost() throws Exception {
        String mac = Events.mac(4);
        try (Journal j = open(JournalOptions.DEFAULTS)) {
            j.append(Events.progress(mac, "r", 1, 1, 10)).get(10, TimeUnit.SECONDS);
        }
        for (int headerBytes = 0; headerBytes < SegmentFormat.HEADER_BYTES; headerBytes++) {
            Path newest = SegmentFiles.segment(dir, 2 + headerBytes);
            Files.write(newest, java.util.Arrays.copyOf(SegmentFormat.MAGIC, headerBytes));
            try (Journal j = open(JournalOptions.DEFAULTS)) {
                j.append(Events.progress(mac, "r", 2 + headerBytes, 2, 10)).get(10, TimeUnit.SECONDS);
            }
            try (Journal j = open(JournalOptions.DEFAULTS)) {
                assertThat(j.machine(MacAddress.parse(mac)).orElseThrow().history())
                        .as("with %d header bytes left", headerBytes).hasSize(2 + headerBytes);
                assertThat(j.recovery().problems()).as("with %d header bytes left", headerBytes).isEmpty();
            }
        }
    }

    @Test
    void compactionBoundsTheFilesAndKeepsEachMachinesRecentHistory() throws Exception {
        JournalOptions small = new JournalOptions(16 * 1024, 3, 20, 100, 64);
        int machines = 10;
        int perMachine = 300;
        try (Journal j = open(small)) {
            List<CompletableFuture<Journal.Appended>> acks = new ArrayList<>();
            for (int m = 0; m < machines; m++) {
                acks.add(j.append(Events.seen(Events.mac(m), "mac-" + m)));
            }
            for (int seq = 1; seq <= perMachine; seq++) {
                for (int m = 0; m < machines; m++) {
                    acks.add(j.append(Events.progress(Events.mac(m), "r", seq, seq, perMachine)));
                }
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        assertThat(metrics.compactions.get()).isPositive();
        long bytes;
        try (var files = Files.list(dir)) {
            bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        // 3,010 records of ~250 bytes were written; what remains is bounded by the retained history
        assertThat(bytes).isLessThan(200 * 1024);
        try (Journal j = open(small)) {
            for (int m = 0; m < machines; m++) {
                MachineStatus s = j.machine(MacAddress.parse(Events.mac(m))).orElseThrow();
                assertThat(s.name()).isEqualTo("mac-" + m);
                assertThat(s.bytesDone()).isEqualTo((long) perMachine);
                assertThat(s.history()).hasSize(20);
                assertThat(((MachineEvent) s.history().get(19)).seq()).isEqualTo(perMachine);
            }
        }
    }

    @Test
    void anInterruptedCompactionIsFinishedAtTheNextStart() throws Exception {
        String mac = Events.mac(4);
        try (Journal j = open(JournalOptions.DEFAULTS)) {
            j.append(Events.progress(mac, "r", 1, 1, 10)).get(10, TimeUnit.SECONDS);
        }
        // simulate a crash after the compacted file was renamed into place but before the old segment
        // was deleted: the compacted file (holding seq 1 and 2) is authoritative for segment 1
        try (Journal j = open(JournalOptions.DEFAULTS)) {
            j.append(Events.progress(mac, "r", 2, 2, 10)).get(10, TimeUnit.SECONDS);
        }
        Files.copy(SegmentFiles.segment(dir, 1), SegmentFiles.compacted(dir, 1));
        Files.write(SegmentFiles.segment(dir, 1), new byte[] {1, 2, 3});
        Files.write(dir.resolve(SegmentFiles.COMPACT_TMP), new byte[] {9});
        try (Journal j = open(JournalOptions.DEFAULTS)) {
            assertThat(j.machine(MacAddress.parse(mac)).orElseThrow().history()).hasSize(2);
        }
        assertThat(dir.resolve(SegmentFiles.COMPACT_TMP)).doesNotExist();
        assertThat(SegmentFiles.compacted(dir, 1)).doesNotExist();
    }

    @Test
    void aSecondWriterIsRefusedAndAReaderSeesWhatIsCommitted() throws Exception {
        String mac = Events.mac(5);
        try (Journal j = open(JournalOptions.DEFAULTS)) {
            j.append(Events.seen(mac, "lab-05")).get(10, TimeUnit.SECONDS);
            j.append(Events.progress(mac, "r", 1, 5, 10)).get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> open(JournalOptions.DEFAULTS)).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use by another Orchard process");
            // and another process is refused by the OS file lock, which the refused open did not drop
            dev.orchard.testkit.Proc.Result other = dev.orchard.testkit.Proc.run(java.time.Duration.ofSeconds(60),
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), SecondWriter.class.getName(), dir.toString());
            assertThat(other.stdout()).contains("refused: journal folder").contains("in use by another Orchard process");
            // a half-written frame at the end, as a reader may see while the writer is mid-write
            long before = Files.size(SegmentFiles.segment(dir, 1));
            try (FileChannel ch = FileChannel.open(SegmentFiles.segment(dir, 1), StandardOpenOption.APPEND)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 0, 0}));
            }
            List<MachineStatus> read = JournalReader.machines(dir, JournalOptions.DEFAULTS);
            assertThat(read).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("lab-05");
                assertThat(s.progress()).isEqualTo(50.0);
            });
            // the reader did not cut anything
            assertThat(Files.size(SegmentFiles.segment(dir, 1))).isEqualTo(before + 6);
        }
    }

    @Test
    void appendsAfterCloseFail() throws Exception {
        Journal j = open(JournalOptions.DEFAULTS);
        j.close();
        assertThat(j.append(Events.progress(Events.mac(6), "r", 1, 1, 1))).isCompletedExceptionally();
    }

    /** Tries to open the journal from another process. */
    public static final class SecondWriter {
        public static void main(String[] args) {
            try (Journal j = Journal.open(Path.of(args[0]), JournalOptions.DEFAULTS, OpsMetrics.NOOP,
                    Clock.systemUTC())) {
                System.out.println("opened");
            } catch (IOException e) {
                System.out.println("refused: " + e.getMessage());
            }
        }
    }

    static final class CountingMetrics implements OpsMetrics {
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger compactions = new AtomicInteger();
        final AtomicInteger commits = new AtomicInteger();

        @Override
        public void configReloaded(dev.orchard.ops.spi.ReloadOutcome outcome) {
        }

        @Override
        public void journalCommitted(int records, long fsyncNanos) {
            commits.incrementAndGet();
        }

        @Override
        public void journalDuplicate() {
            duplicates.incrementAndGet();
        }

        @Override
        public void journalTailDiscarded(long bytes) {
        }

        @Override
        public void journalCompacted() {
            compactions.incrementAndGet();
        }
    }
}
