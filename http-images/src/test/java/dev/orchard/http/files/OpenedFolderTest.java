package dev.orchard.http.files;

import dev.orchard.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Operations relative to an opened folder follow no symlink and never leave the folder. */
class OpenedFolderTest {

    @TempDir
    Path dir;
    @TempDir
    Path outside;

    /** {@code openat(dfd, "sub/x", O_NOFOLLOW)} would follow {@code sub} if it were a symlink: only single names. */
    @Test
    void onlySingleNamesAreAccepted() throws Exception {
        Files.createSymbolicLink(dir.resolve("sub"), outside);
        Files.writeString(outside.resolve("x"), "outside");
        try (OpenedFolder folder = OpenedFolder.open(dir)) {
            for (String name : List.of("sub/x", "..", ".", "", "a\0b")) {
                assertThatThrownBy(() -> folder.read(name, 100)).as(name).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> folder.replace(name, new byte[1])).as(name)
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> folder.open(name)).as(name).isInstanceOf(IllegalArgumentException.class);
            }
        }
        assertThat(Files.readString(outside.resolve("x"))).isEqualTo("outside");
    }

    @Test
    void symlinksAreNeitherReadNorWrittenThrough() throws Exception {
        Files.writeString(outside.resolve("x"), "outside");
        Files.createSymbolicLink(dir.resolve("link"), outside.resolve("x"));
        Files.createSymbolicLink(dir.resolve("sub"), outside);
        try (OpenedFolder folder = OpenedFolder.open(dir)) {
            assertThatThrownBy(() -> folder.read("link", 100)).isInstanceOf(IOException.class);
            assertThat(folder.open("link")).isEqualTo(new FileLookup.NotFound(FileLookup.Why.NOT_A_REGULAR_FILE));
            assertThatThrownBy(() -> folder.folder("sub")).isInstanceOf(IOException.class);
            folder.replace("link", "inside".getBytes());
            assertThat(folder.read("link", 100)).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("inside"));
        }
        assertThat(Files.readString(outside.resolve("x"))).isEqualTo("outside");
        assertThat(Files.isSymbolicLink(dir.resolve("link"))).isFalse();
    }

    /** A FIFO under a manifest's name would block the open forever: refused before opening. */
    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a blocked open is not interruptible
    void aFifoIsNotOpened() throws Exception {
        Proc.check(Duration.ofSeconds(10), "mkfifo", dir.resolve("fifo").toString());
        try (OpenedFolder folder = OpenedFolder.open(dir)) {
            assertThatThrownBy(() -> folder.read("fifo", 100)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void replaceIsAtomicAndLeavesNoTemporaryFile() throws Exception {
        try (OpenedFolder folder = OpenedFolder.open(dir)) {
            assertThat(folder.read("m.json", 100)).isEmpty();
            assertThat(folder.has("m.json")).isFalse();
            folder.replace("m.json", "one".getBytes());
            folder.replace("m.json", "two".getBytes());
            assertThat(folder.has("m.json")).isTrue();
            assertThat(folder.read("m.json", 100)).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("two"));
            assertThatThrownBy(() -> folder.read("m.json", 2)).as("over the size limit").isInstanceOf(IOException.class);
            Files.createDirectory(dir.resolve("taken"));
            assertThatThrownBy(() -> folder.replace("taken", "x".getBytes())).isInstanceOf(IOException.class);
            assertThat(folder.entries()).extracting(OpenedFolder.Entry::name)
                    .containsExactlyInAnyOrder("m.json", "taken");
        }
        assertThat(Files.readString(dir.resolve("m.json"))).isEqualTo("two");
    }
}
