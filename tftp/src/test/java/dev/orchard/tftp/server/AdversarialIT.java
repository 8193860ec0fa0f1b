package dev.orchard.tftp.server;

import dev.orchard.testkit.Hashes;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import dev.orchard.tftp.client.FetchRequest;
import dev.orchard.tftp.client.TftpClient;
import dev.orchard.tftp.client.TransferSink;
import dev.orchard.tftp.codec.Ack;
import dev.orchard.tftp.codec.Data;
import dev.orchard.tftp.codec.ErrorPacket;
import dev.orchard.tftp.codec.OptionAck;
import dev.orchard.tftp.codec.ReadRequest;
import dev.orchard.tftp.codec.TftpErrorCode;
import dev.orchard.tftp.codec.TftpOptions;
import dev.orchard.tftp.codec.TftpPacket;
import dev.orchard.tftp.codec.WriteRequest;
import dev.orchard.tftp.spi.PacketRejection;
import dev.orchard.tftp.spi.TransferFailure;
import dev.orchard.tftp.testing.RawPeer;
import dev.orchard.tftp.testing.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every input of "(b) Adversarial inputs" (tftp-http.md) that applies to a read-only server, sent as raw UDP
 * to a live server. Afterwards the server still serves a normal client, no transfer is left open and (via
 * the leak gate) no buffer leaked. Broadcast destinations cannot be produced on loopback; see docs/tftp.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdversarialIT {

    private static final Duration SILENCE = Duration.ofMillis(250);
    private static final Duration ANSWER = Duration.ofSeconds(3);

    @TempDir
    static Path base;
    static Path root;
    static ServerFixture fixture;

    @BeforeAll
    static void start() throws IOException {
        root = Files.createDirectories(base.resolve("root"));
        Hashes.randomFile(root.resolve("f"), 100_000, 1);
        Files.writeString(root.resolve("small"), "hello");
        Files.writeString(base.resolve("secret"), "outside");
        Files.createSymbolicLink(root.resolve("escape"), base.resolve("secret"));
        Files.createDirectories(root.resolve("dir"));
        Files.setPosixFilePermissions(Files.writeString(root.resolve("private"), "p"),
                PosixFilePermissions.fromString("rw-------"));
        if (Peers.isRoot()) {
            Proc.check(Duration.ofSeconds(10), "mkfifo", "-m", "666", root.resolve("fifo").toString());
            Proc.check(Duration.ofSeconds(10), "mknod", "-m", "666", root.resolve("dev").toString(), "c", "1", "3");
        }
        // Short timers so that silent peers are given up quickly; first timeout 400 ms > the silence window.
        fixture = new ServerFixture(root, c -> c
                .withRetransmission(Duration.ofMillis(400), Duration.ofMillis(800), 3)
                .withMaxTransferDuration(Duration.ofSeconds(20)));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    // ---------------------------------------------------------------- requests to port 69

    record Case(String name, byte[] bytes, String expect) {
        @Override
        public String toString() {
            return name + " → " + expect;
        }
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    static byte[] rrq(String name, String mode, String... options) {
        return RawPeer.bytes(new ReadRequest(name, mode, TftpOptions.of(options)));
    }

    static byte[] rawRequest(String... fields) {
        byte[] out = {0, 1};
        for (String f : fields) {
            byte[] b = f.getBytes(StandardCharsets.ISO_8859_1);
            byte[] joined = Arrays.copyOf(out, out.length + b.length);
            System.arraycopy(b, 0, joined, out.length, b.length);
            out = joined;
        }
        return out;
    }

    static Stream<Case> requests() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("0 bytes", new byte[0], "silent"));
        c.add(new Case("1 byte", hex("00"), "silent"));
        c.add(new Case("2 bytes, opcode 0", hex("0000"), "silent"));
        c.add(new Case("2 bytes, bare RRQ opcode", hex("0001"), "error 4"));
        c.add(new Case("3 bytes", hex("000100"), "error 4"));
        c.add(new Case("opcode 0", hex("0000666f6f00"), "silent"));
        c.add(new Case("opcode 7", hex("0007666f6f00"), "silent"));
        c.add(new Case("opcode 9", hex("0009666f6f00"), "silent"));
        c.add(new Case("opcode 0xFFFF", hex("ffff666f6f00"), "silent"));
        c.add(new Case("RRQ without any NUL", rawRequest("small", "octet"), "error 4"));
        c.add(new Case("RRQ without NUL after mode", rawRequest("small\0octet"), "error 4"));
        c.add(new Case("RRQ empty filename", rrq("", "octet"), "error 2"));
        c.add(new Case("RRQ empty mode", rrq("small", ""), "error 4"));
        c.add(new Case("mode mail", rrq("small", "mail"), "error 4"));
        c.add(new Case("mode MAIL", rrq("small", "MAIL"), "error 4"));
        c.add(new Case("mode NetAscii", rrq("small", "NetAscii"), "data"));
        c.add(new Case("600-byte request", rrq("n".repeat(590), "octet"), "error 4"));
        c.add(new Case("65 KB request", rrq("n".repeat(65000), "octet"), "error 4"));
        String[] thousand = new String[2000];
        for (int i = 0; i < 1000; i++) {
            thousand[2 * i] = "o" + i;
            thousand[2 * i + 1] = "1";
        }
        c.add(new Case("1000 options", rrq("small", "octet", thousand), "error 4"));
        c.add(new Case("option name without value", rawRequest("small\0octet\0blksize\0"), "error 4"));
        c.add(new Case("duplicate blksize", rawRequest("small\0octet\0blksize\u0000512\0BLKSIZE\u0000512\0"), "error 8"));
        for (String v : new String[] {"0", "7", "-1", "1e3", "99999999999999999999", " 1468", "1468abc"}) {
            c.add(new Case("blksize '" + v + "'", rrq("small", "octet", "blksize", v), "error 8"));
        }
        c.add(new Case("blksize 8", rrq("small", "octet", "blksize", "8"), "oack blksize=8"));
        c.add(new Case("blksize 65464", rrq("small", "octet", "blksize", "65464"), "oack blksize=1468"));
        c.add(new Case("blksize 65465", rrq("small", "octet", "blksize", "65465"), "oack blksize=1468"));
        c.add(new Case("timeout 0", rrq("small", "octet", "timeout", "0"), "error 8"));
        c.add(new Case("timeout 256", rrq("small", "octet", "timeout", "256"), "error 8"));
        c.add(new Case("windowsize 0", rrq("small", "octet", "windowsize", "0"), "error 8"));
        c.add(new Case("windowsize 65536", rrq("small", "octet", "windowsize", "65536"), "oack windowsize=64"));
        c.add(new Case("tsize huge in RRQ", rrq("small", "octet", "tsize", "99999999999999999999"), "oack tsize=5"));
        c.add(new Case("tsize huge in WRQ", RawPeer.bytes(new WriteRequest("up", "octet",
                TftpOptions.of("tsize", "99999999999999"))), "error 2"));
        c.add(new Case("unknown options only", rrq("small", "octet", "foo", "bar", "rollover", "0"), "data"));
        c.add(new Case("multicast with empty value", rrq("small", "octet", "multicast", ""), "data"));
        c.add(new Case("foo=bar + tsize 0", rrq("small", "octet", "foo", "bar", "tsize", "0"), "oack tsize=5"));
        for (String name : new String[] {"../x", "a/../../x", "/etc/passwd", "..\\..\\x", "escape", "dir", "private"}) {
            c.add(new Case("name " + name, rrq(name, "octet"), "error 2"));
        }
        c.add(new Case("name %2e%2e/x", rrq("%2e%2e/x", "octet"), "error 1"));
        c.add(new Case("name x\\0y (NUL ends the name; 'y' is the mode)", rawRequest("x\0y\0octet\0"), "error 4"));
        for (int b = 1; b < 0x20; b += 6) {
            c.add(new Case("name with byte 0x" + Integer.toHexString(b), rrq("sm" + (char) b + "all", "octet"), "error 2"));
        }
        c.add(new Case("name with byte 0x1f", rrq("sm\u001fall", "octet"), "error 2"));
        c.add(new Case("name with byte 0xff", rrq("sm\u00ffall", "octet"), "error 2"));
        c.add(new Case("300-byte name", rrq("a".repeat(300), "octet"), "error 1"));
        c.add(new Case("4 KB name", rrq("a".repeat(4096), "octet"), "error 4"));
        if (Peers.isRoot()) {
            c.add(new Case("a FIFO", rrq("fifo", "octet"), "error 2"));
            c.add(new Case("a device", rrq("dev", "octet"), "error 2"));
        }
        c.add(new Case("WRQ (writes disabled)", RawPeer.bytes(new WriteRequest("small", "octet", TftpOptions.NONE)), "error 2"));
        c.add(new Case("DATA to port 69", RawPeer.bytes(new Data(1, new byte[] {1})), "silent"));
        c.add(new Case("ACK to port 69", RawPeer.bytes(new Ack(1)), "silent"));
        c.add(new Case("ERROR to port 69", RawPeer.bytes(new ErrorPacket(TftpErrorCode.NOT_DEFINED, "x")), "silent"));
        c.add(new Case("OACK to port 69", RawPeer.bytes(new OptionAck(TftpOptions.of("tsize", "1"))), "silent"));
        return c.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void requestToPort69(Case c) {
        try (RawPeer peer = new RawPeer()) {
            peer.send(c.bytes(), fixture.port());
            RawPeer.Reply reply = peer.receive(c.expect().equals("silent") ? SILENCE : ANSWER);
            if (c.expect().equals("silent")) {
                assertThat(reply).as("no answer expected").isNull();
                return;
            }
            assertThat(reply).as("an answer").isNotNull();
            String[] expect = c.expect().split(" ", 2);
            TftpPacket p = reply.packet();
            switch (expect[0]) {
                case "error" -> {
                    assertThat(p).isInstanceOf(ErrorPacket.class);
                    assertThat(((ErrorPacket) p).code().code()).isEqualTo(Integer.parseInt(expect[1]));
                }
                case "data" -> {
                    assertThat(p).isInstanceOf(Data.class);
                    peer.abort(reply.fromPort());
                }
                case "oack" -> {
                    assertThat(p).isInstanceOf(OptionAck.class);
                    String[] kv = expect[1].split("=");
                    assertThat(((OptionAck) p).options().values()).containsExactly(java.util.Map.entry(kv[0], kv[1]));
                    peer.abort(reply.fromPort());
                }
                default -> throw new AssertionError(c.expect());
            }
            assertThat(reply.fromPort()).as("answers come from a fresh port only for transfers")
                    .matches(port -> expect[0].equals("error") ? port == fixture.port() : port != fixture.port());
        }
    }

    // ---------------------------------------------------------------- inside a transfer

    /** Starts a lock-step transfer of f (100,000 B: 196 blocks of 512) and returns the transfer port after DATA 1. */
    private static int startTransfer(RawPeer peer) {
        peer.send(rrq("f", "octet"), fixture.port());
        RawPeer.Reply first = peer.receive(ANSWER);
        assertThat(first.packet()).isInstanceOf(Data.class);
        assertThat(((Data) first.packet()).block()).isEqualTo(1);
        return first.fromPort();
    }

    /**
     * Sorcerer's Apprentice (RFC 1123 §4.2.3.1), on the wire and by the server's tripwire: duplicate and
     * older ACKs while DATA 2 is outstanding get no DATA back; only the retransmission timer resends it.
     * The tripwire is asserted first because it names the cause; the wire count would catch a resend
     * even without it (a timer resend cannot come within the silence window, the first timeout is 400 ms).
     */
    @Order(2)
    @Test
    void duplicateAckNeverTriggersAResendButTheTimerDoes() throws InterruptedException {
        try (RawPeer peer = new RawPeer()) {
            int tid = startTransfer(peer);
            peer.ack(1, tid);
            assertThat(((Data) peer.receive(ANSWER).packet()).block()).isEqualTo(2);
            List<Integer> stale = List.of(1, 1, 0, 1, 0, 1);
            List<RawPeer.Reply> answered = sendStaleAcks(peer, tid, stale);
            assertThat(answered).as("Sorcerer's Apprentice: no DATA in answer to a duplicate ACK").isEmpty();
            RawPeer.Reply resent = peer.receive(ANSWER);
            assertThat(((Data) resent.packet()).block()).as("the timer resends DATA 2").isEqualTo(2);
            peer.abort(tid);
        }
    }

    @Order(2)
    @Test
    void duplicateAckInAWindowedTransferSendsNoDataEither() throws InterruptedException {
        try (RawPeer peer = new RawPeer()) {
            peer.send(rrq("f", "octet", "windowsize", "4"), fixture.port());
            RawPeer.Reply oack = peer.receive(ANSWER);
            assertThat(oack.packet()).isInstanceOf(OptionAck.class);
            int tid = oack.fromPort();
            peer.ack(0, tid);
            assertThat(receiveBlocks(peer, 4)).containsExactly(1, 2, 3, 4);
            peer.ack(4, tid);
            assertThat(receiveBlocks(peer, 4)).containsExactly(5, 6, 7, 8);
            // the window's ACK again, one from inside the last window, and the OACK's
            List<RawPeer.Reply> answered = sendStaleAcks(peer, tid, List.of(4, 4, 2, 0, 4));
            assertThat(answered).as("no DATA in answer to stale ACKs in a window").isEmpty();
            assertThat(receiveBlocks(peer, 4)).as("the timer resends the window").containsExactly(5, 6, 7, 8);
            peer.abort(tid);
        }
    }

    /**
     * Sends ACKs that acknowledge nothing new, waits until the server has counted every one as a
     * duplicate (or its tripwire fired), checks both, and returns whatever came back within the silence
     * window.
     */
    private static List<RawPeer.Reply> sendStaleAcks(RawPeer peer, int tid, List<Integer> blocks)
            throws InterruptedException {
        long duplicates = fixture.server.counters().duplicateAcks();
        long tripwire = fixture.server.counters().dataSentForDuplicateAcks();
        for (int block : blocks) {
            peer.ack(block, tid);
        }
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (fixture.server.counters().duplicateAcks() - duplicates < blocks.size()
                && fixture.server.counters().dataSentForDuplicateAcks() == tripwire && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(fixture.server.counters().dataSentForDuplicateAcks() - tripwire)
                .as("tripwire: DATA sent for an ACK that acknowledged nothing new").isZero();
        assertThat(fixture.server.counters().duplicateAcks() - duplicates).as("stale ACKs counted as duplicates")
                .isEqualTo(blocks.size());
        return peer.drain(SILENCE);
    }

    /** The block numbers of the next {@code n} packets, each expected within {@link #ANSWER}. */
    private static List<Integer> receiveBlocks(RawPeer peer, int n) {
        List<Integer> blocks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RawPeer.Reply r = peer.receive(ANSWER);
            assertThat(r).as("packet %d of %d", i + 1, n).isNotNull();
            blocks.add(((Data) r.packet()).block());
        }
        return blocks;
    }

    @Order(3)
    @Test
    void futureAckIsIgnoredAndStrayTidGetsError5WithoutDisturbingTheTransfer() {
        try (RawPeer peer = new RawPeer(); RawPeer stray = new RawPeer()) {
            int tid = startTransfer(peer);
            peer.ack(5, tid);
            assertThat(peer.receive(SILENCE)).as("an ACK ahead of the window is ignored").isNull();
            stray.ack(1, tid);
            RawPeer.Reply toStray = stray.receive(ANSWER);
            assertThat(((ErrorPacket) toStray.packet()).code()).isEqualTo(TftpErrorCode.UNKNOWN_TID);
            peer.ack(1, tid);
            RawPeer.Reply next = peer.receive(ANSWER);
            assertThat(((Data) next.packet()).block()).as("the transfer goes on").isEqualTo(2);
            peer.abort(tid);
        }
        assertThat(fixture.metrics.rejected(PacketRejection.STRAY_TID)).isPositive();
        assertThat(fixture.metrics.rejected(PacketRejection.ACK_AHEAD_OF_WINDOW)).isPositive();
    }

    @Order(4)
    @Test
    void errorPacketsOfFourBytesAndWithoutNulEndTheTransfer() {
        for (String error : new String[] {"00050000", "000500016e6f6e756c"}) {
            // an earlier test's abort (its client's ERROR) may still be on its way to the counter
            long failedBefore = settled(() -> fixture.metrics.failed(TransferFailure.CLIENT_ERROR));
            try (RawPeer peer = new RawPeer()) {
                int tid = startTransfer(peer);
                peer.send(hex(error), tid);
                assertThat(peer.drain(Duration.ofMillis(1500))).as("nothing after the client's ERROR").isEmpty();
            }
            assertThat(fixture.metrics.failed(TransferFailure.CLIENT_ERROR)).isEqualTo(failedBefore + 1);
        }
    }

    /** The counter's value once it has not moved for 300 ms (at most 5 s). */
    private static long settled(java.util.function.LongSupplier counter) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long value = counter.getAsLong();
        long since = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - since < Duration.ofMillis(300).toNanos()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = counter.getAsLong();
            if (now != value) {
                value = now;
                since = System.nanoTime();
            }
        }
        return value;
    }

    @Order(5)
    @Test
    void error8AfterOackIsTheUefiSizeProbeAndEndsCleanly() {
        long probes = fixture.metrics.sizeProbes.sum();
        try (RawPeer peer = new RawPeer()) {
            peer.send(rrq("f", "octet", "tsize", "0", "blksize", "1468"), fixture.port());
            RawPeer.Reply oack = peer.receive(ANSWER);
            assertThat(((OptionAck) oack.packet()).options().get("tsize")).contains("100000");
            peer.send(new ErrorPacket(TftpErrorCode.OPTION_REFUSED, "User aborted the transfer"), oack.fromPort());
            assertThat(peer.drain(Duration.ofMillis(1500))).isEmpty();
        }
        assertThat(fixture.metrics.sizeProbes.sum()).isEqualTo(probes + 1);
    }

    @Order(6)
    @Test
    void dataSentToAReadTransferIsAnIllegalOperation() {
        try (RawPeer peer = new RawPeer()) {
            int tid = startTransfer(peer);
            peer.send(new Data(1, new byte[] {1, 2}), tid);
            RawPeer.Reply reply = peer.receive(ANSWER);
            assertThat(((ErrorPacket) reply.packet()).code()).isEqualTo(TftpErrorCode.ILLEGAL_OPERATION);
        }
        assertThat(fixture.metrics.failed(TransferFailure.ILLEGAL_OPERATION)).isPositive();
    }

    @Order(7)
    @Test
    void silenceAfterOackAndMidTransferTimesOutWithBackoffAndStops() {
        long timedOut = fixture.metrics.failed(TransferFailure.TIMED_OUT);
        try (RawPeer afterOack = new RawPeer(); RawPeer midway = new RawPeer()) {
            afterOack.send(rrq("f", "octet", "blksize", "1024"), fixture.port());
            int tid = startTransfer(midway);
            midway.ack(1, tid);
            // 400 + 800 + 800 ms of retries (3), then the end; everything must stop within a few seconds
            List<RawPeer.Reply> oacks = afterOack.drainUntilError(Duration.ofSeconds(30));
            List<RawPeer.Reply> datas = midway.drainUntilError(Duration.ofSeconds(30));
            assertThat(oacks).hasSize(1 + 3 + 1).allMatch(r -> r.packet() instanceof OptionAck
                    || r.packet() instanceof ErrorPacket);
            assertThat(oacks.get(oacks.size() - 1).packet()).isInstanceOf(ErrorPacket.class);
            assertThat(datas).hasSizeLessThanOrEqualTo(5);
            assertThat(datas.get(datas.size() - 1).packet()).isInstanceOf(ErrorPacket.class);
            // and then it has stopped: nothing more from either transfer
            assertThat(afterOack.drain(Duration.ofMillis(1200))).isEmpty();
            assertThat(midway.drain(Duration.ofMillis(300))).isEmpty();
        }
        assertThat(fixture.metrics.failed(TransferFailure.TIMED_OUT)).isEqualTo(timedOut + 2);
    }

    @Order(8)
    @Test
    void anRrqDuplicatedInTheNetworkOpensASecondTransferThatEndsOnError5() {
        try (RawPeer peer = new RawPeer()) {
            byte[] request = rrq("small", "octet");
            peer.send(request, fixture.port());
            peer.send(request, fixture.port());
            RawPeer.Reply a = peer.receive(ANSWER);
            RawPeer.Reply b = peer.receive(ANSWER);
            assertThat(a.fromPort()).isNotEqualTo(b.fromPort());
            peer.send(new ErrorPacket(TftpErrorCode.UNKNOWN_TID, "unknown transfer ID"), b.fromPort());
            peer.ack(1, a.fromPort());
            assertThat(peer.drain(Duration.ofMillis(600))).as("both transfers are over").isEmpty();
        }
    }

    @Order(9)
    @Test
    void aFileTruncatedMidTransferEndsWithAnErrorNotGarbage() throws IOException {
        Path victim = root.resolve("shrinking");
        Hashes.randomFile(victim, 200_000, 9);
        long changed = fixture.metrics.failed(TransferFailure.FILE_CHANGED);
        try (RawPeer peer = new RawPeer()) {
            peer.send(rrq("shrinking", "octet"), fixture.port());
            RawPeer.Reply first = peer.receive(ANSWER);
            try (var ch = java.nio.channels.FileChannel.open(victim, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(10_000);
            }
            RawPeer.Reply last = null;
            for (int block = 1; block < 400; block++) {
                peer.ack(block, first.fromPort());
                last = peer.receive(ANSWER);
                if (!(last.packet() instanceof Data d) || d.length() < 512) {
                    break;
                }
            }
            assertThat(last.packet()).as("an ERROR, not a short block of stale bytes").isInstanceOf(ErrorPacket.class);
        }
        assertThat(fixture.metrics.failed(TransferFailure.FILE_CHANGED)).isEqualTo(changed + 1);
    }

    @Order(10)
    @Test
    void requestFloodsFromOneAndManyPortsLeaveTheServerServing() throws Exception {
        long end = System.nanoTime() + Duration.ofMillis(700).toNanos();
        int sent = 0;
        try (RawPeer one = new RawPeer()) {
            List<RawPeer> many = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                many.add(new RawPeer());
            }
            byte[] missing = rrq("nope", "octet");
            byte[] present = rrq("small", "octet");
            while (System.nanoTime() < end) {
                one.send(missing, fixture.port());
                many.get(sent % many.size()).send(sent % 2 == 0 ? present : missing, fixture.port());
                sent += 2;
            }
            many.forEach(RawPeer::close);
        }
        assertThat(sent).isGreaterThan(1000);
        assertThat(fixture.metrics.refused(dev.orchard.tftp.spi.RefusalReason.TOO_MANY_FOR_CLIENT)
                + fixture.metrics.refused(dev.orchard.tftp.spi.RefusalReason.NOT_FOUND)).isPositive();
    }

    @Order(100)
    @Test
    void afterAllThatANormalClientIsServedAndNothingIsLeftOpen() throws Exception {
        // the flood left transfers whose clients vanished: they must time out and free everything
        fixture.awaitIdle(Duration.ofSeconds(20));
        try (TftpClient client = new TftpClient()) {
            TransferSink.DigestSink sink = TransferSink.digest();
            client.fetchAndWait(FetchRequest.of(fixture.address(), "f", sink).withBlockSize(1468).withWindowSize(8)
                    .withTransferSize(true), 20, TimeUnit.SECONDS);
            assertThat(sink.sha256()).isEqualTo(Hashes.sha256(root.resolve("f")));
        }
        fixture.awaitIdle(Duration.ofSeconds(10));
        assertThat(fixture.server.counters().dataSentForDuplicateAcks()).isZero();
    }
}
