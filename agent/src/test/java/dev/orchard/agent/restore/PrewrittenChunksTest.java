package dev.orchard.agent.restore;

import dev.orchard.agent.transfer.HttpSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Chunks this run already wrote and verified (multicast: {@link RestoreJob#prewritten()}) are not fetched and not
 * hashed chunk by chunk a second time; they are re-read for the whole image's sha256 only, so a target that did
 * not keep what was written still fails the restore (VERIFY), never a silent success. Chunks a crashed run left
 * (the journal, a scan) are still checked one by one and fetched again when wrong.
 */
class PrewrittenChunksTest {

    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 8;
    private static final HttpSettings FAST = new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(2), 3, Duration.ofMillis(1), Duration.ofMillis(2));

    @TempDir
    Path dir;

    private final byte[] image = image();

    @Test
    void prewrittenChunksAreNeitherFetchedNorRefetched() throws Exception {
        Path target = dir.resolve("target");
        Files.write(target, image);
        BitSet prewritten = new BitSet();
        prewritten.set(0, CHUNKS);
        prewritten.clear(3);
        MemoryRangeSource source = new MemoryRangeSource(image, "\"e1\"", new long[0], -1);

        RestoreOutcome outcome = restore(target, source, prewritten, RestoreOptions.Reuse.NONE);

        assertThat(Files.readAllBytes(target)).isEqualTo(image);
        assertThat(source.served.get()).as("only the chunk not prewritten is fetched").isEqualTo(CHUNK);
        assertThat(outcome.bytesReused()).isEqualTo((CHUNKS - 1L) * CHUNK);
    }

    @Test
    void aPrewrittenChunkTheTargetLostFailsTheWholeImageCheck() throws Exception {
        Path target = dir.resolve("target");
        byte[] onDisk = image.clone();
        onDisk[5 * CHUNK + 17] ^= 1;
        Files.write(target, onDisk);
        BitSet prewritten = new BitSet();
        prewritten.set(0, CHUNKS);
        MemoryRangeSource source = new MemoryRangeSource(image, "\"e1\"", new long[0], -1);

        assertThatThrownBy(() -> restore(target, source, prewritten, RestoreOptions.Reuse.NONE))
                .isInstanceOfSatisfying(RestoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RestoreException.Kind.VERIFY);
                    assertThat(e.getMessage()).contains("the restored image's sha256 is");
                });
        assertThat(source.served.get()).as("a prewritten chunk is trusted chunk by chunk").isZero();
    }

    @Test
    void aChunkACrashedRunLeftIsStillCheckedAndFetchedAgain() throws Exception {
        Path target = dir.resolve("target");
        byte[] onDisk = image.clone();
        onDisk[5 * CHUNK + 17] ^= 1;
        Files.write(target, onDisk);
        MemoryRangeSource source = new MemoryRangeSource(image, "\"e1\"", new long[0], -1);

        restore(target, source, new BitSet(), RestoreOptions.Reuse.SCAN);

        assertThat(Files.readAllBytes(target)).isEqualTo(image);
        assertThat(source.served.get()).as("the wrong chunk only").isEqualTo(CHUNK);
    }

    private RestoreOutcome restore(Path target, MemoryRangeSource source, BitSet prewritten, RestoreOptions.Reuse reuse)
            throws Exception {
        RestoreOptions options = new RestoreOptions(CHUNK, 3, RestoreOptions.DirectIo.OFF, reuse, Duration.ofMillis(20));
        RestoreJob job = new RestoreJob(BlockRestoreProperties.manifest(image, CHUNK), URI.create("http://test/images/x"),
                null, target, dir.resolve("journal"), source, FAST, options, null, prewritten);
        return new BlockRestore(job).run();
    }

    private static byte[] image() {
        byte[] b = new byte[CHUNKS * CHUNK];
        new Random(7).nextBytes(b);
        return Arrays.copyOf(b, b.length);
    }
}
