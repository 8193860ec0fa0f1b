package dev.orchard.agent.restore;

import dev.orchard.agent.api.Manifest;
import dev.orchard.agent.api.ManifestChunk;
import dev.orchard.agent.api.Sha256Hex;
import dev.orchard.agent.transfer.HttpSettings;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whatever the sizes (image, chunks, buffers) and wherever the connection breaks, a restore ends with
 * exactly the image on the target; a flipped byte always ends in a VERIFY failure naming its chunk.
 */
class BlockRestoreProperties {

    private static final HttpSettings FAST = new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(2), 40, Duration.ofMillis(1), Duration.ofMillis(2));

    @Provide
    Arbitrary<Integer> chunkSizes() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 64).map(k -> k * 4096),
                Arbitraries.integers().between(1000, 300_000));
    }

    @Provide
    Arbitrary<Integer> bufferSizes() {
        return Arbitraries.integers().between(1, 80).map(k -> k * 4096);
    }

    @Property(tries = 40)
    void anyBreaksEndWithTheExactImage(@ForAll @IntRange(min = 0, max = 3_000_000) int size,
                                       @ForAll("chunkSizes") int chunkSize, @ForAll("bufferSizes") int bufferSize,
                                       @ForAll @IntRange(min = 0, max = 6) int breakCount, @ForAll long seed,
                                       @ForAll boolean direct) throws Exception {
        byte[] image = new byte[size];
        Random random = new Random(seed);
        random.nextBytes(image);
        long[] breaks = new long[breakCount];
        for (int i = 0; i < breaks.length; i++) {
            breaks[i] = random.nextInt(Math.max(1, size));
        }
        Path dir = Files.createTempDirectory("restore-prop");
        try {
            MemoryRangeSource source = new MemoryRangeSource(image, "\"e1\"", breaks, -1);
            RestoreOutcome outcome = restore(image, chunkSize, bufferSize, direct, source, dir);

            assertThat(Files.readAllBytes(dir.resolve("target"))).isEqualTo(image);
            assertThat(outcome.sha256()).isEqualTo(sha256(image));
            assertThat(source.served.get()).isGreaterThanOrEqualTo(size);
        } finally {
            delete(dir);
        }
    }

    @Property(tries = 25)
    void aFlippedByteIsNeverASilentSuccess(@ForAll @IntRange(min = 1, max = 2_000_000) int size,
                                           @ForAll("chunkSizes") int chunkSize, @ForAll("bufferSizes") int bufferSize,
                                           @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) throws Exception {
        byte[] image = new byte[size];
        Random random = new Random(seed);
        random.nextBytes(image);
        long flip = random.nextInt(size);
        Path dir = Files.createTempDirectory("restore-prop");
        try {
            MemoryRangeSource source = new MemoryRangeSource(image, "\"e1\"", new long[0], flip);
            assertThatThrownBy(() -> restore(image, chunkSize, bufferSize, true, source, dir))
                    .isInstanceOfSatisfying(RestoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RestoreException.Kind.VERIFY);
                        assertThat(e.getMessage()).startsWith("chunk " + flip / chunkSize + " ").contains("fetched twice");
                    });
        } finally {
            delete(dir);
        }
    }

    static RestoreOutcome restore(byte[] image, int chunkSize, int bufferSize, boolean direct, MemoryRangeSource source, Path dir)
            throws Exception {
        RestoreOptions options = new RestoreOptions(bufferSize, 3, direct ? RestoreOptions.DirectIo.AUTO : RestoreOptions.DirectIo.OFF,
                RestoreOptions.Reuse.AUTO, Duration.ofMillis(20));
        RestoreJob job = new RestoreJob(manifest(image, chunkSize), URI.create("http://test/images/x"), null, dir.resolve("target"),
                dir.resolve("journal"), source, FAST, options, null);
        return new BlockRestore(job).run();
    }

    static Manifest manifest(byte[] image, int chunkSize) {
        List<ManifestChunk> chunks = new ArrayList<>();
        for (int offset = 0, i = 0; offset < image.length; offset += chunkSize, i++) {
            int length = Math.min(chunkSize, image.length - offset);
            chunks.add(new ManifestChunk(i, offset, length, sha256(Arrays.copyOfRange(image, offset, offset + length))));
        }
        return new Manifest("x", image.length, sha256(image), chunkSize, "\"e1\"", null, chunks);
    }

    static String sha256(byte[] bytes) {
        try {
            return Sha256Hex.of(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
