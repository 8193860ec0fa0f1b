package dev.orchard.http.files;

import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paths that cannot name a servable file are "not found" (404), never an I/O error (500). Found by
 * {@code HttpFuzzIT}: {@code GET /images/a.img/x} made {@code stat} fail with ENOTDIR, which Java reports as a
 * bare {@code FileSystemException}, so it escaped as a 500 with a WARN stack trace; ELOOP (a symlink loop) and
 * ENAMETOOLONG did the same, and under {@code LANG=C} any non-ASCII name could not even become a {@link Path}.
 */
class FileResolverTest {

    @TempDir
    Path root;

    @BeforeEach
    void files() throws Exception {
        Hashes.randomFile(root.resolve("a.img"), 1000, 3);
        Files.createDirectories(root.resolve("sub"));
        Hashes.randomFile(root.resolve("sub/b.img"), 1000, 4);
        Files.createSymbolicLink(root.resolve("loop"), root.resolve("loop"));
        Files.createSymbolicLink(root.resolve("file-link"), root.resolve("a.img"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.img/x", "a.img/x/y", "a.img/manifest", "sub/b.img/c", "file-link/x", "loop", "loop/x",
            "sub/loop-free/x", "a\ud800.img", "sub/\udfff"})
    void unservablePathsAreNotFound(String path) throws Exception {
        assertThat(FileResolver.open(root, List.of(path.split("/")))).isInstanceOf(FileLookup.NotFound.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 300, 4000})
    void namesLongerThanTheFileSystemAllowsAreNotFound(int length) throws Exception {
        assertThat(FileResolver.open(root, List.of("n".repeat(length)))).isInstanceOf(FileLookup.NotFound.class);
        assertThat(FileResolver.open(root, List.of("sub", "é".repeat(length / 2 + 1))))
                .isInstanceOf(FileLookup.NotFound.class);
    }

    /**
     * The race of {@code SymlinkSwapIT} made deterministic: the folder is swapped for a symlink out of the root
     * after the check and before the open. The open walks from the root without following symlinks, so it
     * finds the symlink and refuses; an open by path would follow it.
     */
    @Test
    void aFolderSwappedForASymlinkBetweenCheckAndOpenIsNotFollowed(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("b.img"), "outside the root");
        Object checked = FileResolver.resolve(root, List.of("sub", "b.img"));
        assertThat(checked).isInstanceOf(FileResolver.Contained.class);
        Files.move(root.resolve("sub"), root.resolve("parked"));
        Files.createSymbolicLink(root.resolve("sub"), outside);
        assertThat(Files.readString(((FileResolver.Contained) checked).path())).as("by path").isEqualTo("outside the root");

        FileLookup opened = FileResolver.openRegular((FileResolver.Contained) checked);
        assertThat(opened).isEqualTo(new FileLookup.NotFound(FileLookup.Why.SYMLINK_ESCAPE));

        // the last component swapped for a symlink: refused too
        Files.delete(root.resolve("sub"));
        Files.move(root.resolve("parked"), root.resolve("sub"));
        Files.move(root.resolve("sub/b.img"), root.resolve("sub/parked.img"));
        Files.createSymbolicLink(root.resolve("sub/b.img"), outside.resolve("b.img"));
        assertThat(FileResolver.openRegular((FileResolver.Contained) checked)).isInstanceOf(FileLookup.NotFound.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.img", "sub/b.img", "file-link"})
    void servableFilesAreStillFound(String path) throws Exception {
        FileLookup found = FileResolver.open(root, List.of(path.split("/")));
        assertThat(found).isInstanceOf(FileLookup.Found.class);
        ((FileLookup.Found) found).file().close();
    }
}
