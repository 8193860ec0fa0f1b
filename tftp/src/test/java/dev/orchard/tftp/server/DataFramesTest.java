package dev.orchard.tftp.server;

import dev.orchard.tftp.transport.UdpTransport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.SegmentedDatagramPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The layout of a window's DATA datagrams, as GSO trains and as single datagrams. */
class DataFramesTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 4242);
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    /** Builds blocks {@code 1..n} of {@code blockSize} octets (the last one {@code lastLength}), each filled with its number. */
    private static boolean window(EmbeddedChannel channel, DataFrames frames, int n, int blockSize, int lastLength,
                                  boolean gso) {
        frames.begin(channel, n);
        for (int b = 1; b <= n; b++) {
            frames.header(b);
            byte[] payload = new byte[b == n ? lastLength : blockSize];
            java.util.Arrays.fill(payload, (byte) b);
            frames.buffer().writeBytes(payload); // one call: paranoid leak detection records every access
        }
        boolean sent = frames.write(channel, PEER, gso);
        channel.flushOutbound();
        return sent;
    }

    private List<DatagramPacket> written() {
        List<DatagramPacket> out = new ArrayList<>();
        for (Object m; (m = channel.readOutbound()) != null; ) {
            out.add((DatagramPacket) m);
        }
        return out;
    }

    /** Splits a datagram's content into frames of {@code frameSize} and checks opcode, block and payload. */
    private static int checkFrames(ByteBuf content, int frameSize, int firstBlock) {
        int block = firstBlock;
        for (int at = content.readerIndex(); at < content.writerIndex(); at += frameSize, block++) {
            int length = Math.min(frameSize, content.writerIndex() - at);
            assertThat(content.getUnsignedShort(at)).isEqualTo(3);
            assertThat(content.getUnsignedShort(at + 2)).isEqualTo(block);
            byte[] expected = new byte[length - 4];
            java.util.Arrays.fill(expected, (byte) block);
            assertThat(ByteBufUtil.getBytes(content, at + 4, length - 4)).as("payload of block %d", block).isEqualTo(expected);
        }
        return block;
    }

    @Test
    void aWindowGoesOutAsGsoTrainsOfAtMostFortyFourDatagramsAt1468() {
        DataFrames frames = new DataFrames(1468);
        assertThat(window(channel, frames, 100, 1468, 700, true)).isTrue();
        List<DatagramPacket> out = written();
        // 65507 / 1472 = 44 datagrams per send: 44 + 44 + 12
        assertThat(out).hasSize(3).allSatisfy(p -> {
            assertThat(p).isInstanceOf(SegmentedDatagramPacket.class);
            assertThat(((SegmentedDatagramPacket) p).segmentSize()).isEqualTo(1472);
            assertThat(p.recipient()).isEqualTo(PEER);
        });
        assertThat(out.get(0).content().readableBytes()).isEqualTo(44 * 1472);
        assertThat(out.get(2).content().readableBytes()).isEqualTo(11 * 1472 + 4 + 700);
        int next = 1;
        for (DatagramPacket p : out) {
            next = checkFrames(p.content(), 1472, next);
            p.release();
        }
        assertThat(next).isEqualTo(101);
        frames.close();
    }

    @Test
    void withoutGsoEachBlockIsItsOwnDatagram() {
        DataFrames frames = new DataFrames(512);
        assertThat(window(channel, frames, 5, 512, 0, false)).isFalse();
        List<DatagramPacket> out = written();
        assertThat(out).hasSize(5);
        assertThat(out).extracting(p -> p.content().readableBytes()).containsExactly(516, 516, 516, 516, 4);
        int next = 1;
        for (DatagramPacket p : out) {
            assertThat(p).isNotInstanceOf(SegmentedDatagramPacket.class);
            next = checkFrames(p.content(), 516, next);
            p.release();
        }
        frames.close();
    }

    @Test
    void oneBlockIsAPlainDatagramEvenWithGso() {
        DataFrames frames = new DataFrames(1468);
        assertThat(window(channel, frames, 1, 1468, 1468, true)).isFalse();
        List<DatagramPacket> out = written();
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).isNotInstanceOf(SegmentedDatagramPacket.class);
        out.get(0).release();
        frames.close();
    }

    @Test
    void largeBlocksThatDoNotFitTwiceInADatagramAreNeverSegmented() {
        assertThat(SegmentationOffload.segmentsPerSend(4 + 32768)).isOne();
        DataFrames frames = new DataFrames(32768);
        assertThat(window(channel, frames, 3, 32768, 10, true)).isFalse();
        List<DatagramPacket> out = written();
        assertThat(out).hasSize(3).noneMatch(p -> p instanceof SegmentedDatagramPacket);
        out.forEach(DatagramPacket::release);
        frames.close();
    }

    @Test
    void theBufferIsReusedOnceTheKernelHasTakenEveryDatagramAndFreedOnClose() {
        DataFrames frames = new DataFrames(1468);
        window(channel, frames, 16, 1468, 1468, true);
        assertThat(frames.buffer()).as("no batch open after write").isNull();
        List<DatagramPacket> queued = written(); // not released yet: still "in the socket buffer"
        frames.begin(channel, 16);
        ByteBuf fresh = frames.buffer();
        assertThat(fresh.refCnt()).as("a fresh buffer, not the one the queued datagrams hold").isOne();
        frames.discard();
        queued.forEach(DatagramPacket::release); // the kernel took them
        frames.begin(channel, 16);
        assertThat(frames.buffer()).as("nothing in flight: reused").isSameAs(fresh);
        frames.discard();
        frames.close();
        assertThat(fresh.refCnt()).isZero();
    }

    @Test
    void onlyTheKernelRefusingSegmentationSwitchesGsoOff() {
        assumeTrue(UdpTransport.nativeEpoll(), "GSO exists only with the native epoll transport");
        SegmentationOffload gso = new SegmentationOffload(true);
        boolean available = gso.enabled();
        assertThat(available).isEqualTo(UdpTransport.segmentationOffloadAvailable());
        gso.sendFailed(new Errors.NativeIoException("sendmmsg", -1)); // EPERM, e.g. a firewall
        gso.sendFailed(new IOException("not from the kernel"));
        assertThat(gso.enabled()).isEqualTo(available);
        gso.sendFailed(new Errors.NativeIoException("sendmmsg", -22)); // EINVAL: segment above the path MTU
        assertThat(gso.enabled()).isFalse();
        assertThat(new SegmentationOffload(false).enabled()).isFalse();
    }
}
