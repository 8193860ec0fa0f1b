package dev.orchard.tftp.server;

import dev.orchard.testkit.Hashes;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import dev.orchard.tftp.client.FetchRequest;
import dev.orchard.tftp.client.TftpClient;
import dev.orchard.tftp.client.TftpTransferException;
import dev.orchard.tftp.client.TransferResult;
import dev.orchard.tftp.client.TransferSink;
import dev.orchard.tftp.codec.Data;
import dev.orchard.tftp.codec.ReadRequest;
import dev.orchard.tftp.codec.TftpErrorCode;
import dev.orchard.tftp.codec.TftpOptions;
import dev.orchard.tftp.spi.RefusalReason;
import dev.orchard.tftp.spi.TransferFailure;
import dev.orchard.tftp.testing.RawPeer;
import dev.orchard.tftp.testing.ServerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Netascii, concurrency limits, file sharing and replacement, and the transfer duration cap. */
class ServingIT {

    @TempDir
    Path root;
    @TempDir
    Path out;

    @Test
    void netasciiRoundTripsThroughTftpHpaAndOurClient() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            text.append("line ").append(i).append(i % 7 == 0 ? "\r" : "").append('\n');
        }
        Path source = Files.writeString(root.resolve("text"), text, StandardCharsets.US_ASCII);
        try (ServerFixture fixture = new ServerFixture(root); TftpClient client = new TftpClient()) {
            Path ours = out.resolve("ours");
            TransferResult r = client.fetchAndWait(FetchRequest.of(fixture.address(), "text", TransferSink.toFile(ours))
                    .withNetascii(true).withTransferSize(true).withBlockSize(100), 30, TimeUnit.SECONDS);
            assertThat(r.announcedSize()).as("no tsize in netascii").isEqualTo(-1);
            assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(source));
            Path tftp = Peers.require("tftp");
            Path hpa = out.resolve("hpa");
            Proc.check(Duration.ofSeconds(30), tftp.toString(), "-m", "ascii", "127.0.0.1",
                    Integer.toString(fixture.port()), "-c", "get", "text", hpa.toString());
            assertThat(Files.readAllBytes(hpa)).isEqualTo(Files.readAllBytes(source));
        }
    }

    @Test
    void concurrentTransfersOfOneFileShareOneDescriptorAndPerClientCapHolds() throws Exception {
        Hashes.randomFile(root.resolve("booter"), 3_000_000, 5);
        String sha = Hashes.sha256(root.resolve("booter"));
        try (ServerFixture fixture = new ServerFixture(root, c -> c.withTransferLimits(100, 40));
             TftpClient client = new TftpClient(2)) {
            List<CompletableFuture<TransferResult>> running = new ArrayList<>();
            List<TransferSink.DigestSink> sinks = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                TransferSink.DigestSink sink = TransferSink.digest();
                sinks.add(sink);
                running.add(client.fetch(FetchRequest.of(fixture.address(), "booter", sink).withBlockSize(1468)));
            }
            int maxOpen = 0;
            while (!running.stream().allMatch(CompletableFuture::isDone)) {
                maxOpen = Math.max(maxOpen, fixture.files.openFiles());
                Thread.sleep(5);
            }
            for (int i = 0; i < running.size(); i++) {
                running.get(i).get();
                assertThat(sinks.get(i).sha256()).isEqualTo(sha);
            }
            assertThat(maxOpen).as("one shared descriptor").isEqualTo(1);
            fixture.awaitIdle(Duration.ofSeconds(10));
        }
        try (ServerFixture capped = new ServerFixture(root, c -> c.withTransferLimits(100, 2));
             RawPeer a = new RawPeer(); RawPeer b = new RawPeer(); RawPeer c = new RawPeer()) {
            byte[] rrq = RawPeer.bytes(ReadRequest.of("booter", "octet"));
            a.send(rrq, capped.port());
            b.send(rrq, capped.port());
            RawPeer.Reply first = a.receive(Duration.ofSeconds(3));
            RawPeer.Reply second = b.receive(Duration.ofSeconds(3));
            assertThat(first.packet()).isInstanceOf(Data.class);
            assertThat(second.packet()).isInstanceOf(Data.class);
            c.send(rrq, capped.port());
            assertThat(c.receive(Duration.ofSeconds(3)).packet())
                    .isEqualTo(new dev.orchard.tftp.codec.ErrorPacket(TftpErrorCode.NOT_DEFINED,
                            "too many transfers, try again later"));
            assertThat(capped.metrics.refused(RefusalReason.TOO_MANY_FOR_CLIENT)).isEqualTo(1);
            a.abort(first.fromPort());
            b.abort(second.fromPort());
            capped.awaitIdle(Duration.ofSeconds(5));
        }
    }

    @Test
    void slotsComeBackFromTransfersThatEndOnOtherLoopsAndPlainDatagramsWithoutGsoArriveIntact() throws Exception {
        Hashes.randomFile(root.resolve("kernelcache"), 250_000, 6);
        String sha = Hashes.sha256(root.resolve("kernelcache"));
        try (ServerFixture fixture = new ServerFixture(root, c -> c.withTransferLimits(3, 3).withTransferThreads(4)
                .withSegmentationOffload(false));
             TftpClient client = new TftpClient(2)) {
            assertThat(fixture.server.segmentationOffloadActive()).isFalse();
            for (int round = 0; round < 8; round++) {
                List<CompletableFuture<TransferResult>> running = new ArrayList<>();
                List<TransferSink.DigestSink> sinks = new ArrayList<>();
                for (int window : new int[] {16, 64, 1}) {
                    TransferSink.DigestSink sink = TransferSink.digest();
                    sinks.add(sink);
                    running.add(client.fetch(FetchRequest.of(fixture.address(), "kernelcache", sink)
                            .withBlockSize(window == 1 ? 512 : 1468).withWindowSize(window)));
                }
                for (int i = 0; i < running.size(); i++) {
                    running.get(i).get(30, TimeUnit.SECONDS);
                    assertThat(sinks.get(i).sha256()).as("round %d fetch %d", round, i).isEqualTo(sha);
                }
                // every slot is back once the transfers have ended, whichever of the 4 loops ran them
                fixture.awaitIdle(Duration.ofSeconds(10));
            }
            assertThat(fixture.metrics.refused(RefusalReason.TOO_MANY_TRANSFERS)).isZero();
            assertThat(fixture.metrics.refused(RefusalReason.TOO_MANY_FOR_CLIENT)).isZero();
            assertThat(fixture.metrics.completed.sum()).isEqualTo(24);
        }
    }

    @Test
    void aFileReplacedMidTransferIsServedWholeFromTheOldCopy() throws Exception {
        Hashes.randomFile(root.resolve("kernelcache"), 200_000, 1);
        String oldSha = Hashes.sha256(root.resolve("kernelcache"));
        try (ServerFixture fixture = new ServerFixture(root); RawPeer peer = new RawPeer()) {
            peer.send(RawPeer.bytes(new ReadRequest("kernelcache", "octet", TftpOptions.NONE)), fixture.port());
            RawPeer.Reply r = peer.receive(Duration.ofSeconds(3));
            Path replacement = Hashes.randomFile(root.resolve(".new"), 5000, 2);
            Files.move(replacement, root.resolve("kernelcache"), StandardCopyOption.ATOMIC_MOVE);
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            int block = 1;
            while (true) {
                Data d = (Data) r.packet();
                assertThat(d.block()).isEqualTo(block & 0xFFFF);
                md.update(d.payload());
                peer.ack(d.block(), r.fromPort());
                if (d.length() < 512) {
                    break;
                }
                block++;
                r = peer.receive(Duration.ofSeconds(3));
            }
            assertThat(java.util.HexFormat.of().formatHex(md.digest())).isEqualTo(oldSha);
            fixture.awaitIdle(Duration.ofSeconds(5));
        }
    }

    @Test
    void theDurationCapEndsATransferWhoseClientKeepsItAlive() throws Exception {
        Hashes.randomFile(root.resolve("f"), 1_000_000, 1);
        try (ServerFixture fixture = new ServerFixture(root, c -> c.withMaxTransferDuration(Duration.ofMillis(800))
                .withRetransmission(Duration.ofMillis(100), Duration.ofMillis(100), 50));
             RawPeer peer = new RawPeer()) {
            peer.send(RawPeer.bytes(ReadRequest.of("f", "octet")), fixture.port());
            RawPeer.Reply r = peer.receive(Duration.ofSeconds(3));
            // never ACK: the server retransmits every 100 ms for 50 retries, but the cap ends it at 0.8 s
            List<RawPeer.Reply> all = peer.drainUntilError(Duration.ofSeconds(30));
            assertThat(all).as("at most 0.8 s of 100 ms retransmissions, then the end, well before 50 retries")
                    .hasSizeLessThan(50);
            assertThat(all.get(all.size() - 1).packet()).isInstanceOf(dev.orchard.tftp.codec.ErrorPacket.class);
            assertThat(fixture.metrics.failed(TransferFailure.DURATION_EXCEEDED)).isEqualTo(1);
            assertThat(r.fromPort()).isNotEqualTo(fixture.port());
            fixture.awaitIdle(Duration.ofSeconds(5));
        }
    }

    @Test
    void clientReportsServerErrorsWithTheirCode() {
        try (ServerFixture fixture = new ServerFixture(root); TftpClient client = new TftpClient()) {
            assertThatThrownBy(() -> client.fetchAndWait(FetchRequest.of(fixture.address(), "missing",
                    TransferSink.discard()), 10, TimeUnit.SECONDS))
                    .isInstanceOf(TftpTransferException.class)
                    .satisfies(e -> assertThat(((TftpTransferException) e).serverError()).contains(TftpErrorCode.FILE_NOT_FOUND));
        }
    }
}
