package dev.orchard.tftp.server;

import dev.orchard.testkit.Hashes;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import dev.orchard.tftp.client.FetchRequest;
import dev.orchard.tftp.client.TftpClient;
import dev.orchard.tftp.client.TransferResult;
import dev.orchard.tftp.client.TransferSink;
import dev.orchard.tftp.codec.BlockNumbering;
import dev.orchard.tftp.testing.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Block-number rollover: a 100 MiB file at blksize 512 is 204,800 blocks (three wraps of the 16-bit
 * counter), fetched by our client and by atftp; and a 600 KB file at blksize 8 (76,800 blocks) with both
 * numbering conventions, the cheap trick atftp's own test suite uses.
 */
class LargeFileIT {

    static final long HUNDRED_MIB = 100L * 1024 * 1024;

    @TempDir
    static Path root;
    @TempDir
    static Path out;
    static String bigSha;

    @BeforeAll
    static void files() {
        Hashes.randomFile(root.resolve("f100M"), HUNDRED_MIB, 100);
        Hashes.randomFile(root.resolve("f600k"), 600_000, 6);
        bigSha = Hashes.sha256(root.resolve("f100M"));
    }

    @AfterAll
    static void clean() {
        root.resolve("f100M").toFile().delete();
    }

    @Test
    void ourClientFetches100MiBAtBlksize512() throws Exception {
        try (ServerFixture fixture = new ServerFixture(root); TftpClient client = new TftpClient()) {
            TransferSink.DigestSink sink = TransferSink.digest();
            TransferResult r = client.fetchAndWait(FetchRequest.of(fixture.address(), "f100M", sink)
                    .withBlockSize(512).withWindowSize(16).withTransferSize(true), 5, TimeUnit.MINUTES);
            assertThat(r.bytes()).isEqualTo(HUNDRED_MIB);
            assertThat(sink.sha256()).isEqualTo(bigSha);
            System.out.printf("100 MiB at blksize 512 w16: %.1f MiB/s%n", r.mebibytesPerSecond());
            fixture.awaitIdle(Duration.ofSeconds(10));
        }
    }

    @Test
    void atftpFetches100MiBAtBlksize1468Windowsize16() {
        Path atftp = Peers.require("atftp");
        Path copy = out.resolve("atftp100M");
        try (ServerFixture fixture = new ServerFixture(root)) {
            Proc.check(Duration.ofMinutes(4), atftp.toString(), "--get", "-r", "f100M", "-l", copy.toString(),
                    "--option", "blksize 1468", "--option", "windowsize 16", "--option", "tsize 0",
                    "127.0.0.1", Integer.toString(fixture.port()));
            assertThat(Hashes.sha256(copy)).isEqualTo(bigSha);
        } finally {
            copy.toFile().delete();
        }
    }

    @ParameterizedTest
    @EnumSource(BlockNumbering.class)
    void blksize8WrapsTheCounterWithEitherNumbering(BlockNumbering numbering) throws Exception {
        try (ServerFixture fixture = new ServerFixture(root, c -> c.withBlockNumbering(numbering));
             TftpClient client = new TftpClient()) {
            TransferSink.DigestSink sink = TransferSink.digest();
            client.fetchAndWait(FetchRequest.of(fixture.address(), "f600k", sink).withBlockSize(8)
                    .withWindowSize(32).withNumbering(numbering), 3, TimeUnit.MINUTES);
            assertThat(sink.sha256()).isEqualTo(Hashes.sha256(root.resolve("f600k")));
        }
    }
}
