package dev.orchard.http.manifest;

import dev.orchard.http.spi.ImageManifest;
import dev.orchard.http.spi.ManifestChunk;
import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestBuilderTest {

    @TempDir
    Path dir;

    @Test
    void chunksAndWholeHashMatchAnIndependentComputation() throws Exception {
        Path image = Hashes.randomFile(dir.resolve("lab.img"), 10 * 4096 + 17, 42);
        ImageManifest m = ManifestBuilder.build(image, "lab.img", 4096, ManifestProgress.NONE);
        byte[] all = Files.readAllBytes(image);
        assertThat(m.size()).isEqualTo(all.length);
        assertThat(m.sha256()).isEqualTo(Hashes.sha256(image));
        assertThat(m.chunks()).hasSize(11);
        for (ManifestChunk c : m.chunks()) {
            byte[] part = Arrays.copyOfRange(all, (int) c.offset(), (int) (c.offset() + c.length()));
            assertThat(c.sha256()).isEqualTo(Hashes.sha256(part));
            assertThat(c.offset()).isEqualTo((long) c.index() * 4096);
        }
        assertThat(m.chunks().get(10).length()).isEqualTo(17);
        assertThat(ManifestJson.fromBytes(ManifestJson.toBytes(m))).isEqualTo(m);
    }

    @Test
    void emptyImageHasNoChunks() throws Exception {
        Path image = Files.createFile(dir.resolve("empty.img"));
        ImageManifest m = ManifestBuilder.build(image, "empty.img", 4096, ManifestProgress.NONE);
        assertThat(m.chunks()).isEmpty();
        assertThat(m.sha256()).isEqualTo(Hashes.sha256(new byte[0]));
    }

    /** A sparse image beyond 4 GiB: 64-bit offsets, flat memory, progress per chunk, correct hashes. */
    @Test
    void sparseImageBeyondFourGibStreamsWithProgress() throws Exception {
        long size = (4L << 30) + 4096 + 5;
        Path image = dir.resolve("big.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(size);
            f.seek(size - 5);
            f.write(new byte[] {1, 2, 3, 4, 5});
        }
        int chunk = 64 * 1024 * 1024;
        List<long[]> progress = new ArrayList<>();
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        ImageManifest m = ManifestBuilder.build(image, "big.img", chunk, (d, t) -> progress.add(new long[] {d, t}));
        long after = rt.totalMemory() - rt.freeMemory();
        assertThat(after - before).as("heap growth while hashing 4 GiB").isLessThan(64L << 20);
        assertThat(m.size()).isEqualTo(size);
        assertThat(m.chunks()).hasSize(65);
        ManifestChunk last = m.chunks().get(64);
        assertThat(last.offset()).isEqualTo(4L << 30);
        assertThat(last.length()).isEqualTo(4096 + 5);
        byte[] tail = new byte[4096 + 5];
        tail[4096] = 1;
        tail[4097] = 2;
        tail[4098] = 3;
        tail[4099] = 4;
        tail[4100] = 5;
        assertThat(last.sha256()).isEqualTo(Hashes.sha256(tail));
        assertThat(m.chunks().get(0).sha256()).isEqualTo(Hashes.sha256(new byte[chunk]));
        assertThat(progress).hasSize(65);
        assertThat(progress.get(0)).containsExactly(chunk, size);
        assertThat(progress.get(64)).containsExactly(size, size);
        // the whole-image hash, independently: 64 zero chunks then the tail
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] zeros = new byte[chunk];
        for (int i = 0; i < 64; i++) {
            md.update(zeros);
        }
        md.update(tail);
        assertThat(m.sha256()).isEqualTo(HexFormat.of().formatHex(md.digest()));
    }

    @Test
    void storeKeepsTheManifestBesideTheImageAndRecomputesWhenTheImageChanges() throws Exception {
        ManifestStore store = new ManifestStore(4096);
        Path image = Hashes.randomFile(dir.resolve("a.img"), 9000, 1);
        ImageManifest first = store.loadOrBuild(dir, "a.img", ManifestProgress.NONE);
        Path stored = ManifestStore.manifestPath(image);
        assertThat(stored).exists().hasFileName("a.img.manifest.json");
        assertThat(ManifestJson.read(stored)).isEqualTo(first);
        List<Long> calls = new ArrayList<>();
        assertThat(store.loadOrBuild(dir, "a.img", (d, t) -> calls.add(d))).isEqualTo(first);
        assertThat(calls).as("a fresh manifest is not recomputed").isEmpty();

        Files.setLastModifiedTime(image, FileTime.fromMillis(Files.getLastModifiedTime(image).toMillis() + 5000));
        ImageManifest touched = store.loadOrBuild(dir, "a.img", (d, t) -> calls.add(d));
        assertThat(calls).as("a new mtime forces a recomputation").isNotEmpty();
        assertThat(touched.sha256()).isEqualTo(first.sha256());
        assertThat(touched.etag()).isNotEqualTo(first.etag());

        Hashes.randomFile(image, 12000, 2);
        ImageManifest rewritten = store.loadOrBuild(dir, "a.img", ManifestProgress.NONE);
        assertThat(rewritten.size()).isEqualTo(12000);
        assertThat(rewritten.sha256()).isEqualTo(Hashes.sha256(image));
    }

    @Test
    void scannerSkipsStoredManifestsAndHiddenFiles() throws Exception {
        Hashes.randomFile(dir.resolve("b.img"), 100, 1);
        Files.createDirectories(dir.resolve("sub"));
        Hashes.randomFile(dir.resolve("sub/c.img"), 100, 2);
        Hashes.randomFile(dir.resolve(".hidden"), 100, 3);
        List<String> seen = new ArrayList<>();
        List<ImageManifest> all = new ImageScanner(new ManifestStore(4096))
                .scan(dir, (name, d, t) -> seen.add(name));
        assertThat(all).extracting(ImageManifest::name).containsExactly("b.img", "sub/c.img");
        assertThat(seen).contains("b.img", "sub/c.img");
        assertThat(ImageScanner.imageNames(dir)).containsExactly("b.img", "sub/c.img");
    }
}
