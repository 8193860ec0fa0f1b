package dev.orchard.http.manifest;

import dev.orchard.http.files.FileInFolder;
import dev.orchard.http.spi.ImageManifest;
import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The race of {@code SymlinkSwapIT}'s manifest route made deterministic: {@code images/a/b} is swapped for a
 * symlink to a folder outside the root after the image was opened and before its manifest is read, hashed and
 * stored. Everything must happen in the folder the image was opened in (now parked inside the root as
 * {@code .b-parked}); the outside folder, which has the same names and a manifest that would pass as fresh
 * there, must not be read or written. By path name, the manifest was read from, hashed from and written to
 * the outside folder.
 */
class ManifestStoreTest {

    private static final int CHUNK = 4096;

    @TempDir
    Path base;
    Path root;
    Path inside;
    Path outside;
    final ManifestStore store = new ManifestStore(CHUNK);

    @BeforeEach
    void folders() throws Exception {
        root = Files.createDirectories(base.resolve("images"));
        inside = Files.createDirectories(root.resolve("a/b"));
        outside = Files.createDirectories(base.resolve("outside"));
        Hashes.randomFile(inside.resolve("x.img"), 3 * CHUNK + 5, 1);
        Hashes.randomFile(outside.resolve("x.img"), 3 * CHUNK + 5, 2);
    }

    private void swapFolderForSymlinkOut() throws Exception {
        Files.move(inside, root.resolve("a/.b-parked"));
        Files.createSymbolicLink(inside, outside);
    }

    private Path parked() {
        return root.resolve("a/.b-parked");
    }

    private List<String> outsideNames() throws Exception {
        try (Stream<Path> files = Files.list(outside)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aManifestIsHashedAndStoredInTheFolderTheImageWasOpenedIn() throws Exception {
        String insideSha = Hashes.sha256(inside.resolve("x.img"));
        try (FileInFolder image = ManifestStore.openImage(root, "a/b/x.img")) {
            swapFolderForSymlinkOut();
            assertThat(Hashes.sha256(root.resolve("a/b/x.img"))).as("by path").isNotEqualTo(insideSha);

            ImageManifest m = store.loadOrBuild(image, "a/b/x.img", ManifestProgress.NONE);
            assertThat(m.sha256()).as("hashed through the opened descriptor").isEqualTo(insideSha);
            assertThat(m.etag()).isEqualTo(image.file().version().etag());
        }
        assertThat(outsideNames()).as("nothing written outside the root").containsExactly("x.img");
        Path stored = parked().resolve("x.img" + ManifestStore.SUFFIX);
        assertThat(ManifestJson.read(stored).sha256()).isEqualTo(insideSha);
        try (Stream<Path> files = Files.list(parked())) {
            assertThat(files).as("no temporary file left").hasSize(2);
        }
    }

    @Test
    void aStoredManifestIsReadFromTheFolderTheImageWasOpenedIn() throws Exception {
        ImageManifest insideManifest = store.loadOrBuild(root, "a/b/x.img", ManifestProgress.NONE);
        // outside, a manifest that is fresh for the outside image (its own ETag) and says the outside hashes
        ImageManifest outsideManifest = store.loadOrBuild(outside, "x.img", ManifestProgress.NONE);
        Path outsideStored = outside.resolve("x.img" + ManifestStore.SUFFIX);
        FileTime written = Files.getLastModifiedTime(outsideStored);
        try (FileInFolder image = ManifestStore.openImage(root, "a/b/x.img")) {
            swapFolderForSymlinkOut();
            List<Long> hashed = new ArrayList<>();
            assertThat(store.loadOrBuild(image, "a/b/x.img", (d, t) -> hashed.add(d))).isEqualTo(insideManifest);
            assertThat(hashed).as("the fresh manifest inside was read, not recomputed").isEmpty();
            assertThat(store.readFresh(image)).contains(insideManifest);
            assertThat(ManifestStore.hasStored(image)).isTrue();
        }
        assertThat(ManifestJson.read(outsideStored)).isEqualTo(outsideManifest);
        assertThat(Files.getLastModifiedTime(outsideStored)).isEqualTo(written);
    }

    /** A stored manifest that is a symlink is not followed: ignored, then replaced by a file of its own. */
    @Test
    void aManifestNameThatIsASymlinkIsNeitherReadNorWrittenThrough() throws Exception {
        Path target = outside.resolve("target.json");
        Files.writeString(target, "not a manifest");
        Path link = inside.resolve("x.img" + ManifestStore.SUFFIX);
        Files.createSymbolicLink(link, target);
        ImageManifest m = store.loadOrBuild(root, "a/b/x.img", ManifestProgress.NONE);
        assertThat(Files.readString(target)).isEqualTo("not a manifest");
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(ManifestJson.read(link)).isEqualTo(m);
    }

    @Test
    void anImageReplacedOrChangedWhileOpenIsNotDescribed() throws Exception {
        try (FileInFolder image = ManifestStore.openImage(root, "a/b/x.img")) {
            Path other = Hashes.randomFile(inside.resolve("other.tmp"), 3 * CHUNK + 5, 3);
            Files.move(other, inside.resolve("x.img"), StandardCopyOption.ATOMIC_MOVE);
            assertThatThrownBy(() -> store.loadOrBuild(image, "a/b/x.img", ManifestProgress.NONE))
                    .isInstanceOf(ImageChangedException.class);
        }
        try (FileInFolder image = ManifestStore.openImage(root, "a/b/x.img")) {
            Path file = inside.resolve("x.img");
            Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
            assertThatThrownBy(() -> store.loadOrBuild(image, "a/b/x.img", ManifestProgress.NONE))
                    .isInstanceOf(ImageChangedException.class);
        }
        assertThat(inside.resolve("x.img" + ManifestStore.SUFFIX)).doesNotExist();
    }

    @Test
    void imagesTheServerWouldNotServeAreNotOpened() throws Exception {
        Files.createSymbolicLink(root.resolve("escape.img"), outside.resolve("x.img"));
        Files.createSymbolicLink(root.resolve("out"), outside);
        for (String name : List.of("escape.img", "out/x.img", "a/b", "a//b/x.img", "/a/b/x.img", "a/.b/x.img",
                "missing.img")) {
            assertThatThrownBy(() -> ManifestStore.openImage(root, name)).as(name)
                    .isInstanceOf(NoSuchFileException.class);
        }
        assertThat(outsideNames()).containsExactly("x.img");
    }

    /** The scanner lists without following symlinked folders and skips images the server would not serve. */
    @Test
    void theScannerStaysInsideTheRoot() throws Exception {
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("escape.img"), outside.resolve("x.img"));
        Files.createSymbolicLink(root.resolve("alias.img"), inside.resolve("x.img"));
        assertThat(ImageScanner.imageNames(root)).containsExactly("a/b/x.img", "alias.img", "escape.img", "out");
        List<ImageManifest> all = new ImageScanner(store).scan(root, ImageScanner.Progress.NONE);
        // the alias is described by the manifest stored beside its target (the one the server serves for it)
        assertThat(all).extracting(ImageManifest::sha256).containsExactly(Hashes.sha256(inside.resolve("x.img")),
                Hashes.sha256(inside.resolve("x.img")));
        assertThat(outsideNames()).containsExactly("x.img");
    }
}
