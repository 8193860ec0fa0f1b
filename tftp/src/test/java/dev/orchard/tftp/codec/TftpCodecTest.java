package dev.orchard.tftp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TftpCodecTest {

    static Stream<TftpPacket> packets() {
        return Stream.of(
                ReadRequest.of("X.nbi/i386/booter", "octet"),
                new ReadRequest("f", "netascii", TftpOptions.of("blksize", "1468", "tsize", "0", "windowsize", "16")),
                new WriteRequest("up", "octet", TftpOptions.NONE),
                new Data(1, new byte[] {1, 2, 3}),
                new Data(65535, new byte[0]),
                new Ack(0),
                new Ack(65535),
                new ErrorPacket(TftpErrorCode.FILE_NOT_FOUND, "file not found"),
                new ErrorPacket(TftpErrorCode.of(42), ""),
                new OptionAck(TftpOptions.of("tsize", "1048576")));
    }

    @ParameterizedTest
    @MethodSource("packets")
    void roundTrip(TftpPacket packet) throws Exception {
        ByteBuf buf = TftpEncoder.encode(packet, ByteBufAllocator.DEFAULT);
        try {
            assertThat(TftpDecoder.decode(buf)).isEqualTo(packet);
            assertThat(buf.readerIndex()).as("decoder does not move the reader index").isZero();
        } finally {
            buf.release();
        }
    }

    @Test
    void rrqBytesAreExactlyRfc1350() {
        ByteBuf buf = TftpEncoder.encode(new ReadRequest("a", "octet", TftpOptions.of("tsize", "0")),
                ByteBufAllocator.DEFAULT);
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.getBytes(0, bytes);
            assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("0001" + "6100" + "6f6374657400" + "7473697a6500" + "3000");
        } finally {
            buf.release();
        }
    }

    @Test
    void optionNamesAreCaseInsensitiveAndValuesKept() throws Exception {
        TftpPacket p = decode(rrq("f", "OCTET", "BlkSize", "1468"));
        assertThat(((ReadRequest) p).options().get("blksize")).contains("1468");
        assertThat(((ReadRequest) p).mode()).isEqualTo("OCTET");
    }

    static Stream<Object[]> malformed() {
        return Stream.of(
                new Object[] {"", MalformedPacketException.Reason.TOO_SHORT},
                new Object[] {"00", MalformedPacketException.Reason.TOO_SHORT},
                new Object[] {"0000", MalformedPacketException.Reason.UNKNOWN_OPCODE},
                new Object[] {"0007", MalformedPacketException.Reason.UNKNOWN_OPCODE},
                new Object[] {"ffff00", MalformedPacketException.Reason.UNKNOWN_OPCODE},
                new Object[] {"000166", MalformedPacketException.Reason.MISSING_TERMINATOR},
                new Object[] {"0001660061", MalformedPacketException.Reason.MISSING_TERMINATOR},
                new Object[] {"00040001".substring(0, 6), MalformedPacketException.Reason.TOO_SHORT},
                new Object[] {"000300", MalformedPacketException.Reason.TOO_SHORT},
                new Object[] {"000500", MalformedPacketException.Reason.TOO_SHORT});
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedBytesThrowTheOneException(String hex, MalformedPacketException.Reason reason) {
        assertThatThrownBy(() -> decode(HexFormat.of().parseHex(hex)))
                .isInstanceOf(MalformedPacketException.class)
                .extracting(e -> ((MalformedPacketException) e).reason()).isEqualTo(reason);
    }

    @Test
    void requestsOver512OctetsAreRefused() {
        String name = "n".repeat(600);
        assertThatThrownBy(() -> decode(rrq(name, "octet")))
                .extracting(e -> ((MalformedPacketException) e).reason())
                .isEqualTo(MalformedPacketException.Reason.TOO_LONG);
    }

    @Test
    void duplicateOptionAndOptionWithoutValueAreRefused() {
        assertThatThrownBy(() -> decode(rrq("f", "octet", "blksize", "512", "BLKSIZE", "1024")))
                .extracting(e -> ((MalformedPacketException) e).reason())
                .isEqualTo(MalformedPacketException.Reason.DUPLICATE_OPTION);
        byte[] noValue = concat(rrq("f", "octet"), "blksize\0".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> decode(noValue))
                .extracting(e -> ((MalformedPacketException) e).reason())
                .isEqualTo(MalformedPacketException.Reason.OPTION_WITHOUT_VALUE);
    }

    @Test
    void tooManyOptionsAreRefused() {
        String[] pairs = new String[2 * 40];
        for (int i = 0; i < 40; i++) {
            pairs[2 * i] = "o" + i;
            pairs[2 * i + 1] = "1";
        }
        assertThatThrownBy(() -> decode(rrq("f", "octet", pairs)))
                .extracting(e -> ((MalformedPacketException) e).reason())
                .isEqualTo(MalformedPacketException.Reason.TOO_MANY_OPTIONS);
    }

    @Test
    void errorWithoutNulIsKeptLeniently() throws Exception {
        TftpPacket p = decode(HexFormat.of().parseHex("00050008" + "6869"));
        assertThat(p).isEqualTo(new ErrorPacket(TftpErrorCode.OPTION_REFUSED, "hi"));
        assertThat(decode(HexFormat.of().parseHex("00050001"))).isEqualTo(new ErrorPacket(TftpErrorCode.FILE_NOT_FOUND, ""));
    }

    @Test
    void dataPayloadIsCopiedAndBounded() {
        byte[] payload = {1, 2};
        Data d = new Data(1, payload);
        payload[0] = 9;
        assertThat(d.payload()[0]).isEqualTo((byte) 1);
        assertThatThrownBy(() -> new Data(70000, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] rrq(String name, String mode, String... options) {
        List<String> parts = new java.util.ArrayList<>(List.of(name, mode));
        parts.addAll(List.of(options));
        byte[] head = {0, 1};
        for (String p : parts) {
            head = concat(head, (p + "\0").getBytes(StandardCharsets.ISO_8859_1));
        }
        return head;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static TftpPacket decode(byte[] bytes) throws MalformedPacketException {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return TftpDecoder.decode(buf);
        } finally {
            buf.release();
        }
    }
}
