package dev.orchard.ops.lab;

import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.assertj.core.api.Assertions.assertThat;

class FileDigestsTest {

    @TempDir
    Path dir;

    @Test
    void comparisonFindsTheFirstDifferentByteOrADifferentSize() throws Exception {
        Path a = Hashes.randomFile(dir.resolve("a"), (3 << 20) + 5, 1);
        Path b = Files.copy(a, dir.resolve("b"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(FileDigests.firstDifference(a, b)).isEqualTo(-1);
        for (long at : new long[] {0, (1 << 20) - 1, 1 << 20, (3L << 20) + 4}) {
            Path c = Files.copy(a, dir.resolve("c" + at));
            try (RandomAccessFile f = new RandomAccessFile(c.toFile(), "rw")) {
                f.seek(at);
                int v = f.read();
                f.seek(at);
                f.write(v ^ 1);
            }
            assertThat(FileDigests.firstDifference(a, c)).isEqualTo(at);
        }
        Path shorter = dir.resolve("short");
        Files.write(shorter, java.util.Arrays.copyOf(Files.readAllBytes(a), 100));
        assertThat(FileDigests.firstDifference(a, shorter)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void digestsAreTheFilesSha256AndComputedOnce() throws Exception {
        Path a = Hashes.randomFile(dir.resolve("x"), 1_000_003, 2);
        FileDigests digests = new FileDigests();
        String first = digests.of(a);
        assertThat(first).isEqualTo(Hashes.sha256(a));
        Files.write(a, new byte[] {1, 2, 3});
        assertThat(digests.of(a)).as("cached: the served files do not change during a lab").isEqualTo(first);
        assertThat(FileDigests.sha256(a)).isEqualTo(Hashes.sha256(a));
    }
}
