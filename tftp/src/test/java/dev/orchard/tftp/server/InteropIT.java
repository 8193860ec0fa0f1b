package dev.orchard.tftp.server;

import dev.orchard.testkit.Hashes;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import dev.orchard.tftp.client.FetchRequest;
import dev.orchard.tftp.client.TftpClient;
import dev.orchard.tftp.client.TransferResult;
import dev.orchard.tftp.client.TransferSink;
import dev.orchard.tftp.testing.ServerFixture;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real clients fetch files of edge-case sizes from an in-process server on 127.0.0.1; every copy is
 * checked by sha256 against the source. Sizes: 0, 1, exact multiples of 512 and 1468, one odd size.
 */
class InteropIT {

    /** 0 B, 1 B, 512, 2×512, 1468, 2×1468, 3×1468, and an odd size. */
    static final int[] SIZES = {0, 1, 512, 1024, 1468, 2936, 4404, 100_003};

    @TempDir
    static Path root;
    @TempDir
    static Path out;
    static ServerFixture fixture;
    static TftpClient client;

    @BeforeAll
    static void start() {
        for (int size : SIZES) {
            Hashes.randomFile(root.resolve("f" + size), size, size);
        }
        fixture = new ServerFixture(root);
        client = new TftpClient();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        client.close();
        fixture.awaitIdle(Duration.ofSeconds(10));
        fixture.close();
    }

    private static void assertSameAsSource(Path copy, int size) {
        assertThat(copy).exists();
        assertThat(Hashes.sha256(copy)).as("sha256 of %s", copy.getFileName())
                .isEqualTo(Hashes.sha256(root.resolve("f" + size)));
    }

    @ParameterizedTest(name = "tftp-hpa -m binary, {0} B")
    @ValueSource(ints = {0, 1, 512, 1024, 1468, 2936, 4404, 100_003})
    void tftpHpa(int size) {
        Path tftp = Peers.require("tftp");
        Path copy = out.resolve("hpa" + size);
        Proc.check(Duration.ofSeconds(60), tftp.toString(), "-m", "binary", "127.0.0.1",
                Integer.toString(fixture.port()), "-c", "get", "f" + size, copy.toString());
        assertSameAsSource(copy, size);
    }

    @ParameterizedTest(name = "atftp blksize 1468 windowsize 16 tsize, {0} B")
    @ValueSource(ints = {0, 1, 512, 1024, 1468, 2936, 4404, 100_003})
    void atftpWithOptions(int size) {
        Path atftp = Peers.require("atftp");
        Path copy = out.resolve("atftp" + size);
        Proc.check(Duration.ofSeconds(60), atftp.toString(), "--get", "-r", "f" + size, "-l", copy.toString(),
                "--option", "blksize 1468", "--option", "windowsize 16", "--option", "tsize 0",
                "127.0.0.1", Integer.toString(fixture.port()));
        assertSameAsSource(copy, size);
    }

    @ParameterizedTest(name = "busybox tftp -b 1468, {0} B")
    @ValueSource(ints = {0, 1, 512, 1024, 1468, 2936, 4404, 100_003})
    void busybox(int size) {
        Path busybox = Peers.require("busybox");
        Path copy = out.resolve("bb" + size);
        Proc.check(Duration.ofSeconds(60), busybox.toString(), "tftp", "-g", "-r", "f" + size, "-l",
                copy.toString(), "-b", "1468", "127.0.0.1", Integer.toString(fixture.port()));
        assertSameAsSource(copy, size);
    }

    @ParameterizedTest(name = "curl --tftp-blksize 1468, {0} B")
    @ValueSource(ints = {0, 1, 512, 1024, 1468, 2936, 4404, 100_003})
    void curl(int size) {
        Path curl = Peers.require("curl");
        Path copy = out.resolve("curl" + size);
        Proc.check(Duration.ofSeconds(60), curl.toString(), "-sS", "-o", copy.toString(), "--tftp-blksize", "1468",
                "tftp://127.0.0.1:" + fixture.port() + "/f" + size);
        if (size == 0) {
            // curl creates no output file for an empty body; exit 0 above is the check
            assertThat(!Files.exists(copy) || copy.toFile().length() == 0).isTrue();
            return;
        }
        assertSameAsSource(copy, size);
    }

    @ParameterizedTest(name = "commons-net TFTPClient (512-byte blocks), {0} B")
    @ValueSource(ints = {0, 1, 512, 1024, 1468, 2936, 4404, 100_003})
    void commonsNet(int size) throws Exception {
        Path copy = out.resolve("cn" + size);
        TFTPClient tftp = new TFTPClient();
        tftp.setDefaultTimeout(Duration.ofSeconds(5));
        tftp.open();
        try (OutputStream os = Files.newOutputStream(copy)) {
            tftp.receiveFile("f" + size, TFTP.BINARY_MODE, os, InetAddress.getLoopbackAddress(), fixture.port());
        } finally {
            tftp.close();
        }
        assertSameAsSource(copy, size);
    }

    @ParameterizedTest(name = "our client blksize 1468 windowsize 16 tsize, {0} B")
    @ValueSource(ints = {0, 1, 512, 1024, 1468, 2936, 4404, 100_003})
    void ownClient(int size) throws Exception {
        Path copy = out.resolve("own" + size);
        TransferResult r = client.fetchAndWait(FetchRequest.of(fixture.address(), "f" + size,
                        TransferSink.toFile(copy)).withBlockSize(1468).withWindowSize(16).withTransferSize(true),
                30, TimeUnit.SECONDS);
        assertThat(r.bytes()).isEqualTo(size);
        assertThat(r.announcedSize()).isEqualTo(size == 0 ? -1 : size); // no tsize for empty files (curl)
        assertSameAsSource(copy, size);
    }

    @ParameterizedTest(name = "our client without options (512, lock-step), {0} B")
    @ValueSource(ints = {0, 1, 512, 1024, 100_003})
    void ownClientPlain(int size) throws Exception {
        Path copy = out.resolve("plain" + size);
        TransferResult r = client.fetchAndWait(FetchRequest.of(fixture.address(), "f" + size,
                TransferSink.toFile(copy)), 30, TimeUnit.SECONDS);
        assertThat(r.blockSize()).isEqualTo(512);
        assertSameAsSource(copy, size);
    }

    @Test
    void appleBooterPathAndRootRelativePathServeTheSameFile() throws Exception {
        Path nbi = Files.createDirectories(root.resolve("X.nbi/i386"));
        Hashes.randomFile(nbi.resolve("booter"), 70_000, 7);
        for (String name : new String[] {"/private/tftpboot/NetBoot/NetBootSP0/X.nbi/i386/booter",
                "X.nbi/i386/booter", "X.nbi\\i386\\booter"}) {
            TransferSink.DigestSink sink = TransferSink.digest();
            client.fetchAndWait(FetchRequest.of(fixture.address(), name, sink).withBlockSize(1468), 30,
                    TimeUnit.SECONDS);
            assertThat(sink.sha256()).as(name).isEqualTo(Hashes.sha256(nbi.resolve("booter")));
        }
    }
}
