package dev.orchard.tftp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the decoder two ways: arbitrary byte strings, and a seeded mutator over valid packets (flip,
 * insert, delete, truncate, duplicate a run). Nothing but {@link MalformedPacketException} may escape, and
 * whatever decodes must encode back to a packet that decodes to the same value.
 */
class TftpDecoderFuzzTest {

    private static final List<TftpPacket> SEEDS = List.of(
            new ReadRequest("X.nbi/i386/booter", "octet",
                    TftpOptions.of("blksize", "1468", "tsize", "0", "windowsize", "16", "timeout", "5")),
            new WriteRequest("f", "netascii", TftpOptions.NONE),
            new Data(7, new byte[] {0, 1, 2, 3, 0, 0}),
            new Ack(65535),
            new ErrorPacket(TftpErrorCode.OPTION_REFUSED, "User aborted the transfer"),
            new OptionAck(TftpOptions.of("tsize", "123", "blksize", "512")));

    @Property(tries = 3000)
    void arbitraryBytesOnlyEverThrowMalformed(@ForAll("datagrams") byte[] bytes) {
        decodeAndCheck(bytes);
    }

    @Property(tries = 4000)
    void mutatedValidPacketsOnlyEverThrowMalformed(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        byte[] bytes = encode(SEEDS.get(random.nextInt(SEEDS.size())));
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            bytes = mutate(bytes, random);
        }
        decodeAndCheck(bytes);
    }

    @Provide
    Arbitrary<byte[]> datagrams() {
        Arbitrary<byte[]> opcodeBiased = Arbitraries.bytes().array(byte[].class).ofMaxSize(700)
                .map(b -> {
                    if (b.length >= 2) {
                        b[0] = 0;
                        b[1] = (byte) (b[1] & 7);
                    }
                    return b;
                });
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(64), opcodeBiased);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    private static void decodeAndCheck(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            TftpPacket p = TftpDecoder.decode(buf);
            ByteBuf again = TftpEncoder.encode(p, ByteBufAllocator.DEFAULT);
            try {
                assertThat(TftpDecoder.decode(again)).isEqualTo(p);
            } finally {
                again.release();
            }
        } catch (MalformedPacketException expected) {
            assertThat(expected.reason()).isNotNull();
        } finally {
            buf.release();
        }
    }

    private static byte[] encode(TftpPacket p) {
        ByteBuf buf = TftpEncoder.encode(p, ByteBufAllocator.DEFAULT);
        try {
            byte[] b = new byte[buf.readableBytes()];
            buf.getBytes(0, b);
            return b;
        } finally {
            buf.release();
        }
    }

    private static byte[] mutate(byte[] in, Random r) {
        if (in.length == 0) {
            return new byte[] {(byte) r.nextInt()};
        }
        int at = r.nextInt(in.length);
        switch (r.nextInt(6)) {
            case 0 -> {
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << r.nextInt(8));
                return out;
            }
            case 1 -> {
                byte[] out = in.clone();
                out[at] = (byte) (r.nextBoolean() ? 0 : r.nextInt());
                return out;
            }
            case 2 -> {
                return java.util.Arrays.copyOf(in, at);
            }
            case 3 -> {
                byte[] out = new byte[in.length - 1];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + 1, out, at, in.length - at - 1);
                return out;
            }
            case 4 -> {
                byte[] out = new byte[in.length + 1];
                System.arraycopy(in, 0, out, 0, at);
                out[at] = (byte) r.nextInt();
                System.arraycopy(in, at, out, at + 1, in.length - at);
                return out;
            }
            default -> {
                int len = 1 + r.nextInt(Math.min(64, in.length - at));
                int times = 1 + r.nextInt(20);
                byte[] out = java.util.Arrays.copyOf(in, in.length + len * times);
                for (int t = 0; t < times; t++) {
                    System.arraycopy(in, at, out, in.length + t * len, len);
                }
                return out;
            }
        }
    }
}
