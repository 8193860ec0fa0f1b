package dev.orchard.ops.wiring;

import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;

/** Payload sha256s are remembered per file version (size, inode, modification time), across runs. */
class PayloadDigestsTest {

    @TempDir
    Path dir;

    @Test
    void aDigestIsRememberedUntilTheFileChangesAndOnlyWhereTheDataFolderExists() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path pkg = dir.resolve("tools.pkg");
        Files.writeString(pkg, "version one of the package");
        FileTime written = Files.getLastModifiedTime(pkg);
        String first = Hashes.sha256(pkg);

        PayloadDigests run1 = PayloadDigests.in(data);
        assertThat(run1.sha256(pkg)).isEqualTo(first);
        run1.save();
        assertThat(data.resolve(PayloadDigests.FILE)).isRegularFile();

        // same size, inode and time: the next run (validate, then serve) takes the remembered value
        Files.writeString(pkg, "version two of the package");
        Files.setLastModifiedTime(pkg, written);
        assertThat(PayloadDigests.in(data).sha256(pkg)).as("remembered, not read again").isEqualTo(first);

        // a real change of version (here the time) is hashed again
        Files.setLastModifiedTime(pkg, FileTime.fromMillis(written.toMillis() + 2000));
        assertThat(PayloadDigests.in(data).sha256(pkg)).isEqualTo(Hashes.sha256(pkg)).isNotEqualTo(first);

        PayloadDigests nowhere = PayloadDigests.in(dir.resolve("no-data-yet"));
        assertThat(nowhere.sha256(pkg)).isEqualTo(Hashes.sha256(pkg));
        nowhere.save();
        assertThat(dir.resolve("no-data-yet")).doesNotExist();
    }
}
