package dev.orchard.tftp.spi;

import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import dev.orchard.tftp.codec.TftpErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RootedFileSourceTest {

    @TempDir
    Path base;
    Path root;
    RootedFileSource source;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(base.resolve("nbi"));
        Files.createDirectories(root.resolve("X.nbi/i386"));
        Files.writeString(root.resolve("X.nbi/i386/booter"), "booter");
        Files.writeString(root.resolve("hello"), "hi");
        Files.writeString(base.resolve("secret"), "outside");
        Files.createDirectories(base.resolve("nbi-private"));
        Files.writeString(base.resolve("nbi-private/x"), "sibling");
        Files.createSymbolicLink(root.resolve("out-link"), base.resolve("secret"));
        Files.createSymbolicLink(root.resolve("in-link"), root.resolve("hello"));
        Files.createSymbolicLink(root.resolve("dir-link"), root.resolve("X.nbi"));
        Files.createSymbolicLink(root.resolve("dangling"), root.resolve("nothing"));
        Path locked = Files.writeString(root.resolve("locked"), "x");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-------"));
        source = RootedFileSource.builder(root).prefix(RootedFileSource.APPLE_NETBOOT_PREFIX).build();
    }

    private String read(String name) throws IOException {
        Resolution r = source.open(name);
        assertThat(r).as(name).isInstanceOf(Resolution.Opened.class);
        ServedFile f = ((Resolution.Opened) r).file();
        try {
            ByteBuffer b = ByteBuffer.allocate((int) f.size());
            f.read(b, 0);
            return new String(b.array(), StandardCharsets.UTF_8);
        } finally {
            f.release();
        }
    }

    private Resolution.Refused refused(String name) {
        Resolution r = source.open(name);
        assertThat(r).as(name).isInstanceOf(Resolution.Refused.class);
        return (Resolution.Refused) r;
    }

    @Test
    void servesRootRelativeAppleAndBackslashForms() throws IOException {
        assertThat(read("X.nbi/i386/booter")).isEqualTo("booter");
        assertThat(read("/private/tftpboot/NetBoot/NetBootSP0/X.nbi/i386/booter")).isEqualTo("booter");
        assertThat(read("X.nbi\\i386\\booter")).isEqualTo("booter");
        assertThat(read("./X.nbi//i386/booter")).isEqualTo("booter");
        assertThat(read(root.toRealPath() + "/hello")).as("absolute path inside the root").isEqualTo("hi");
        assertThat(read("in-link")).isEqualTo("hi");
        assertThat(read("dir-link/i386/booter")).isEqualTo("booter");
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "../secret|2|OUTSIDE_ROOT",
            "a/../../secret|2|OUTSIDE_ROOT",
            "..\\..\\secret|2|OUTSIDE_ROOT",
            "/etc/passwd|2|OUTSIDE_ROOT",
            "../nbi-private/x|2|OUTSIDE_ROOT",
            "out-link|2|OUTSIDE_ROOT",
            "X.nbi|2|NOT_A_REGULAR_FILE",
            "locked|2|NOT_READABLE",
            "missing|1|NOT_FOUND",
            "%2e%2e/secret|1|NOT_FOUND",
            "hello/x|1|NOT_FOUND",
            "dangling|1|NOT_FOUND",
            "''|2|INVALID_NAME",
            "/|2|OUTSIDE_ROOT"})
    void refusals(String name, int code, RefusalReason reason) {
        Resolution.Refused r = refused(name);
        assertThat(r.code()).isEqualTo(TftpErrorCode.of(code));
        assertThat(r.reason()).isEqualTo(reason);
    }

    @Test
    void controlCharactersNonUtf8AndLongNamesAreRefused() {
        for (int c = 1; c < 0x20; c++) {
            assertThat(refused("hel" + (char) c + "lo").reason()).isEqualTo(RefusalReason.INVALID_NAME);
        }
        assertThat(refused("x\u00ffy").reason()).as("0xFF is not UTF-8").isEqualTo(RefusalReason.INVALID_NAME);
        assertThat(refused("a".repeat(300)).code().code()).isIn(1, 2);
        assertThat(refused("a/".repeat(2000) + "b").code().code()).isIn(1, 2);
    }

    @Test
    void fifoAndDeviceAreRefused() {
        Peers.requireRoot("mknod");
        Proc.check(Duration.ofSeconds(10), "mkfifo", root.resolve("fifo").toString());
        Proc.check(Duration.ofSeconds(10), "mknod", root.resolve("null").toString(), "c", "1", "3");
        Proc.check(Duration.ofSeconds(10), "chmod", "666", root.resolve("fifo").toString(), root.resolve("null").toString());
        assertThat(refused("fifo").reason()).isEqualTo(RefusalReason.NOT_A_REGULAR_FILE);
        assertThat(refused("null").reason()).isEqualTo(RefusalReason.NOT_A_REGULAR_FILE);
    }

    @Test
    void concurrentOpensShareOneDescriptorUntilTheLastRelease() {
        ServedFile a = ((Resolution.Opened) source.open("hello")).file();
        ServedFile b = ((Resolution.Opened) source.open("/private/tftpboot/NetBoot/NetBootSP0/hello")).file();
        assertThat(source.openFiles()).isEqualTo(1);
        a.release();
        a.release(); // idempotent
        assertThat(source.openFiles()).isEqualTo(1);
        b.release();
        assertThat(source.openFiles()).isZero();
    }

    @Test
    void aReplacedFileGetsAFreshDescriptorWhileTheOldOneKeepsItsBytes() throws IOException {
        ServedFile old = ((Resolution.Opened) source.open("hello")).file();
        Path tmp = Files.writeString(root.resolve(".new"), "replaced!");
        Files.move(tmp, root.resolve("hello"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        ServedFile fresh = ((Resolution.Opened) source.open("hello")).file();
        assertThat(old.size()).isEqualTo(2);
        assertThat(fresh.size()).isEqualTo(9);
        assertThat(source.openFiles()).isEqualTo(2);
        old.release();
        fresh.release();
        assertThat(source.openFiles()).isZero();
    }

    @Test
    void firstOfComposesRootsAndKeepsAccessViolations() throws IOException {
        Path other = Files.createDirectories(base.resolve("other"));
        Files.writeString(other.resolve("only-here"), "o");
        TftpFileSource both = TftpFileSource.firstOf(List.of(source, RootedFileSource.builder(other).build()));
        Resolution r = both.open("only-here");
        assertThat(r).isInstanceOf(Resolution.Opened.class);
        ((Resolution.Opened) r).file().release();
        assertThat(((Resolution.Refused) both.open("../secret")).reason()).isEqualTo(RefusalReason.OUTSIDE_ROOT);
        assertThat(((Resolution.Refused) both.open("nowhere")).reason()).isEqualTo(RefusalReason.NOT_FOUND);
    }

    @Test
    void configurationIsStrict() {
        assertThatThrownBy(() -> RootedFileSource.builder(base.resolve("none")).build())
                .hasMessageContaining("not a readable folder");
        assertThatThrownBy(() -> RootedFileSource.builder(root).prefix("relative/")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> RootedFileSource.builder(root).prefix("/a/../b")).hasMessageContaining("'..'");
    }
}
