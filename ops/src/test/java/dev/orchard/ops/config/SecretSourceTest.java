package dev.orchard.ops.config;

import dev.orchard.testkit.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin token rules {@code validate} and {@code serve} share: length, placeholder, who can read the file. */
class SecretSourceTest {

    private static final String GOOD = "qWv3-x9Lp0_ZcT8mRb2Yk7Hs";

    @TempDir
    Path dir;

    private SecretSource.Reading file(String content, String mode) throws Exception {
        Path f = dir.resolve("admin-token-" + mode);
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return new SecretSource(null, f).read(Map.of());
    }

    @Test
    void aPrivateFileWithARandomTokenIsAccepted() throws Exception {
        SecretSource.Reading r = file(GOOD + "\n", "rw-------");
        assertThat(r.secret()).contains(GOOD);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void aFileEveryUserCanReadOrWriteIsRefused() throws Exception {
        assertThat(file(GOOD, "rw-r--r--").errors()).singleElement().asString()
                .contains("is readable by every user on this host (rw-r--r--)").contains("chmod 600");
        assertThat(file(GOOD, "rw-----w-").errors()).singleElement().asString()
                .contains("is writable by every user on this host");
        assertThat(file(GOOD, "rw-r--r--").secret()).isEmpty();
    }

    @Test
    void aFileReadableByAGroupThisProcessIsNotInIsAWarning() throws Exception {
        Peers.requireRoot("giving a file to another group");
        Path f = dir.resolve("admin-token");
        Files.writeString(f, GOOD);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(new SecretSource(null, f).read(Map.of()).warnings()).isEmpty(); // root's own group
        Files.setAttribute(f, "unix:gid", 65534);
        SecretSource.Reading r = new SecretSource(null, f).read(Map.of());
        assertThat(r.secret()).contains(GOOD);
        assertThat(r.warnings()).singleElement().asString().contains("is readable by group")
                .contains("which this server does not run as");
    }

    @Test
    void shortTokensAndPlaceholdersAreRefusedWhereverTheyComeFrom() throws Exception {
        SecretSource env = new SecretSource("ORCHARD_ADMIN_TOKEN", null);
        assertThat(env.read(Map.of()).errors()).containsExactly("environment variable ORCHARD_ADMIN_TOKEN is not set");
        assertThat(env.read(Map.of("ORCHARD_ADMIN_TOKEN", "s3cret")).errors()).singleElement().asString()
                .contains("shorter than 16 characters");
        for (String placeholder : new String[] {"change-me-to-a-long-random-token", "CHANGEME-please-0123456789",
                "replace-me-with-a-real-token", "placeholder-token-0123456789"}) {
            assertThat(env.read(Map.of("ORCHARD_ADMIN_TOKEN", placeholder)).errors()).as(placeholder).singleElement()
                    .asString().contains("is the shipped placeholder");
        }
        assertThat(file("change-me-to-a-long-random-token\n", "rw-------").errors()).singleElement().asString()
                .contains("is the shipped placeholder");
        assertThat(env.read(Map.of("ORCHARD_ADMIN_TOKEN", " " + GOOD + "\n")).secret()).contains(GOOD);
    }

    @Test
    void aFolderOrAMissingFileCannotBeRead() throws Exception {
        assertThat(new SecretSource(null, dir).read(Map.of()).errors()).singleElement().asString()
                .startsWith("cannot read file " + dir + ": ");
        assertThat(new SecretSource(null, dir.resolve("nope")).read(Map.of()).errors())
                .containsExactly("cannot read file " + dir.resolve("nope") + ": no such file");
    }
}
